/**
 * Invites: a partner admin invites a manager or rep by e-mail; the link `/invite/<token>` carries 32
 * random bytes and only their SHA-256 is stored. A link works for 7 days, once, until revoked; re-sending
 * rotates the token (the old link stops working). Accepting creates the user and membership.
 */
import { createHash, randomBytes } from "node:crypto";
import { requirePartnerActor, requirePermission, systemActor, type Actor, type PartnerActor } from "../../actor/index.ts";
import { hashPassword } from "../../auth/password.ts";
import { db, Prisma, runAsSystem } from "../../db/index.ts";
import { env } from "../../env/index.ts";
import { DomainError, notFound } from "../../errors/index.ts";
import { DEFAULT_LOCALE, type Locale } from "../../i18n/index.ts";
import { mailer, type Mailer } from "../../mail/index.ts";
import { recordAudit } from "../audit/audit.repository.ts";
import { emitEvent } from "../outbox/outbox.repository.ts";
import { page, ZId } from "../shared.schemas.ts";
import {
  claimInvite,
  emailInUse,
  findInvite,
  findInviteByTokenHash,
  findInvites,
  findLiveInviteFor,
  insertInvite,
  updateInvite,
  type InviteRow,
} from "./team.repository.ts";
import { sendInviteEmail } from "./invite-email.ts";
import { inviteExpiresAt, inviteResendRefusal, inviteStatus } from "./team.rules.ts";
import {
  ZInviteAcceptInput,
  ZInviteCreateInput,
  ZInviteListInput,
  ZInvitePreviewInput,
  type TInvite,
  type TInviteAcceptInput,
  type TInviteCreateInput,
  type TInviteListInput,
  type TInvitePreview,
  type TInviteWithLink,
} from "./team.schemas.ts";

export function hashInviteToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

function newToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenHash: hashInviteToken(token) };
}

export function invitePath(token: string): string {
  return `/invite/${token}`;
}

function portalOrigin(): string {
  const settings = env();
  return (settings.PORTAL_URL ?? `http://127.0.0.1:${settings.PORTAL_PORT}`).replace(/\/$/, "");
}

function toInvite(row: InviteRow, now: Date): TInvite {
  return { ...row, status: inviteStatus(row, now) };
}

/** How the link leaves: e-mailed through SMTP when configured (in the inviting admin's language), and always shown to the admin. */
export type InviteDelivery = { locale?: Locale; mail?: Mailer; now?: Date };

async function deliver(invite: TInvite, token: string, sender: { name: string; partnerName: string }, delivery: InviteDelivery): Promise<TInviteWithLink> {
  const path = invitePath(token);
  const url = `${portalOrigin()}${path}`;
  const emailed = await sendInviteEmail(delivery.mail ?? mailer(), delivery.locale ?? DEFAULT_LOCALE, {
    to: invite.email,
    partnerName: sender.partnerName,
    inviterName: sender.name,
    role: invite.role,
    url,
    expiresAt: invite.expiresAt,
  });
  return { ...invite, token, path, url, emailed };
}

/** What an audit row keeps of an invite: never the token or its hash. */
function auditView(invite: TInvite) {
  return { email: invite.email, name: invite.name, role: invite.role, expiresAt: invite.expiresAt, status: invite.status };
}

function requireInviter(actor: Actor): PartnerActor {
  requirePermission(actor, "team:manage");
  const admin = requirePartnerActor(actor);
  if (admin.role !== "admin") throw new DomainError("FORBIDDEN");
  return admin;
}

