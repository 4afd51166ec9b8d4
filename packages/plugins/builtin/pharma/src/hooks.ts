import { decimal, definePlugin, type ComputeContext, type EventContext, type Intent, type RecordData, type RecordReader, type ValidateContext, type ValidationIssue } from "@qudao/plugins/sdk";
import { parseProposedValues } from "./change-requests.ts";
import { flowCredit } from "./commission.ts";
import { complianceIssues, FORBIDDEN_FIELD_PATTERN } from "./compliance.ts";
import { normalizeHospitalName, normalizeProductName } from "./matching.ts";
import { channelInventory, countsAsCall, cycleAttainment, sampleReconciliation, sellThrough, unmatchedFlow } from "./reports.ts";
import {
  ACCESS_PIPELINE,
  AFFILIATION,
  CHANGE_REQUEST,
  CYCLE_PLAN,
  DEPARTMENT,
  FLOW_ROW,
  HCP,
  HOSPITAL,
  HOSPITAL_ALIAS,
  HOSPITAL_ACCESS,
  MONTH,
  NS,
  PRODUCT,
  QUARTER,
  REVIEW_PIPELINE,
  SAMPLE_ISSUE,
  SAMPLE_LOT,
  SPEND,
  VISIT,
  chinaToday,
  decimalSetting,
  int,
  intSetting,
  isDate,
  limitPeriodOf,
  monthsOfPeriod,
  obj,
  queryAll,
  quarterOfMonth,
  ref,
  text,
  type LimitPeriod,
} from "./common.ts";

/**
 * The pharma plugin's hooks. They never write: validate hooks refuse saves with messages in
 * locales/*.json, compute hooks fill computed fields, event hooks return intents, report hooks return
 * rows, the commission hook returns statement lines. Reads go through `ctx.records` (the record's
 * partner's records and the platform's master data, within the granted permissions).
 */

const VISIT_TEXT_FIELDS = ["subject", "attendees", "keyMessages", "nextSteps", "correctionReason"] as const;

function limitPeriod(settings: Record<string, unknown>): LimitPeriod {
  const value = settings.samplePeriod;
  return value === "month" || value === "year" ? value : "quarter";
}

/** The record's id on update (the host passes it for stored records), else null. */
function recordId(ctx: ValidateContext): string | null {
  return ref(ctx.record.id);
}

// ---------------------------------------------------------------------------------------------
// Call reports

function checkVisit(ctx: ValidateContext): ValidationIssue[] {
  const record = ctx.record;
  const previous = ctx.previous;
  // A submitted report is a record of what happened; the host refuses edits, this says why if it gets here.
  if (previous?.submitted === true) return [{ field: "submitted", messageKey: "visit.locked" }];
  const issues = complianceIssues(record, VISIT_TEXT_FIELDS, ctx.settings.forbiddenTerms);
  const submitting = record.submitted === true;
  if (submitting && isDate(record.visitDate) && record.visitDate > chinaToday(ctx.now)) {
    issues.push({ field: "visitDate", messageKey: "visit.futureDate", params: { date: record.visitDate } });
  }

  const hcp = ref(record.hcp);
  const hospital = ref(record.hospital);
  const department = ref(record.department);
  const corrects = ref(record.corrects);
  // All reads first, so that they are fetched in one round.
  const affiliations = hcp && hospital ? ctx.records.query(AFFILIATION, { hcp, hospital }, 1) : [];
  const departmentRecord = department ? ctx.records.get(DEPARTMENT, department) : null;
  const original = corrects ? ctx.records.get(VISIT, corrects) : null;
  const id = recordId(ctx);
  const withdrawsConsent = id !== null && record.consentRecorded !== true && previous?.consentRecorded === true;
  const changesDoctor = id !== null && previous !== null && ref(previous.hcp) !== hcp;
  const samples = withdrawsConsent || changesDoctor ? ctx.records.query(SAMPLE_ISSUE, { visit: id }, 1) : [];

  if (hcp && hospital && affiliations.length === 0) issues.push({ field: "hcp", messageKey: "visit.hcpNotAtHospital" });
  if (department && (!departmentRecord || ref(departmentRecord.hospital) !== hospital)) issues.push({ field: "department", messageKey: "visit.departmentOtherHospital" });
  if (corrects) {
    if (!original) issues.push({ field: "corrects", messageKey: "visit.correctsNotFound" });
    else if (original.submitted !== true) issues.push({ field: "corrects", messageKey: "visit.correctsDraft" });
    else if (ref(original.hcp) !== hcp) issues.push({ field: "corrects", messageKey: "visit.correctsOtherHcp" });
    if (text(record.correctionReason) === "") issues.push({ field: "correctionReason", messageKey: "visit.correctionReasonRequired" });
  }
  if (samples.length > 0 && withdrawsConsent) issues.push({ field: "consentRecorded", messageKey: "visit.consentNeededForSamples" });
  if (samples.length > 0 && changesDoctor) issues.push({ field: "hcp", messageKey: "visit.doctorHasSamples" });
  return issues;
}

