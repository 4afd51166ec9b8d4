import { describe, expect, it } from "vitest";
import { STATEMENT_STATUSES } from "./commission.schemas.ts";
import { attachmentContentProblem, currentRound, disputeAgeHours, disputeRefusal, isOverSla, statusAfterDisputes, type DisputeSpan } from "./disputes.rules.ts";
import { base64Size, ZDisputeAttachmentInput, ZRaiseDisputeInput, ZResolveDisputeInput } from "./disputes.schemas.ts";

const at = (hour: number) => new Date(Date.UTC(2017, 0, 1, hour));
const d = (from: number, to: number | null, status: DisputeSpan["status"]): DisputeSpan => ({ createdAt: at(from), resolvedAt: to === null ? null : at(to), status });

describe("which statements take a dispute", () => {
  const expected: Record<string, string | null> = {
    draft: "settlement.errors.statementNotIssued",
    issued: null,
    disputed: null,
    confirmed: "settlement.errors.statementConfirmed",
    approved: "settlement.errors.statementLockedForDisputes",
    paid: "settlement.errors.statementLockedForDisputes",
  };
  it.each(STATEMENT_STATUSES)("%s", (status) => {
    expect(disputeRefusal(status)).toBe(expected[status]);
  });
});

describe("where the statement goes when its last dispute is resolved", () => {
  it.each<[string, DisputeSpan[], "issued" | "confirmed" | null]>([
    ["one rejected", [d(0, 5, "rejected")], "confirmed"],
    ["one withdrawn", [d(0, 5, "withdrawn")], "confirmed"],
    ["one accepted: the partner confirms the new figures", [d(0, 5, "accepted")], "issued"],
    ["still one open", [d(0, 5, "accepted"), d(1, null, "open")], null],
    ["two overlapping, one accepted: the round changed the lines", [d(0, 3, "accepted"), d(1, 6, "rejected")], "issued"],
    ["an earlier round's acceptance does not count in a later round", [d(0, 3, "accepted"), d(10, 12, "rejected")], "confirmed"],
    ["a dispute raised the moment the last one closed continues the round", [d(0, 3, "accepted"), d(3, 5, "rejected")], "issued"],
    ["rounds are found whatever the order given", [d(10, 12, "rejected"), d(0, 3, "accepted"), d(11, 14, "accepted")], "issued"],
  ])("%s", (_name, disputes, expected) => {
    expect(statusAfterDisputes(disputes)).toBe(expected);
  });

  it("the current round is the last run of overlapping disputes", () => {
    const round = currentRound([d(0, 2, "accepted"), d(5, 9, "rejected"), d(6, 7, "withdrawn"), d(8, 12, "accepted")]);
    expect(round.map((r) => r.createdAt.getUTCHours())).toEqual([5, 6, 8]);
  });
});

describe("SLA age", () => {
  it.each<[string, number, number | null, number, number, boolean]>([
    ["just raised", 0, null, 0, 0, false],
    ["open 119 hours", 0, null, 119, 119, false],
    ["open exactly the target", 0, null, 120, 120, true],
    ["resolved in time: the clock stopped", 0, 100, 500, 100, false],
    ["resolved late", 0, 130, 500, 130, true],
  ])("%s", (_name, from, resolved, now, hours, over) => {
    expect(disputeAgeHours(at(from), resolved === null ? null : at(resolved), at(now))).toBe(hours);
    expect(isOverSla(at(from), resolved === null ? null : at(resolved), at(now), 120)).toBe(over);
  });

  it("a clock running behind never shows a negative age", () => {
    expect(disputeAgeHours(at(5), null, at(4))).toBe(0);
  });
});