export async function createInvite(actor: Actor, rawInput: TInviteCreateInput, delivery: InviteDelivery = {}): Promise<TInviteWithLink> {
  const admin = requireInviter(actor);
  const input = ZInviteCreateInput.parse(rawInput);
  const now = delivery.now ?? new Date();
  if (await emailInUse(input.email)) throw new DomainError("EMAIL_TAKEN", { details: [{ path: "email", message: "errors.EMAIL_TAKEN" }] });
  const { token, tokenHash } = newToken();
  const created = await db.$transaction(async (tx) => {
    const partner = await tx.partner.findUnique({ where: { id: admin.partnerId }, select: { status: true, name: true } });
    if (partner?.status !== "active") throw new DomainError("PARTNER_INACTIVE");
    if (await findLiveInviteFor(tx, input.email, now)) {
      throw new DomainError("CONFLICT", { i18nKey: "team.errors.alreadyInvited", details: [{ path: "email", message: "team.errors.alreadyInvited" }] });
    }
    const row = await insertInvite(tx, {
      partnerId: admin.partnerId,
      invitedById: admin.userId,
      email: input.email,
      name: input.name,
      role: input.role,
      tokenHash,
      expiresAt: inviteExpiresAt(now),
    });
    const invite = toInvite(row, now);
    await recordAudit(tx, actor, { action: "invite.created", entityType: "Invite", entityId: invite.id, partnerId: invite.partnerId, after: auditView(invite) });
    await emitEvent(tx, "user.invited", { type: "Invite", id: invite.id, partnerId: invite.partnerId }, {
      inviteId: invite.id,
      partnerId: invite.partnerId,
      email: invite.email,
      role: invite.role,
    });
    return { invite, partnerName: partner.name };
  });
  // After the commit: an e-mail is never sent for an invite that does not exist.
  return deliver(created.invite, token, { name: admin.name, partnerName: created.partnerName }, delivery);
}

export async function listInvites(actor: Actor, rawInput: TInviteListInput, now = new Date()): Promise<{ items: TInvite[]; nextCursor: string | null }> {
  requireInviter(actor);
  const input = ZInviteListInput.parse(rawInput);
  const filter: Prisma.InviteWhereInput[] = [];
  if (input.cursor) filter.push({ id: { lt: input.cursor } });
  if (input.status === "accepted") filter.push({ acceptedAt: { not: null } });
  if (input.status === "revoked") filter.push({ acceptedAt: null, revokedAt: { not: null } });
  if (input.status === "expired") filter.push({ acceptedAt: null, revokedAt: null, expiresAt: { lte: now } });
  if (input.status === "pending") filter.push({ acceptedAt: null, revokedAt: null, expiresAt: { gt: now } });
  const rows = await findInvites(filter, input.limit + 1);
  return page(rows.map((row) => toInvite(row, now)), input.limit);
}

export async function revokeInvite(actor: Actor, id: string, now = new Date()): Promise<TInvite> {
  requireInviter(actor);
  if (!ZId.safeParse(id).success) throw notFound("Invite");
  return db.$transaction(async (tx) => {
    const row = await findInvite(tx, id);
    if (!row) throw notFound("Invite");
    const before = toInvite(row, now);
    if (before.status === "revoked") return before;
    if (before.status === "accepted") throw new DomainError("RULE_VIOLATION", { i18nKey: "team.errors.inviteAccepted" });
    const after = toInvite(await updateInvite(tx, id, { revokedAt: now }), now);
    await recordAudit(tx, actor, { action: "invite.revoked", entityType: "Invite", entityId: id, partnerId: after.partnerId, before: auditView(before), after: auditView(after) });
    return after;
  });
}

/** A new link for the same invite (the old one stops working) and another 7 days. */
export async function resendInvite(actor: Actor, id: string, delivery: InviteDelivery = {}): Promise<TInviteWithLink> {
  const admin = requireInviter(actor);
  if (!ZId.safeParse(id).success) throw notFound("Invite");
  const now = delivery.now ?? new Date();
  const { token, tokenHash } = newToken();
  const resent = await db.$transaction(async (tx) => {
    const row = await findInvite(tx, id);
    if (!row) throw notFound("Invite");
    const before = toInvite(row, now);
    const refusal = inviteResendRefusal(before.status);
    if (refusal) throw new DomainError("RULE_VIOLATION", { i18nKey: refusal });
    const after = toInvite(await updateInvite(tx, id, { tokenHash, expiresAt: inviteExpiresAt(now) }), now);
    await recordAudit(tx, actor, { action: "invite.resent", entityType: "Invite", entityId: id, partnerId: after.partnerId, before: auditView(before), after: auditView(after) });
    await emitEvent(tx, "user.invited", { type: "Invite", id, partnerId: after.partnerId }, {
      inviteId: id,
      partnerId: after.partnerId,
      email: after.email,
      role: after.role,
    });
    const partner = await tx.partner.findUniqueOrThrow({ where: { id: after.partnerId }, select: { name: true } });
    return { invite: after, partnerName: partner.name };
  });
  return deliver(resent.invite, token, { name: admin.name, partnerName: resent.partnerName }, delivery);
}

