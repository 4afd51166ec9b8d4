/**
 * Disputes of statement lines (issue 5 item 5, docs/decisions/022-disputes-and-payouts.md):
 * isomorphic zod schemas. Amounts are decimal strings with at most two places, signed where a
 * correction may go either way; an attachment travels as base64 inside the JSON body.
 */
import { z } from "zod";
import { optionalText, requiredText, ZListInput } from "../shared.schemas.ts";
import { ZPeriod, ZStatementStatus } from "./commission.schemas.ts";
import { ZApiLineKind } from "./statements.schemas.ts";

export const DISPUTE_STATUSES = ["open", "accepted", "rejected", "withdrawn"] as const;
export const ZDisputeStatus = z.enum(DISPUTE_STATUSES, { message: "errors.field.invalidOption" });
export type TDisputeStatus = z.infer<typeof ZDisputeStatus>;

/** The list's status filter: one status, or every resolved one (accepted, rejected, withdrawn). */
export const DISPUTE_STATUS_FILTERS = [...DISPUTE_STATUSES, "resolved"] as const;

/** What a partner may attach: a scan, a photo, a spreadsheet. */
export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;
export const ATTACHMENT_TYPES = {
  pdf: "application/pdf",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  csv: "text/csv",
} as const;

const SIGNED_MONEY = /^-?\d{1,16}(\.\d{1,2})?$/;

/** A signed amount as people type it ("-1,200.50" too; separators dropped): at most 16 digits and two places. */
export const signedMoneyText = (message: string) =>
  z.preprocess(
    (value) => (typeof value === "string" ? value.replace(/[\s,，]/g, "").replace(/^−/, "-") : value),
    z.string({ message: "errors.field.required" }).min(1, { message: "errors.field.required" }).regex(SIGNED_MONEY, { message }),
  );

/** Blank means "not given" (null). */
const optionalSignedMoney = z.preprocess(
  (value) => (typeof value === "string" && value.trim() === "" ? null : value),
  signedMoneyText("settlement.errors.amountFormat").nullish().transform((v) => v ?? null),
);

/** Base64 as sent (a `data:…;base64,` prefix and line breaks are tolerated). */
export function base64Body(text: string): string {
  return text.replace(/^data:[^,]*;base64,/, "").replace(/\s+/g, "");
}

/** Bytes a base64 text decodes to, without decoding it. */
export function base64Size(text: string): number {
  const body = base64Body(text);
  const padding = body.endsWith("==") ? 2 : body.endsWith("=") ? 1 : 0;
  return Math.floor((body.length * 3) / 4) - padding;
}