function computeVisit(ctx: ComputeContext): Record<string, unknown> {
  return { month: isDate(ctx.record.visitDate) ? ctx.record.visitDate.slice(0, 7) : null };
}

// ---------------------------------------------------------------------------------------------
// Samples

/** Σ quantity of sample issues matching `where` in the given months (one query per month). */
function issuedIn(records: RecordReader, where: Record<string, string>, months: readonly string[]): number {
  let total = 0;
  for (const month of months) for (const issue of queryAll(records, SAMPLE_ISSUE, { ...where, month }, { maxRows: 1000, batch: 1 })) total += int(issue.quantity);
  return total;
}

function checkSampleIssue(ctx: ValidateContext): ValidationIssue[] {
  const record = ctx.record;
  const previous = ctx.previous;
  const quantity = int(record.quantity);
  const visitId = ref(record.visit);
  const hcp = ref(record.hcp);
  const lotId = ref(record.lot);
  const issuedOn = isDate(record.issuedOn) ? record.issuedOn : null;
  if (!visitId || !hcp || !lotId || !issuedOn || quantity <= 0) return [];

  const kind = limitPeriod(ctx.settings);
  const period = limitPeriodOf(issuedOn, kind);
  const months = kind === "year" ? monthsOfPeriod(period) : kind === "quarter" ? monthsOfPeriod(period) : [period];
  const issuedBy = text(record.issuedBy) || ctx.actor.userId || "";
  // Every read this check needs, asked for before any of them is used (one round).
  const visit = ctx.records.get(VISIT, visitId);
  const lot = ctx.records.get(SAMPLE_LOT, lotId);
  const lotIssues = queryAll(ctx.records, SAMPLE_ISSUE, { lot: lotId }, { maxRows: 4000, batch: 2 });
  const hcpIssued = issuedIn(ctx.records, { hcp }, months);
  const repIssued = issuedBy ? issuedIn(ctx.records, { issuedBy }, months) : 0;

  // On update the stored version of this record is among what was read: take it out once.
  const prevQuantity = previous ? int(previous.quantity) : 0;
  const prevMonth = previous && isDate(previous.issuedOn) ? previous.issuedOn.slice(0, 7) : "";
  const prevInPeriod = previous !== null && months.includes(prevMonth);

  const issues: ValidationIssue[] = [];
  if (!visit) issues.push({ field: "visit", messageKey: "sample.visitNotFound" });
  else {
    if (visit.submitted === true) issues.push({ field: "visit", messageKey: "sample.visitSubmitted" });
    if (visit.consentRecorded !== true) issues.push({ field: "visit", messageKey: "sample.consentRequired" });
    if (ref(visit.hcp) !== hcp) issues.push({ field: "hcp", messageKey: "sample.hcpNotOnVisit" });
  }
  if (!lot) issues.push({ field: "lot", messageKey: "sample.lotNotFound" });
  else {
    const lotNo = text(lot.lotNo);
    if (isDate(lot.expiresOn) && lot.expiresOn < issuedOn) issues.push({ field: "lot", messageKey: "sample.lotExpired", params: { lot: lotNo, expiresOn: lot.expiresOn } });
    const issuedFromLot = lotIssues.reduce((n, i) => n + int(i.quantity), 0) - (previous && ref(previous.lot) === lotId ? prevQuantity : 0);
    const remaining = int(lot.quantity) - issuedFromLot;
    if (quantity > remaining) issues.push({ field: "quantity", messageKey: "sample.lotExhausted", params: { lot: lotNo, remaining: Math.max(remaining, 0) } });
  }
  const hcpLimit = intSetting(ctx.settings, "sampleLimitPerHcp", 6);
  const hcpAlready = hcpIssued - (prevInPeriod && ref(previous?.hcp) === hcp ? prevQuantity : 0);
  if (hcpAlready + quantity > hcpLimit) {
    issues.push({ field: "quantity", messageKey: "sample.hcpLimit", params: { limit: hcpLimit, already: hcpAlready, available: Math.max(hcpLimit - hcpAlready, 0), period } });
  }
  const repLimit = intSetting(ctx.settings, "sampleLimitPerRep", 60);
  const repAlready = repIssued - (prevInPeriod && text(previous?.issuedBy) === issuedBy ? prevQuantity : 0);
  if (issuedBy && repAlready + quantity > repLimit) {
    issues.push({ field: "quantity", messageKey: "sample.repLimit", params: { limit: repLimit, already: repAlready, available: Math.max(repLimit - repAlready, 0), period } });
  }
  return issues;
}

