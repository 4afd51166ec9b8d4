import { expect, invoke, test } from "@qudao/plugins/sdk";
import { OBJ, TICKET_STATUS } from "../src/model.ts";
import { ADMIN, DEALER, MANAGER, REP, SPINDLE, STAFF, catalog, equipment, id, ticket, type Ctx } from "./fixtures.ts";

const T = TICKET_STATUS;
const strip = (r: Record<string, unknown>) => {
  const { id: _id, object: _object, partnerId: _partnerId, ...rest } = r;
  return rest;
};
const NOW = "2026-01-05T01:00:00.000Z";

test("a new ticket: reported now, due by its priority's SLA hours, in warranty as its equipment is today", () => {
  const record = { subject: "主轴异响", equipment: id(300), priority: "high", [T]: "new" };
  expect(invoke("computeTicket", { actor: REP, recordPartnerId: DEALER, record }, { records: [equipment(0)] })).toEqual({
    reportedAt: NOW,
    inWarranty: true,
    dueAt: "2026-01-05T09:00:00.000Z",
    resolvedAt: null,
    slaStatus: "onTrack",
  });
  expect(invoke("computeTicket", { record: { ...record, priority: "urgent" }, settings: { slaHoursUrgent: 2 } }, { records: [equipment(0, { warrantyEnd: "2025-12-31" })] })).toMatchObject({
    dueAt: "2026-01-05T03:00:00.000Z",
    inWarranty: false,
  });
});

test("resolving stamps the time and whether the SLA was met; an open ticket past due is overdue", () => {
  const open = strip(ticket(1));
  const resolve = (now: string) => invoke("computeTicket", { now, operation: "update", previous: open, record: { ...open, [T]: "resolved", resolution: "更换轴承" } });
  expect(resolve("2026-01-04T08:59:00.000Z")).toMatchObject({ resolvedAt: "2026-01-04T08:59:00.000Z", slaStatus: "met" });
  expect(resolve("2026-01-04T09:00:01.000Z")).toMatchObject({ slaStatus: "missed" });
  expect(invoke("computeTicket", { operation: "update", previous: open, record: { ...open, technician: "张工" } })).toMatchObject({ slaStatus: "overdue", resolvedAt: null });
  expect(invoke("computeTicket", { operation: "update", previous: open, record: { ...open, priority: "low" } })).toMatchObject({ dueAt: "2026-01-07T01:00:00.000Z", slaStatus: "onTrack" });
});

test("a ticket is assigned to a named technician and resolved with a resolution", () => {
  const fresh = strip(ticket(1, { technician: null, [T]: "new" }));
  expect(invoke("checkTicket", { operation: "update", previous: fresh, record: { ...fresh, [T]: "assigned" } }, { records: [equipment(0)] })).toEqual([{ field: "technician", messageKey: "ticket.technicianRequired" }]);
  const assigned = strip(ticket(1));
  expect(invoke("checkTicket", { operation: "update", previous: assigned, record: { ...assigned, [T]: "resolved" } }, { records: [equipment(0)] })).toEqual([{ field: "resolution", messageKey: "ticket.resolutionRequired" }]);
  expect(invoke("checkTicket", { operation: "update", previous: assigned, record: { ...assigned, [T]: "resolved", resolution: "更换主轴轴承" } }, { records: [equipment(0)] })).toEqual([]);
  expect(invoke("checkTicket", { operation: "update", previous: assigned, record: { ...assigned, [T]: "closed" } }, { records: [equipment(0)] })).toEqual([]);
});

test("retired equipment gets no new tickets", () => {
  expect(invoke("checkTicket", { record: { subject: "x", equipment: id(300), priority: "low", [T]: "new" } }, { records: [equipment(0, { status: "retired" })] })).toEqual([
    { field: "equipment", messageKey: "ticket.equipmentRetired", params: { serial: "CK-2025-AB1000" } },
  ]);
});

test("overdue open tickets are escalated once: marked, managers notified, a task, an automation event — oldest first", () => {
  const records = [
    ticket(1, { dueAt: "2026-01-04T23:00:00.000Z", priority: "normal" }),
    ticket(2, { dueAt: "2026-01-04T09:00:00.000Z", [T]: "new", inWarranty: false }),
    ticket(3, { dueAt: "2026-01-04T09:00:00.000Z", escalatedAt: "2026-01-04T09:15:00.000Z" }),
    ticket(4, { dueAt: "2026-01-05T02:00:00.000Z" }),
    ticket(5, { dueAt: "2026-01-04T08:00:00.000Z", [T]: "resolved" }),
  ];
  const intents = invoke<Array<Record<string, unknown>>>("escalateOverdueTickets", {}, { records });
  expect(intents).toHaveLength(8);
  expect(intents.slice(0, 4)).toEqual([
    { type: "patch", object: OBJ.serviceTicket, id: id(402), set: { escalatedAt: NOW, slaStatus: "overdue" } },
    { type: "notify", roles: ["manager", "admin"], titleKey: "notify.ticketOverdue.title", bodyKey: "notify.ticketOverdue.body", params: { ticket: "主轴异响 2", hours: "16" }, link: { object: OBJ.serviceTicket, id: id(402) } },
    { type: "createTask", titleKey: "task.ticketOverdue", params: { ticket: "主轴异响 2" }, note: "李师傅 · 2026-01-04T09:00:00.000Z", dueAt: "2026-01-05T03:00:00.000Z" },
    { type: "emitEvent", name: "qudao.manufacturing.ticketOverdue", payload: { ticketId: id(402), priority: "high", hoursOverdue: "16", inWarranty: false } },
  ]);
  expect(intents[4]).toEqual({ type: "patch", object: OBJ.serviceTicket, id: id(401), set: { escalatedAt: NOW, slaStatus: "overdue" } });
  expect(intents[7]).toMatchObject({ type: "emitEvent", payload: { ticketId: id(401), hoursOverdue: "2", inWarranty: true } });
});

