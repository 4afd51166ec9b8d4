/** Pure lead rules: disqualification reasons, status changes, conversion defaults, duplicate matching. */
import { canonicalCompanyName, normaliseEmail, normalisePhone, toHalfWidth, toSimplified } from "../identity/index.ts";
import { DISQUALIFY_REASONS, type TDisqualifyReason, type TLeadStatus } from "./leads.schemas.ts";

const STORED_REASON = /^\[([a-z_]+)\]\s?([\s\S]*)$/;

function isReasonCode(value: string): value is TDisqualifyReason {
  return (DISQUALIFY_REASONS as readonly string[]).includes(value);
}

/**
 * `statusReason` holds the reason code and the words together, `[no_budget] 明年才有预算`, so one column
 * keeps both. Older free-text reasons (no code) read as words only.
 */
export function parseStatusReason(stored: string | null): { code: TDisqualifyReason | null; text: string | null } {
  if (!stored) return { code: null, text: null };
  const match = STORED_REASON.exec(stored);
  if (!match || !isReasonCode(match[1]!)) return { code: null, text: stored };
  return { code: match[1], text: match[2]!.trim() || null };
}

export function formatStatusReason(code: TDisqualifyReason | null, text: string | null): string | null {
  if (!code) return text;
  return text ? `[${code}] ${text}` : `[${code}]`;
}

type LeadStatus = TLeadStatus;
export type StatusProblem = { path: string; message: string };

/**
 * What is wrong with a status change, per field. Converting happens only through conversion (it
 * registers the customer); a converted lead stays converted; disqualifying needs a reason code, and
 * "other" needs the words too. A lead that was disqualified before reason codes existed keeps its
 * words until someone changes its reason or status.
 */
export function statusChangeProblems(
  before: { status: LeadStatus; disqualifyReason: TDisqualifyReason | null; statusReason: string | null },
  patch: { status?: LeadStatus | undefined; disqualifyReason?: TDisqualifyReason | null | undefined; statusReason?: string | null | undefined },
): StatusProblem[] {
  const problems: StatusProblem[] = [];
  if (patch.status === "converted" && before.status !== "converted") problems.push({ path: "status", message: "work.lead.errors.convertThroughConversion" });
  if (before.status === "converted" && patch.status !== undefined && patch.status !== "converted") problems.push({ path: "status", message: "work.lead.errors.convertedIsFinal" });
  const nextStatus = patch.status ?? before.status;
  const touchesReason =
    (patch.disqualifyReason !== undefined && patch.disqualifyReason !== before.disqualifyReason) ||
    (patch.statusReason !== undefined && patch.statusReason !== before.statusReason);
  if (nextStatus === "disqualified" && (before.status !== "disqualified" || touchesReason)) {
    const code = patch.disqualifyReason !== undefined ? patch.disqualifyReason : before.disqualifyReason;
    const text = patch.statusReason !== undefined ? patch.statusReason : before.statusReason;
    if (!code) problems.push({ path: "disqualifyReason", message: "work.lead.errors.reasonRequired" });
    else if (code === "other" && !text) problems.push({ path: "statusReason", message: "work.lead.errors.otherNeedsWords" });
  }
  return problems;
}

/** Which statuses a lead may be converted from. */
export function conversionBlocker(status: LeadStatus): "alreadyConverted" | "disqualified" | null {
  if (status === "converted") return "alreadyConverted";
  if (status === "disqualified") return "disqualified";
  return null;
}

export type CustomerIdentityDraft = {
  kind: "company" | "person";
  name: string;
  phone: string | null;
  email: string | null;
  uscc: string | null;
  city: string | null;
};

/**
 * The customer a lead registers as, unless the user changed it: a company when the lead names one
 * (the company's name), otherwise the person. Given fields win; a given null clears the lead's value.
 */