/** A sample issue on a submitted (locked) call report is part of that record: it cannot be deleted either. */
function keepSampleIssue(ctx: ValidateContext): ValidationIssue[] {
  const visitId = ref(ctx.record.visit);
  const visit = visitId ? ctx.records.get(VISIT, visitId) : null;
  return visit && visit.submitted === true ? [{ field: "visit", messageKey: "sample.deleteSubmitted" }] : [];
}

function computeSampleIssue(ctx: ComputeContext): Record<string, unknown> {
  const record = ctx.record;
  const lotId = ref(record.lot);
  const lot = lotId ? ctx.records.get(SAMPLE_LOT, lotId) : null;
  const productId = lot ? ref(lot.product) : null;
  const product = productId ? ctx.records.get(PRODUCT, productId) : null;
  const quantity = int(record.quantity);
  const summary = [text(product?.name), text(lot?.lotNo)].filter((t) => t !== "").join(" ");
  return {
    month: isDate(record.issuedOn) ? record.issuedOn.slice(0, 7) : null,
    // Who issued stays who first issued, whoever edits later.
    issuedBy: text(ctx.previous?.issuedBy) || ctx.actor.userId || null,
    summary: summary ? `${summary} × ${quantity}` : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Spend per doctor per year

function checkSpend(ctx: ValidateContext): ValidationIssue[] {
  const record = ctx.record;
  const issues = complianceIssues(record, ["description"], ctx.settings.forbiddenTerms);
  const hcp = ref(record.hcp);
  if (!hcp || !isDate(record.spentOn) || !decimal.isDecimalText(record.amount)) return issues;
  const year = record.spentOn.slice(0, 4);
  const spends = queryAll(ctx.records, SPEND, { hcp, year }, { maxRows: 2000, batch: 2 });
  const previous = ctx.previous;
  const own = previous && ref(previous.hcp) === hcp && text(previous.spentOn).slice(0, 4) === year && decimal.isDecimalText(previous.amount) ? previous.amount : "0";
  const already = decimal.sub(decimal.sum(spends.map((s) => (decimal.isDecimalText(s.amount) ? s.amount : "0"))), own);
  const cap = decimalSetting(ctx.settings, "spendCapPerHcpPerYear", "5000.00");
  if (decimal.compare(decimal.add(already, record.amount), cap) > 0) {
    const left = decimal.sub(cap, already);
    issues.push({
      field: "amount",
      messageKey: "spend.capExceeded",
      params: { cap: decimal.toString(cap, 2), year, already: decimal.toString(already, 2), available: decimal.toString(decimal.sign(left) < 0 ? "0" : left, 2) },
    });
  }
  return issues;
}

function computeSpend(ctx: ComputeContext): Record<string, unknown> {
  return { year: isDate(ctx.record.spentOn) ? ctx.record.spentOn.slice(0, 4) : null };
}

// ---------------------------------------------------------------------------------------------
// Cycle plans

/** Submitted calls (corrections not counted twice) on a doctor in a period's months over a channel. */
function actualCalls(records: RecordReader, hcp: string, period: string, channel: string): number {
  let count = 0;
  for (const month of monthsOfPeriod(period)) count += queryAll(records, VISIT, { hcp, month, channel, submitted: true }, { batch: 1, maxRows: 600 }).filter(countsAsCall).length;
  return count;
}

function attainmentPercent(actual: number, planned: number): string | null {
  return planned > 0 ? decimal.toString(decimal.divide(actual * 100, planned, 1)) : null;
}

function checkCyclePlan(ctx: ValidateContext): ValidationIssue[] {
  const period = text(ctx.record.period);
  if (!MONTH.test(period) && !QUARTER.test(period)) return [{ field: "period", messageKey: "cyclePlan.periodFormat" }];
  const hcp = ref(ctx.record.hcp);
  const channel = text(ctx.record.channel);
  if (!hcp || !channel) return [];
  const previous = ctx.previous;
  const sameKey = previous !== null && ref(previous.hcp) === hcp && text(previous.period) === period && text(previous.channel) === channel;
  if (sameKey) return [];
  const existing = ctx.records.query(CYCLE_PLAN, { hcp, period, channel }, 1);
  return existing.length > 0 ? [{ field: "period", messageKey: "cyclePlan.duplicate", params: { period } }] : [];
}

function computeCyclePlan(ctx: ComputeContext): Record<string, unknown> {
  const period = text(ctx.record.period);
  const hcp = ref(ctx.record.hcp);
  const channel = text(ctx.record.channel);
  const plannedBy = text(ctx.previous?.plannedBy) || ctx.actor.userId || null;
  if (!hcp || !channel || monthsOfPeriod(period).length === 0) return { plannedBy, actualVisits: 0, attainment: null };
  const actual = actualCalls(ctx.records, hcp, period, channel);
  return { plannedBy, actualVisits: actual, attainment: attainmentPercent(actual, int(ctx.record.plannedVisits)) };
}

/** After a call report is saved: the plans of its doctor for its month and quarter get their actuals again. */
function refreshCyclePlans(ctx: EventContext): Intent[] {
  const id = ref(ctx.event.payload.recordId);
  const visit = id ? ctx.records.get(VISIT, id) : null;
  if (!visit || visit.submitted !== true) return [];
  const hcp = ref(visit.hcp);
  const month = text(visit.month);
  if (!hcp || !MONTH.test(month)) return [];
  const plans = [...ctx.records.query(CYCLE_PLAN, { hcp, period: month }, 50), ...ctx.records.query(CYCLE_PLAN, { hcp, period: quarterOfMonth(month) }, 50)];
  const intents: Intent[] = [];
  for (const plan of plans) {
    const actual = actualCalls(ctx.records, hcp, text(plan.period), text(plan.channel));
    const attainment = attainmentPercent(actual, int(plan.plannedVisits));
    if (int(plan.actualVisits) === actual && plan.attainment === attainment) continue;
    intents.push({ type: "patch", object: CYCLE_PLAN, id: plan.id, set: { actualVisits: actual, attainment } });
  }
  return intents;
}

// ---------------------------------------------------------------------------------------------
// Master data change requests

function stageOf(record: Record<string, unknown> | null): string {
  return text(record?.[REVIEW_PIPELINE]) || "submitted";
}

function checkChangeRequest(ctx: ValidateContext): ValidationIssue[] {
  const record = ctx.record;
  const previous = ctx.previous;
  // A new request starts in the first stage (the host puts it there).
  const from = previous ? stageOf(previous) : "submitted";
  const to = stageOf(record);
  const staff = ctx.actor.partnerId === null;
  if (from !== "submitted") {
    // A decision stands: an approved change was applied, a rejected one is answered.
    return [{ field: REVIEW_PIPELINE, messageKey: "changeRequest.alreadyDecided" }];
  }
  const issues: ValidationIssue[] = [];
  if (from !== to) {
    if (!staff) return [{ field: REVIEW_PIPELINE, messageKey: "changeRequest.onlyStaffDecide" }];
    if (to === "rejected" && text(record.reviewNote) === "") issues.push({ field: "reviewNote", messageKey: "changeRequest.rejectNeedsNote" });
  } else if (!staff && previous && text(record.reviewNote) !== text(previous.reviewNote)) {
    issues.push({ field: "reviewNote", messageKey: "changeRequest.reviewNoteStaffOnly" });
  } else if (!staff && !previous && text(record.reviewNote) !== "") {
    issues.push({ field: "reviewNote", messageKey: "changeRequest.reviewNoteStaffOnly" });
  }
  // The proposal is checked when it is written; a review (a note, a move) does not re-judge it.
  const proposalChanged = !previous || ["targetObject", "proposedValues", ...CHANGE_TARGETS].some((f) => text(record[f]) !== text(previous[f]));
  if (!proposalChanged) return issues;
  const target = text(record.targetObject);
  const parsed = parseProposedValues(target, record.proposedValues);
  issues.push(...parsed.issues);
  const targetId = targetOf(record);
  const current = targetId && parsed.issues.length === 0 ? ctx.records.get(obj(target), targetId) : null;
  if (!targetId) {
    if (CHANGE_TARGETS.includes(target)) issues.push({ field: target, messageKey: "changeRequest.targetRequired" });
  } else if (parsed.issues.length === 0) {
    if (!current || current.partnerId !== null) issues.push({ field: target, messageKey: "changeRequest.targetNotFound" });
    else if (Object.entries(parsed.values).every(([field, value]) => current[field] === value)) issues.push({ field: "proposedValues", messageKey: "changeRequest.noChange" });
  }
  return issues;
}

/** The master objects a request may change: each is also the request's relation naming the record. */
const CHANGE_TARGETS = ["hospital", "department", "hcp", "affiliation", "product"];

/** The record a request is about: the relation of its target object (a stored request also has it as `targetId`). */
function targetOf(request: Record<string, unknown>): string | null {
  const target = text(request.targetObject);
  return (CHANGE_TARGETS.includes(target) ? ref(request[target]) : null) ?? null;
}

function computeChangeRequest(ctx: ComputeContext): Record<string, unknown> {
  const previous = ctx.previous;
  return {
    requestedBy: text(previous?.requestedBy) || ctx.actor.userId,
    applied: previous?.applied === true,
    appliedAt: previous?.appliedAt ?? null,
    targetId: targetOf(ctx.record),
  };
}

/**
 * A change request moved to "approved" by platform staff: the proposed values are written to the
 * master record (a patch applied as the approving staff member), the request is marked applied, and
 * the requester is told. Rejections only tell the requester.
 */
function applyChangeRequest(ctx: EventContext): Intent[] {
  const id = ref(ctx.event.payload.recordId);
  const toStage = ctx.event.payload.toStage;
  if (!id || (toStage !== "approved" && toStage !== "rejected")) return [];
  const request = ctx.records.get(CHANGE_REQUEST, id);
  if (!request) return [];
  const requester = ref(request.requestedBy);
  const notify = (decision: "approved" | "rejected"): Intent[] =>
    requester ? [{ type: "notify", userIds: [requester], titleKey: `changeRequest.${decision}.title`, bodyKey: `changeRequest.${decision}.body`, params: { summary: text(request.summary), note: text(request.reviewNote) }, link: { object: CHANGE_REQUEST, id } }] : [];
  if (toStage === "rejected") return notify("rejected");
  if (request.applied === true) return [];
  const target = text(request.targetObject);
  const targetId = targetOf(request) ?? ref(request.targetId);
  const parsed = parseProposedValues(target, request.proposedValues);
  if (!targetId || parsed.issues.length > 0 || Object.keys(parsed.values).length === 0) return [];
  return [
    { type: "patch", object: obj(target), id: targetId, set: parsed.values },
    { type: "patch", object: CHANGE_REQUEST, id, set: { applied: true, appliedAt: ctx.now } },
    ...notify("approved"),
  ];
}

// ---------------------------------------------------------------------------------------------
// Sell-out (流向) matching

type HospitalMatch = { id: string; method: "exact" | "alias" | "normalized" } | null;

/** A hospital for a name as the file spells it: same name, a learned alias, or the same cleansed name (unambiguous only). */
function matchHospital(records: RecordReader, rawName: string, normalized: string): HospitalMatch {
  const exact = rawName ? records.query(HOSPITAL, { name: rawName }, 2) : [];
  const aliases = normalized ? records.query(HOSPITAL_ALIAS, { normalized }, 10) : [];
  if (exact.length === 1) return { id: exact[0]!.id, method: "exact" };
  const aliasTargets = [...new Set(aliases.map((a) => ref(a.hospital)).filter((h): h is string => h !== null))];
  if (aliasTargets.length === 1) return { id: aliasTargets[0]!, method: "alias" };
  if (!normalized) return null;
  const same = queryAll(records, HOSPITAL, {}, { maxRows: 4000, batch: 4 }).filter((h) => normalizeHospitalName(h.name) === normalized);
  return same.length === 1 ? { id: same[0]!.id, method: "normalized" } : null;
}

/** A product for the file's code or name: the product code first, then the brand or generic name (unambiguous only). */
function matchProduct(records: RecordReader, code: string, name: string): string | null {
  const byCode = code ? records.query(PRODUCT, { code }, 2) : [];
  if (byCode.length === 1) return byCode[0]!.id;
  const wanted = normalizeProductName(name);
  if (!wanted) return null;
  const products = queryAll(records, PRODUCT, {}, { maxRows: 2000, batch: 2 });
  const candidates = products.filter((p) => {
    const brand = normalizeProductName(p.name);
    const generic = normalizeProductName(p.genericName);
    const spec = normalizeProductName(p.spec);
    return wanted === brand || wanted === `${brand}${spec}` || wanted === `${generic}${spec}` || wanted === `${brand}(${generic})${spec}`;
  });
  if (candidates.length === 1) return candidates[0]!.id;
  const generic = products.filter((p) => normalizeProductName(p.genericName) === wanted);
  return generic.length === 1 ? generic[0]!.id : null;
}

function computeFlowRow(ctx: ComputeContext): Record<string, unknown> {
  const record = ctx.record;
  const normalizedName = normalizeHospitalName(record.hospitalName);
  const month = isDate(record.saleDate) ? record.saleDate.slice(0, 7) : null;
  const chosenProduct = ref(record.product);
  const matchedProduct = chosenProduct ?? matchProduct(ctx.records, text(record.productCode), text(record.productName));
  const chosenHospital = ref(record.hospital);
  if (record.ignored === true) return { normalizedName, month, matchedProduct, matchedHospital: chosenHospital, matchStatus: "ignored", matchMethod: chosenHospital ? "manual" : null };
  if (chosenHospital) return { normalizedName, month, matchedProduct, matchedHospital: chosenHospital, matchStatus: "matched", matchMethod: "manual" };
  const match = matchHospital(ctx.records, text(record.hospitalName), normalizedName);
  return { normalizedName, month, matchedProduct, matchedHospital: match?.id ?? null, matchStatus: match ? "matched" : "unmatched", matchMethod: match?.method ?? null };
}

function checkFlowRow(ctx: ValidateContext): ValidationIssue[] {
  const record = ctx.record;
  const issues: ValidationIssue[] = [];
  if (isDate(record.saleDate) && record.saleDate > chinaToday(ctx.now)) issues.push({ field: "saleDate", messageKey: "flow.futureDate", params: { date: record.saleDate } });
  if (ctx.operation === "create") {
    // The same file imported twice would count its sales twice.
    const same = ctx.records.query(
      FLOW_ROW,
      { distributor: text(record.distributor), saleDate: text(record.saleDate), hospitalName: text(record.hospitalName), productName: text(record.productName), quantity: text(record.quantity), amount: text(record.amount), lotNo: text(record.lotNo) || null },
      1,
    );
    if (same.length > 0) issues.push({ messageKey: "flow.duplicateRow", params: { hospital: text(record.hospitalName), date: text(record.saleDate) } });
  }
  return issues;
}

function computeAlias(ctx: ComputeContext): Record<string, unknown> {
  return { normalized: normalizeHospitalName(ctx.record.alias) };
}

/**
 * When a user resolves an unmatched row by choosing its hospital, the file's spelling becomes an alias
 * of that hospital (so the next files match by themselves), and the other unmatched rows with the same
 * cleansed name are resolved too.
 */
function learnAlias(ctx: EventContext): Intent[] {
  const changed = ctx.event.payload.changed;
  if (!Array.isArray(changed) || !changed.includes("hospital")) return [];
  const id = ref(ctx.event.payload.recordId);
  const row = id ? ctx.records.get(FLOW_ROW, id) : null;
  const hospitalId = row ? ref(row.hospital) : null;
  if (!row || !hospitalId || row.ignored === true) return [];
  const normalized = text(row.normalizedName) || normalizeHospitalName(row.hospitalName);
  const hospital = ctx.records.get(HOSPITAL, hospitalId);
  const known = normalized ? ctx.records.query(HOSPITAL_ALIAS, { normalized }, 10) : [];
  const siblings = normalized ? queryAll(ctx.records, FLOW_ROW, { matchStatus: "unmatched", normalizedName: normalized }, { maxRows: 90, batch: 1 }) : [];
  if (!hospital || !normalized) return [];
  const intents: Intent[] = [];
  const sameAsMaster = normalizeHospitalName(hospital.name) === normalized;
  if (!sameAsMaster && !known.some((a) => ref(a.hospital) === hospitalId)) {
    intents.push({ type: "createRecord", object: HOSPITAL_ALIAS, values: { alias: text(row.hospitalName), normalized, hospital: hospitalId } });
  }
  for (const sibling of siblings) {
    if (sibling.id === row.id) continue;
    intents.push({ type: "patch", object: FLOW_ROW, id: sibling.id, set: { matchedHospital: hospitalId, matchStatus: "matched", matchMethod: "alias" } });
  }
  return intents;
}

// ---------------------------------------------------------------------------------------------
// Hospital access pipeline

function computeHospitalAccess(ctx: ComputeContext): Record<string, unknown> {
  const hospitalId = ref(ctx.record.hospital);
  const productId = ref(ctx.record.product);
  const hospital = hospitalId ? ctx.records.get(HOSPITAL, hospitalId) : null;
  const product = productId ? ctx.records.get(PRODUCT, productId) : null;
  const label = [text(hospital?.name), text(product?.name)].filter((t) => t !== "").join(" · ");
  return { label: label || null };
}

/** What a stage needs recorded before a record may enter it. */
const STAGE_REQUIRES: Record<string, { field: string; messageKey: string }> = {
  admitted: { field: "committeeDate", messageKey: "access.committeeDateRequired" },
  listed: { field: "listingPlatform", messageKey: "access.listingPlatformRequired" },
  vbpBidding: { field: "vbpBatch", messageKey: "access.vbpBatchRequired" },
  vbpWon: { field: "vbpBatch", messageKey: "access.vbpBatchRequired" },
  vbpLost: { field: "vbpBatch", messageKey: "access.vbpBatchRequired" },
};

function checkHospitalAccess(ctx: ValidateContext): ValidationIssue[] {
  const record = ctx.record;
  const issues: ValidationIssue[] = [];
  const stage = text(record[ACCESS_PIPELINE]);
  const required = STAGE_REQUIRES[stage];
  if (required && text(record[required.field]) === "") issues.push({ field: required.field, messageKey: required.messageKey });
  const hospital = ref(record.hospital);
  const product = ref(record.product);
  const previous = ctx.previous;
  const sameKey = previous !== null && ref(previous.hospital) === hospital && ref(previous.product) === product;
  if (hospital && product && !sameKey && ctx.records.query(HOSPITAL_ACCESS, { hospital, product }, 1).length > 0) {
    issues.push({ field: "product", messageKey: "access.duplicate" });
  }
  return issues;
}

// ---------------------------------------------------------------------------------------------
// 两票制 on orders

const F_HOSPITAL = `${NS}__hospital`;
const F_CHAIN = `${NS}__invoiceChain`;
const F_COUNT = `${NS}__invoiceCount`;
const INVOICE_NUMBERS = [`${NS}__firstInvoiceNo`, `${NS}__secondInvoiceNo`, `${NS}__thirdInvoiceNo`];

/** The invoicing parties of a chain, in order: one per line, or separated by arrows. */
function chainParties(value: unknown): string[] {
  return text(value)
    .split(/\r?\n|→|->|>|＞|⇒/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

function customFields(record: Record<string, unknown>): Record<string, unknown> {
  const fields = record.customFields;
  return fields !== null && typeof fields === "object" && !Array.isArray(fields) ? (fields as Record<string, unknown>) : {};
}

function computeOrder(ctx: ComputeContext): Record<string, unknown> {
  const parties = chainParties(customFields(ctx.record)[F_CHAIN]);
  return { [F_COUNT]: parties.length >= 2 ? parties.length - 1 : null };
}

/**
 * 两票制: from the manufacturer to the hospital at most two invoices (manufacturer → distributor,
 * distributor → hospital); a hospital in a designated remote area may have a third. The chain must end
 * at the order's hospital, and no more invoice numbers than invoices.
 */
function checkTwoInvoices(ctx: ValidateContext): ValidationIssue[] {
  const fields = customFields(ctx.record);
  const parties = chainParties(fields[F_CHAIN]);
  const hospitalId = ref(fields[F_HOSPITAL]);
  const numbers = INVOICE_NUMBERS.filter((key) => text(fields[key]) !== "");
  const hospital = hospitalId ? ctx.records.get(HOSPITAL, hospitalId) : null;
  if (parties.length === 0 && !hospitalId && numbers.length === 0) {
    return ctx.settings.requireInvoiceChain === true ? [{ field: F_CHAIN, messageKey: "order.invoiceChainRequired" }] : [];
  }
  const issues: ValidationIssue[] = [];
  if (hospitalId && !hospital) issues.push({ field: F_HOSPITAL, messageKey: "order.hospitalNotFound" });
  if (parties.length < 2) {
    issues.push({ field: F_CHAIN, messageKey: "order.invoiceChainTooShort" });
    return issues;
  }
  const remote = hospital?.remoteArea === true;
  const allowed = remote ? 3 : 2;
  const invoices = parties.length - 1;
  if (invoices > allowed) issues.push({ field: F_CHAIN, messageKey: remote ? "order.tooManyInvoicesRemote" : "order.tooManyInvoices", params: { invoices, allowed } });
  if (hospital && normalizeHospitalName(parties[parties.length - 1]) !== normalizeHospitalName(hospital.name)) {
    issues.push({ field: F_CHAIN, messageKey: "order.chainMustEndAtHospital", params: { hospital: text(hospital.name) } });
  }
  if (text(fields[INVOICE_NUMBERS[2]!]) !== "" && !remote) issues.push({ field: INVOICE_NUMBERS[2], messageKey: "order.thirdInvoiceNotRemote" });
  if (numbers.length > invoices) issues.push({ field: F_CHAIN, messageKey: "order.moreNumbersThanInvoices", params: { numbers: numbers.length, invoices } });
  return issues;
}

// ---------------------------------------------------------------------------------------------
// Activities: the same compliance rules on the core activity log

function checkActivity(ctx: ValidateContext): ValidationIssue[] {
  const issues = complianceIssues(ctx.record, ["subject", "body"], ctx.settings.forbiddenTerms);
  for (const [key, value] of Object.entries(customFields(ctx.record))) {
    const filled = value !== null && value !== undefined && value !== "" && value !== false;
    if (filled && FORBIDDEN_FIELD_PATTERN.test(key.split("__")[1] ?? key)) issues.push({ field: key, messageKey: "compliance.forbiddenField" });
  }
  return issues;
}

definePlugin({
  hooks: {
    checkVisit,
    computeVisit,
    checkSampleIssue,
    keepSampleIssue,
    computeSampleIssue,
    checkSpend,
    computeSpend,
    checkCyclePlan,
    computeCyclePlan,
    refreshCyclePlans,
    checkChangeRequest,
    computeChangeRequest,
    applyChangeRequest,
    computeFlowRow,
    checkFlowRow,
    computeAlias,
    learnAlias,
    computeHospitalAccess,
    checkHospitalAccess,
    computeOrder,
    checkTwoInvoices,
    checkActivity,
    flowCredit,
    sampleReconciliationReport: sampleReconciliation,
    sellThroughReport: sellThrough,
    channelInventoryReport: channelInventory,
    cycleAttainmentReport: cycleAttainment,
    unmatchedFlowReport: unmatchedFlow,
  },
});
