/**
 * Disputes as pure rules (docs/decisions/022-disputes-and-payouts.md): which statements take a
 * dispute, where a statement goes when its last open dispute is resolved, how old a dispute is
 * against the SLA, and whether an attachment's bytes are what its name says.
 */
import type { TStatementStatus } from "./commission.schemas.ts";
import type { TDisputeStatus } from "./disputes.schemas.ts";
import { ATTACHMENT_TYPES } from "./disputes.schemas.ts";

/**
 * Why a line of a statement in `status` cannot be disputed (an i18n key), or null when it can.
 * Only a statement the partner has been sent and has not yet agreed to: a draft is not the
 * partner's yet, a confirmed one was agreed to, an approved or paid one is locked for good.
 */
export function disputeRefusal(status: TStatementStatus): string | null {
  switch (status) {
    case "issued":
    case "disputed":
      return null;
    case "draft":
      return "settlement.errors.statementNotIssued";
    case "confirmed":
      return "settlement.errors.statementConfirmed";
    case "approved":
    case "paid":
      return "settlement.errors.statementLockedForDisputes";
  }
}

export type DisputeSpan = { createdAt: Date; resolvedAt: Date | null; status: TDisputeStatus };

/**
 * The disputes of the statement's current round: the last run of disputes whose open spans overlap
 * or touch, i.e. the time the statement has been continuously disputed. A dispute raised after the
 * previous ones were all resolved starts a new round.
 */
export function currentRound<T extends DisputeSpan>(disputes: readonly T[]): T[] {
  const sorted = [...disputes].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  let round: T[] = [];
  let roundEnd = Number.NEGATIVE_INFINITY;
  for (const dispute of sorted) {
    if (dispute.createdAt.getTime() > roundEnd) round = [];
    round.push(dispute);
    roundEnd = Math.max(roundEnd, dispute.resolvedAt ? dispute.resolvedAt.getTime() : Number.POSITIVE_INFINITY);
  }
  return round;
}

/**
 * Where a disputed statement goes when its last open dispute is resolved: back to `issued` when a
 * dispute of this round was accepted (its lines changed; the partner confirms the new figures),
 * else `confirmed` (every answer left the figures as the partner saw them). Null while any is open.
 */
export function statusAfterDisputes(disputes: readonly DisputeSpan[]): "issued" | "confirmed" | null {
  if (disputes.some((d) => d.status === "open")) return null;
  return currentRound(disputes).some((d) => d.status === "accepted") ? "issued" : "confirmed";
}

const HOUR_MS = 3_600_000;

/** Whole hours from raising until resolution (or until `now` while open); never negative. */
export function disputeAgeHours(createdAt: Date, resolvedAt: Date | null, now: Date): number {
  const end = resolvedAt ?? now;
  return Math.max(0, Math.floor((end.getTime() - createdAt.getTime()) / HOUR_MS));
}

/** Open for the SLA target or longer, or resolved only after it. */
export function isOverSla(createdAt: Date, resolvedAt: Date | null, now: Date, slaHours: number): boolean {
  const end = resolvedAt ?? now;
  return end.getTime() - createdAt.getTime() >= slaHours * HOUR_MS;
}

const startsWith = (bytes: Uint8Array, signature: readonly number[]) => signature.every((byte, index) => bytes[index] === byte);

/**
 * Whether the bytes are the kind of file the name says (an i18n key when not): a PDF starts with
 * "%PDF-", a PNG and a JPEG with their signatures, an XLSX is a zip, and a CSV is text (no NUL byte).
 */
export function attachmentContentProblem(extension: keyof typeof ATTACHMENT_TYPES, bytes: Uint8Array): string | null {
  if (bytes.length === 0) return "settlement.errors.attachmentEmpty";
  const ok: Record<keyof typeof ATTACHMENT_TYPES, () => boolean> = {
    pdf: () => startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d]),
    png: () => startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    jpg: () => startsWith(bytes, [0xff, 0xd8, 0xff]),
    jpeg: () => startsWith(bytes, [0xff, 0xd8, 0xff]),
    xlsx: () => startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]),
    csv: () => !bytes.subarray(0, 64 * 1024).includes(0),
  };
  return ok[extension]() ? null : "settlement.errors.attachmentContent";
}