const INVALID_PREVIEW: TInvitePreview = { status: "invalid", partnerName: null, email: null, name: null, role: null, expiresAt: null };

/** For the public accept page: who invites whom as what, only while the link still works. */
export async function previewInvite(rawInput: { token: string }, now = new Date()): Promise<TInvitePreview> {
  const { token } = ZInvitePreviewInput.parse(rawInput);
  const row = await runAsSystem("invite.preview", () => findInviteByTokenHash(db, hashInviteToken(token)));
  if (!row || row.partner.status !== "active") return INVALID_PREVIEW;
  const status = inviteStatus(row, now);
  if (status !== "pending") return { ...INVALID_PREVIEW, status };
  return { status, partnerName: row.partner.name, email: row.email, name: row.name, role: row.role, expiresAt: row.expiresAt };
}

/** Why a link cannot be accepted, as the error the accept page shows. */
function unusableLink(status: TInvitePreview["status"]): DomainError {
  if (status === "invalid") return new DomainError("NOT_FOUND", { i18nKey: "team.invite.invalid", params: { entity: "Invite" } });
  return new DomainError("RULE_VIOLATION", { i18nKey: `team.invite.${status}` });
}

/**
 * The invitee sets their name and password: creates the user (argon2id) and the membership, and
 * marks the link used, in one transaction. Signing in is the caller's next step (auth module).
 */
export async function acceptInvite(rawInput: TInviteAcceptInput, now = new Date()): Promise<{ userId: string; email: string; partnerId: string }> {
  const input = ZInviteAcceptInput.parse(rawInput);
  const tokenHash = hashInviteToken(input.token);
  const passwordHash = await hashPassword(input.password);
  const system = systemActor("invite.accept");
  try {
    return await runAsSystem("invite.accept", () =>
      db.$transaction(async (tx) => {
        const row = await findInviteByTokenHash(tx, tokenHash);
        if (!row || row.partner.status !== "active") throw unusableLink("invalid");
        const status = inviteStatus(row, now);
        if (status !== "pending") throw unusableLink(status);
        const user = await tx.user.create({ data: { email: row.email, name: input.name, passwordHash, kind: "partner" }, select: { id: true } });
        await tx.membership.create({ data: { userId: user.id, partnerId: row.partnerId, role: row.role }, select: { id: true } });
        // Two submissions of the same link at once: the second finds it taken and rolls back its user.
        if (!(await claimInvite(tx, row.id, now, user.id))) throw unusableLink("accepted");
        const member = { userId: user.id, email: row.email, name: input.name, role: row.role, partnerId: row.partnerId };
        await recordAudit(tx, system, { action: "invite.accepted", entityType: "Invite", entityId: row.id, partnerId: row.partnerId, after: { userId: user.id, status: "accepted" } });
        await recordAudit(tx, system, { action: "user.created", entityType: "User", entityId: user.id, partnerId: row.partnerId, after: member });
        await emitEvent(tx, "user.created", { type: "User", id: user.id, partnerId: row.partnerId }, { userId: user.id, partnerId: row.partnerId });
        return { userId: user.id, email: row.email, partnerId: row.partnerId };
      }),
    );
  } catch (error) {
    // Someone created an account with this e-mail after the invite was sent.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw new DomainError("EMAIL_TAKEN");
    throw error;
  }
}