export function customerFromLead(
  lead: { name: string; company: string | null; phone: string | null; email: string | null },
  given: Partial<{ kind: "company" | "person"; name: string | null; phone: string | null; email: string | null; uscc: string | null; city: string | null }> = {},
): CustomerIdentityDraft {
  const kind = given.kind ?? (lead.company ? "company" : "person");
  const defaultName = kind === "company" ? (lead.company ?? lead.name) : lead.name;
  return {
    kind,
    name: given.name ?? defaultName,
    phone: given.phone !== undefined ? given.phone : lead.phone,
    email: given.email !== undefined ? given.email : lead.email,
    uscc: given.uscc ?? null,
    city: given.city ?? null,
  };
}

// ── duplicates while typing ─────────────────────────────────────────────────────────────────────

/** A company name without its legal form: `杭州云帆科技有限公司` and `杭州云帆科技` look the same while typing. */
const LEGAL_FORM = /(股份有限公司|集团有限公司|有限公司|集团|公司|ltd|inc|llc|corp)$/;

export function companyCore(raw: string): string {
  return canonicalCompanyName(raw).replace(LEGAL_FORM, "");
}

function personKey(raw: string): string {
  return toSimplified(toHalfWidth(raw).normalize("NFKC")).replace(/\s+/g, "").toLowerCase();
}

export type DuplicateField = "name" | "company" | "phone" | "email";

/** What the user typed, as keys to compare; fields too short or not valid yet are left out. */
export type DuplicateProbe = { name: string | null; company: string | null; phone: string | null; email: string | null };

export function duplicateProbe(typed: { name?: string | null; company?: string | null; phone?: string | null; email?: string | null }): DuplicateProbe {
  const name = typed.name ? personKey(typed.name) : "";
  const company = typed.company ? companyCore(typed.company) : "";
  const phone = typed.phone ? normalisePhone(typed.phone) : { ok: false as const };
  const email = typed.email ? normaliseEmail(typed.email) : { ok: false as const };
  return {
    name: name.length >= 2 ? name : null,
    company: company.length >= 2 ? company : null,
    phone: phone.ok ? phone.e164 : null,
    email: email.ok ? email.value : null,
  };
}

export function isEmptyProbe(probe: DuplicateProbe): boolean {
  return !probe.name && !probe.company && !probe.phone && !probe.email;
}

function samePhone(stored: string | null, e164: string): boolean {
  if (!stored) return false;
  const normalised = normalisePhone(stored);
  return normalised.ok && normalised.e164 === e164;
}

/** Which typed fields a lead matches (empty: not a duplicate). */
export function leadMatches(probe: DuplicateProbe, lead: { name: string; company: string | null; phone: string | null; email: string | null }): DuplicateField[] {
  const fields: DuplicateField[] = [];
  if (probe.name && personKey(lead.name) === probe.name) fields.push("name");
  if (probe.company && lead.company && companyCore(lead.company) === probe.company) fields.push("company");
  if (probe.phone && samePhone(lead.phone, probe.phone)) fields.push("phone");
  if (probe.email && lead.email && lead.email.toLowerCase() === probe.email) fields.push("email");
  return fields;
}

/** Which typed fields a customer matches: a company by its name, a person by theirs; phone and e-mail as stored (normalised). */
export function customerMatches(probe: DuplicateProbe, customer: { kind: string; name: string; phone: string | null; email: string | null }): DuplicateField[] {
  const fields: DuplicateField[] = [];
  if (customer.kind === "company" && probe.company && companyCore(customer.name) === probe.company) fields.push("company");
  if (customer.kind === "person" && probe.name && personKey(customer.name) === probe.name) fields.push("name");
  if (probe.phone && customer.phone === probe.phone) fields.push("phone");
  if (probe.email && customer.email === probe.email) fields.push("email");
  return fields;
}

/** The digits a stored phone must contain to be worth normalising (the national number's last four). */
export function phoneCandidateDigits(e164: string): string {
  return e164.replace(/\D/g, "").slice(-4);
}