describe("attachments", () => {
  const bytes = (...values: number[]) => new Uint8Array(values);
  const text = (value: string) => new TextEncoder().encode(value);
  it.each<[string, Parameters<typeof attachmentContentProblem>[0], Uint8Array, string | null]>([
    ["a PDF", "pdf", text("%PDF-1.7\n…"), null],
    ["a PNG", "png", bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0), null],
    ["a JPEG named .jpg", "jpg", bytes(0xff, 0xd8, 0xff, 0xe0), null],
    ["an XLSX (a zip)", "xlsx", bytes(0x50, 0x4b, 0x03, 0x04, 0x14), null],
    ["a CSV in UTF-8", "csv", text("订单号,金额\nSO-1,100.00\n"), null],
    ["an executable named .pdf", "pdf", bytes(0x4d, 0x5a, 0x90, 0x00), "settlement.errors.attachmentContent"],
    ["a PNG named .jpg", "jpg", bytes(0x89, 0x50, 0x4e, 0x47), "settlement.errors.attachmentContent"],
    ["binary named .csv", "csv", bytes(0x41, 0x00, 0x42), "settlement.errors.attachmentContent"],
    ["an empty file", "png", bytes(), "settlement.errors.attachmentEmpty"],
  ])("%s", (_name, extension, content, expected) => {
    expect(attachmentContentProblem(extension, content)).toBe(expected);
  });

  const issues = (input: unknown) => {
    const result = ZDisputeAttachmentInput.safeParse(input);
    return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}:${i.message}`);
  };
  it.each<[string, unknown, string[]]>([
    ["a PDF in base64", { fileName: "凭证.PDF", contentBase64: Buffer.from("%PDF-1.4").toString("base64") }, []],
    ["a data URL", { fileName: "a.png", contentBase64: `data:image/png;base64,${Buffer.from("x").toString("base64")}` }, []],
    ["a type we do not take", { fileName: "run.exe", contentBase64: "AAAA" }, ["fileName:settlement.errors.attachmentType"]],
    ["no extension", { fileName: "凭证", contentBase64: "AAAA" }, ["fileName:settlement.errors.attachmentType"]],
    ["not base64", { fileName: "a.pdf", contentBase64: "这不是base64" }, ["contentBase64:settlement.errors.attachmentEncoding"]],
    ["over 5 MB", { fileName: "a.pdf", contentBase64: "A".repeat(Math.ceil((5 * 1024 * 1024 + 3) / 3) * 4) }, ["contentBase64:settlement.errors.attachmentTooLarge"]],
    ["exactly 5 MB", { fileName: "a.pdf", contentBase64: Buffer.alloc(5 * 1024 * 1024).toString("base64") }, []],
  ])("%s", (_name, input, expected) => {
    expect(issues(input)).toEqual(expected);
  });

  it("sizes base64 without decoding it", () => {
    for (const n of [1, 2, 3, 4, 5, 1000]) expect(base64Size(Buffer.alloc(n).toString("base64"))).toBe(n);
  });
});

describe("input", () => {
  it("a dispute needs a reason; the expected amount may be negative, blank is none, separators are fine", () => {
    expect(ZRaiseDisputeInput.safeParse({ id: "x", lineId: "y", reason: "  " }).success).toBe(false);
    expect(ZRaiseDisputeInput.parse({ id: "x", lineId: "y", reason: "少算了", expectedAmount: "-1,200.50" }).expectedAmount).toBe("-1200.50");
    expect(ZRaiseDisputeInput.parse({ id: "x", lineId: "y", reason: "少算了", expectedAmount: "" }).expectedAmount).toBeNull();
    expect(ZRaiseDisputeInput.safeParse({ id: "x", lineId: "y", reason: "少算了", expectedAmount: "12.345" }).success).toBe(false);
  });

  const resolveIssues = (input: unknown) => {
    const result = ZResolveDisputeInput.safeParse(input);
    return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}:${i.message}`);
  };
  it.each<[string, unknown, string[]]>([
    ["accept with a correction", { id: "x", decision: "accept", amount: "-120.00" }, []],
    ["accept without an amount", { id: "x", decision: "accept", note: "同意" }, ["amount:settlement.errors.amountRequired"]],
    ["accept with zero", { id: "x", decision: "accept", amount: "0.00" }, ["amount:settlement.errors.amountNonZero"]],
    ["accept with a float-ish amount", { id: "x", decision: "accept", amount: "1e3" }, ["amount:settlement.errors.amountFormat"]],
    ["reject with a reason", { id: "x", decision: "reject", note: "订单不属于该期间" }, []],
    ["reject without a reason", { id: "x", decision: "reject", note: " " }, ["note:settlement.errors.rejectNoteRequired"]],
  ])("%s", (_name, input, expected) => {
    expect(resolveIssues(input)).toEqual(expected);
  });
});