export function attachmentExtension(fileName: string): keyof typeof ATTACHMENT_TYPES | null {
  const extension = /\.([A-Za-z0-9]+)$/.exec(fileName.trim())?.[1]?.toLowerCase();
  return extension && extension in ATTACHMENT_TYPES ? (extension as keyof typeof ATTACHMENT_TYPES) : null;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export const ZDisputeAttachmentInput = z
  .object({
    fileName: requiredText(200).meta({ examples: ["回款凭证.pdf"] }),
    /** The file's bytes, base64 (at most 5 MB once decoded). */
    contentBase64: z.string({ message: "errors.field.required" }).min(1, { message: "errors.field.required" }).meta({ examples: ["JVBERi0xLjQKJcfsj6IKJSVFT0YK"] }),
  })
  .superRefine((value, ctx) => {
    if (typeof value.fileName === "string" && !attachmentExtension(value.fileName)) {
      ctx.addIssue({ code: "custom", path: ["fileName"], message: "settlement.errors.attachmentType" });
    }
    if (typeof value.contentBase64 !== "string") return;
    const body = base64Body(value.contentBase64);
    if (body.length % 4 !== 0 || !BASE64.test(body)) ctx.addIssue({ code: "custom", path: ["contentBase64"], message: "settlement.errors.attachmentEncoding" });
    else if (base64Size(body) > MAX_ATTACHMENT_BYTES) ctx.addIssue({ code: "custom", path: ["contentBase64"], message: "settlement.errors.attachmentTooLarge" });
    else if (base64Size(body) === 0) ctx.addIssue({ code: "custom", path: ["contentBase64"], message: "settlement.errors.attachmentEmpty" });
  });
export type TDisputeAttachmentInput = z.input<typeof ZDisputeAttachmentInput>;

/** POST /statements/{id}/disputes: a partner questions one line of its statement. */
export const ZRaiseDisputeInput = z.object({
  /** The statement. */
  id: z.string(),
  lineId: z.string({ message: "errors.field.required" }),
  reason: requiredText(2000).meta({ examples: ["该订单的客户是我方首单客户，应享受新客户奖励。"] }),
  /** What the partner believes the line should be. */
  expectedAmount: optionalSignedMoney.meta({ examples: ["1250.00"] }),
  attachment: ZDisputeAttachmentInput.nullish(),
});
export type TRaiseDisputeInput = z.input<typeof ZRaiseDisputeInput>;

export const DISPUTE_DECISIONS = ["accept", "reject"] as const;

/**
 * POST /disputes/{id}/resolve. accept: `amount` is the correction booked as an adjustment line
 * (signed, not zero), `note` optional; reject: `note` (the reason the partner reads) required.
 */
export const ZResolveDisputeInput = z
  .object({
    id: z.string(),
    decision: z.enum(DISPUTE_DECISIONS, { message: "errors.field.invalidOption" }),
    amount: optionalSignedMoney.meta({ examples: ["-120.00"] }),
    note: optionalText(2000),
  })
  .superRefine((value, ctx) => {
    if (value.decision === "accept") {
      if (value.amount === null || value.amount === undefined) ctx.addIssue({ code: "custom", path: ["amount"], message: "settlement.errors.amountRequired" });
      else if (typeof value.amount === "string" && !/[1-9]/.test(value.amount)) ctx.addIssue({ code: "custom", path: ["amount"], message: "settlement.errors.amountNonZero" });
    }
    if (value.decision === "reject" && !value.note) ctx.addIssue({ code: "custom", path: ["note"], message: "settlement.errors.rejectNoteRequired" });
  });
export type TResolveDisputeInput = z.input<typeof ZResolveDisputeInput>;

/** POST /disputes/{id}/withdraw: the partner takes its question back. */
export const ZWithdrawDisputeInput = z.object({ id: z.string(), note: optionalText(2000) });
export type TWithdrawDisputeInput = z.input<typeof ZWithdrawDisputeInput>;

export const ZDisputeListInput = ZListInput.extend({
  status: z.enum(DISPUTE_STATUS_FILTERS, { message: "errors.field.invalidOption" }).optional(),
  statementId: z.string().optional(),
  /** Platform only (a partner always sees its own). */
  partnerId: z.string().optional(),
  /** oldest: the queue (longest waiting first); newest: history. */
  order: z.enum(["oldest", "newest"], { message: "errors.field.invalidOption" }).default("newest"),
});
export type TDisputeListInput = z.input<typeof ZDisputeListInput>;

const ZMoneyText = z.string().meta({ description: "Decimal as a string, e.g. \"123.45\"" });

/** The disputed line as statements show it (API.md's kinds: bonus and cap are adjustments with their adjustmentType). */
export const ZDisputedLine = z.object({
  id: z.string(),
  key: z.string(),
  kind: ZApiLineKind,
  adjustmentType: z.string().nullable(),
  amount: ZMoneyText,
  base: z.string(),
  rate: z.string().nullable(),
  orderId: z.string().nullable(),
  orderExternalId: z.string().nullable(),
  orderItemId: z.string().nullable(),
  refundId: z.string().nullable(),
  planVersionId: z.string().nullable(),
  /** The plan version's number (v3), for people. */
  planVersion: z.number().int().nullable(),
  /** What explains the line (see statements: matched rate entry, bonus, tier, cap, cause…). */
  detail: z.record(z.string(), z.unknown()),
  /** The line's open dispute, if any (this one while it is open). */
  openDisputeId: z.string().nullable(),
});

export const ZDispute = z.object({
  id: z.string(),
  statementId: z.string(),
  period: ZPeriod,
  statementStatus: ZStatementStatus,
  partnerId: z.string(),
  partnerName: z.string().nullable(),
  line: ZDisputedLine,
  raisedById: z.string(),
  raisedByName: z.string().nullable(),
  reason: z.string(),
  expectedAmount: ZMoneyText.nullable(),
  attachment: z.object({ fileName: z.string(), contentType: z.string() }).nullable(),
  status: ZDisputeStatus,
  /** Finance's answer (the reason of a rejection, a note on an acceptance) or the partner's note on a withdrawal. */
  resolutionNote: z.string().nullable(),
  /** Accepted: the correction booked and the adjustment line's key. */
  adjustmentAmount: ZMoneyText.nullable(),
  adjustmentLineKey: z.string().nullable(),
  resolvedById: z.string().nullable(),
  resolvedByName: z.string().nullable(),
  resolvedAt: z.date().nullable(),
  createdAt: z.date(),
  /** Hours since it was raised, until it was resolved (whole hours). */
  ageHours: z.number().int(),
  /** The platform's target for resolving a dispute (dispute-policy setting). */
  slaHours: z.number().int(),
  /** Open longer than the target, or resolved later than it. */
  overSla: z.boolean(),
});
export type TDispute = z.infer<typeof ZDispute>;

export const ZDisputeAttachment = z.object({
  fileName: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  contentBase64: z.string(),
});
export type TDisputeAttachment = z.infer<typeof ZDisputeAttachment>;

/** PlatformSetting `dispute-policy`: how long finance has to answer (calendar hours; 5 days by default). */
export const ZDisputePolicy = z.object({
  slaHours: z.coerce
    .number({ message: "errors.field.invalid" })
    .int({ message: "errors.field.invalid" })
    .min(1, { message: "settlement.errors.slaRange" })
    .max(24 * 365, { message: "settlement.errors.slaRange" })
    .default(120),
  /** An issued statement the partner neither confirms nor disputes within this many days is confirmed on its behalf (ADR 019). */
  confirmWithinDays: z.coerce
    .number({ message: "errors.field.invalid" })
    .int({ message: "errors.field.invalid" })
    .min(1, { message: "settlement.errors.confirmDaysRange" })
    .max(90, { message: "settlement.errors.confirmDaysRange" })
    .default(10),
});
export type TDisputePolicy = z.infer<typeof ZDisputePolicy>;
