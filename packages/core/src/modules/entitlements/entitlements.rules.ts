/**
 * Pure entitlement rules: the platform's default benefit catalogue, the per-customer-per-period
 * limit check, the status transitions, and an entitlement's steps on the customer's timeline.
 * No I/O; amounts are decimal strings, compared and summed as Decimals (money.rules.ts).
 */
import { formatMoney, sumDecimals, toDecimal } from "../money.rules.ts";
import type { TEntitlementPolicy, TEntitlementStatus, TEntitlementStepEvent, TEntitlementTypeRule } from "./entitlements.schemas.ts";

/** What the platform offers until an admin changes the `entitlement-policy` setting. */
export const DEFAULT_ENTITLEMENT_POLICY: TEntitlementPolicy = {
  types: [
    { code: "coupon", maxValue: "500.00", maxCountPerPeriod: 3, maxTotalValuePerPeriod: "1000.00" },
    { code: "free_service", maxValue: "2000.00", maxCountPerPeriod: 1, maxTotalValuePerPeriod: "2000.00" },
    { code: "gift", maxValue: "300.00", maxCountPerPeriod: 2, maxTotalValuePerPeriod: "500.00" },
    { code: "extended_warranty", maxValue: "3000.00", maxCountPerPeriod: 1, maxTotalValuePerPeriod: "3000.00" },
  ],
};

/** Requests that still hold part of a customer's allowance when a new one is asked for (a pending one reserves its share). */
export const STATUSES_COUNTED_AT_REQUEST: readonly TEntitlementStatus[] = ["requested", "approved", "issued"];
/** Requests already granted, against which an approval is checked again (the policy may have changed since). */
export const STATUSES_COUNTED_AT_APPROVAL: readonly TEntitlementStatus[] = ["approved", "issued"];

export function typeRule(policy: TEntitlementPolicy, type: string): TEntitlementTypeRule | undefined {
  return policy.types.find((rule) => rule.code === type);
}

export type LimitRefusal = {
  reason: "typeNotOffered" | "valueAboveMax" | "countReached" | "totalExceeded";
  /** `entitlements.errors.<reason>` */
  i18nKey: string;
  params: Record<string, string | number>;
};

/**
 * May a request of `value` be added to what the customer already has of this type in the period
 * (`counted`: the values of the requests that count, see STATUSES_COUNTED_AT_*)? The first limit
 * broken is the answer: type offered, value per request, number per period, total per period.
 */
export function checkEntitlementLimit(rule: TEntitlementTypeRule | undefined, type: string, value: string, counted: readonly string[]): { ok: true } | ({ ok: false } & LimitRefusal) {
  const refuse = (reason: LimitRefusal["reason"], params: Record<string, string | number>) => ({ ok: false as const, reason, i18nKey: `entitlements.errors.${reason}`, params: { type, ...params } });
  if (!rule) return refuse("typeNotOffered", {});
  const asked = toDecimal(value);
  if (asked.greaterThan(toDecimal(rule.maxValue))) return refuse("valueAboveMax", { max: formatMoney(rule.maxValue) });
  if (counted.length + 1 > rule.maxCountPerPeriod) return refuse("countReached", { max: rule.maxCountPerPeriod, count: counted.length });
  const used = sumDecimals(counted);
  const cap = toDecimal(rule.maxTotalValuePerPeriod);
  if (used.add(asked).greaterThan(cap)) {
    const remaining = cap.sub(used);
    return refuse("totalExceeded", { max: formatMoney(cap), remaining: formatMoney(remaining.isNegative() ? "0" : remaining) });
  }
  return { ok: true };
}

export type EntitlementAction = "approve" | "reject" | "issue" | "cancel";

export type Transition =
  | { kind: "move"; to: TEntitlementStatus }
  /** The action already happened (issuing or cancelling twice): answer with the entitlement as it is, write nothing. */
  | { kind: "replay" }
  | { kind: "refuse"; code: "ALREADY_DECIDED" | "RULE_VIOLATION"; i18nKey: string };

const TARGET: Record<EntitlementAction, TEntitlementStatus> = { approve: "approved", reject: "rejected", issue: "issued", cancel: "cancelled" };

/**
 * requested → approved | rejected | cancelled (the partner withdraws); approved → issued. Issued,
 * rejected and cancelled are final. Issuing an issued entitlement, or cancelling a cancelled one,
 * is a replay; every other move out of a final or wrong state is refused with the reason.
 */
export function transition(current: TEntitlementStatus, action: EntitlementAction): Transition {
  if (current === TARGET[action] && (action === "issue" || action === "cancel")) return { kind: "replay" };
  if (current === "cancelled") return { kind: "refuse", code: "RULE_VIOLATION", i18nKey: "entitlements.errors.cancelled" };
  switch (action) {
    case "approve":
    case "reject":
      return current === "requested" ? { kind: "move", to: TARGET[action] } : { kind: "refuse", code: "ALREADY_DECIDED", i18nKey: "entitlements.errors.alreadyDecided" };
    case "issue":
      return current === "approved" ? { kind: "move", to: "issued" } : { kind: "refuse", code: "RULE_VIOLATION", i18nKey: "entitlements.errors.notApproved" };
    case "cancel":
      return current === "requested" ? { kind: "move", to: "cancelled" } : { kind: "refuse", code: "RULE_VIOLATION", i18nKey: "entitlements.errors.cancelOnlyRequested" };
  }
}

export type StepSource = {
  status: TEntitlementStatus;
  reason: string;
  requestedById: string;
  decidedById: string | null;
  decidedAt: Date | null;
  decisionNote: string | null;
  issuedById: string | null;
  issuedAt: Date | null;
  issueReference: string | null;
  createdAt: Date;
  updatedAt: Date;
};

export type Step = { event: TEntitlementStepEvent; at: Date; actorId: string | null; note: string | null; reference: string | null };

/**
 * The steps an entitlement has taken, oldest first: asked, decided (approved or rejected), issued, or
 * withdrawn. A cancelled request never changes again, so its last update is when it was withdrawn.
 */
export function entitlementSteps(row: StepSource): Step[] {
  const steps: Step[] = [{ event: "requested", at: row.createdAt, actorId: row.requestedById, note: row.reason, reference: null }];
  if (row.decidedAt && (row.status === "approved" || row.status === "issued")) steps.push({ event: "approved", at: row.decidedAt, actorId: row.decidedById, note: row.decisionNote, reference: null });
  if (row.decidedAt && row.status === "rejected") steps.push({ event: "rejected", at: row.decidedAt, actorId: row.decidedById, note: row.decisionNote, reference: null });
  if (row.issuedAt && row.status === "issued") steps.push({ event: "issued", at: row.issuedAt, actorId: row.issuedById, note: null, reference: row.issueReference });
  // Who withdrew it (the requester, or their admin or manager) is in the audit log, not on the row.
  if (row.status === "cancelled") steps.push({ event: "cancelled", at: row.updatedAt, actorId: null, note: null, reference: null });
  return steps;
}