const claim = (over: Record<string, unknown> = {}) => ({ subject: "主轴轴承保修", ticket: id(401), description: "轴承磨损，已更换", laborAmount: "1200.50", decisionNote: null, qudao_manufacturing__claimStatus: "submitted", ...over });
const usages = [
  { id: id(500), object: OBJ.partUsage, ticket: id(401), part: SPINDLE, quantity: 2, partnerId: DEALER },
  { id: id(501), object: OBJ.partUsage, ticket: id(402), part: SPINDLE, quantity: 5, partnerId: DEALER },
];

test("a claim's amount is its labour plus the ticket's parts at list price, to the cent", () => {
  expect(invoke("computeWarrantyClaim", { record: claim() }, { records: [...catalog, ...usages] })).toEqual({ partsAmount: "37000.00", amount: "38200.50" });
  expect(invoke("computeWarrantyClaim", { record: claim({ laborAmount: null, ticket: id(403) }) }, { records: [...catalog, ...usages] })).toEqual({ partsAmount: "0.00", amount: "0.00" });
});

test("deciding a claim stamps who and when; moving it back clears them", () => {
  const decide = invoke("computeWarrantyClaim", { actor: STAFF, operation: "update", previous: claim(), record: claim({ qudao_manufacturing__claimStatus: "approved" }) }, { records: [...catalog, ...usages] });
  expect(decide).toMatchObject({ decidedBy: STAFF.userId, decidedAt: NOW });
});

const resolved = ticket(1, { [T]: "resolved", resolution: "更换轴承" });
const checkClaim = (ctx: Ctx, records: Record<string, unknown>[] = [resolved, equipment(0)]) => invoke("checkWarrantyClaim", { actor: REP, recordPartnerId: DEALER, ...ctx }, { records: records as never });

test("a claim is for a resolved ticket of equipment in warranty, once per ticket, for an amount above zero", () => {
  expect(checkClaim({ record: claim({ amount: "38200.50" }) })).toEqual([]);
  expect(checkClaim({ record: claim({ amount: "38200.50" }) }, [{ ...resolved, inWarranty: false }, equipment(0)])).toEqual([{ field: "ticket", messageKey: "claim.notInWarranty", params: { serial: "CK-2025-AB1000" } }]);
  expect(checkClaim({ record: claim({ amount: "38200.50" }) }, [ticket(1), equipment(0)])).toEqual([{ field: "ticket", messageKey: "claim.ticketNotResolved" }]);
  expect(checkClaim({ record: claim({ amount: "38200.50" }) }, [resolved, equipment(0), { id: id(700), object: OBJ.warrantyClaim, ticket: id(401), subject: "先前的索赔" }])).toEqual([
    { field: "ticket", messageKey: "claim.duplicate", params: { claim: "先前的索赔" } },
  ]);
  expect(checkClaim({ record: claim({ amount: "0.00" }) })).toEqual([{ field: "laborAmount", messageKey: "claim.amountZero" }]);
});

test("only a manager, an admin or the manufacturer decides a claim; a rejection says why; a decision is final", () => {
  const moveTo = (to: string, over: Record<string, unknown> = {}) => ({ operation: "update" as const, previous: claim({ amount: "38200.50" }), record: claim({ amount: "38200.50", qudao_manufacturing__claimStatus: to, ...over }) });
  expect(checkClaim({ ...moveTo("approved") })).toEqual([{ messageKey: "claim.approvalRequiresManager" }]);
  expect(checkClaim({ actor: MANAGER, ...moveTo("approved") })).toEqual([]);
  expect(checkClaim({ actor: ADMIN, ...moveTo("approved") })).toEqual([]);
  expect(checkClaim({ actor: STAFF, recordPartnerId: DEALER, ...moveTo("approved") })).toEqual([]);
  expect(checkClaim({ actor: STAFF, ...moveTo("rejected") })).toEqual([{ field: "decisionNote", messageKey: "claim.decisionNoteRequired" }]);
  expect(checkClaim({ actor: STAFF, ...moveTo("rejected", { decisionNote: "超出保修范围（人为损坏）" }) })).toEqual([]);
  const approved = claim({ amount: "38200.50", qudao_manufacturing__claimStatus: "approved" });
  expect(checkClaim({ actor: STAFF, operation: "update", previous: approved, record: { ...approved, qudao_manufacturing__claimStatus: "rejected", decisionNote: "改判" } })).toEqual([{ messageKey: "claim.alreadyDecided" }]);
  expect(checkClaim({ actor: MANAGER, operation: "update", previous: approved, record: { ...approved, laborAmount: "9999.00" } })).toEqual([{ messageKey: "claim.locked" }]);
});

test("a ticket taken by phone earlier keeps its report time (the SLA runs from it), never one in the future", () => {
  const record = { subject: "主轴异响", equipment: id(300), priority: "normal", reportedAt: "2026-01-04T00:30:00.000Z", [T]: "new" };
  expect(invoke("computeTicket", { record }, { records: [equipment(0)] })).toMatchObject({ dueAt: "2026-01-05T00:30:00.000Z", slaStatus: "overdue", inWarranty: true });
  expect(invoke("checkTicket", { record: { ...record, reportedAt: "2026-01-05T01:06:00.000Z" } }, { records: [equipment(0)] })).toEqual([{ field: "reportedAt", messageKey: "ticket.reportedInFuture" }]);
  expect(invoke("checkTicket", { record: { ...record, reportedAt: "2026-01-05T01:04:00.000Z" } }, { records: [equipment(0)] })).toEqual([]);
});
