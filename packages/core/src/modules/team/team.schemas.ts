/** Team management (issue 4): invites, deactivation with hand-over, roles, and the distributor's sub-dealer rollup. */
import { z } from "zod";
import { requiredText, ZId, ZListInput } from "../shared.schemas.ts";
import { ZMembershipRole, ZPartnerUser, ZPartnerUserCreateInput } from "../users/users.schemas.ts";

export const INVITE_STATUSES = ["pending", "accepted", "revoked", "expired"] as const;
export const ZInviteStatus = z.enum(INVITE_STATUSES, { message: "errors.field.invalidOption" });
export type TInviteStatus = z.infer<typeof ZInviteStatus>;

/** Admins are made by changing a member's role, never by a link that could be forwarded. */
export const INVITE_ROLES = ["manager", "rep"] as const;
export const ZInviteRole = z.enum(INVITE_ROLES, { message: "errors.field.invalidOption" });

export const ZInviteCreateInput = z.object({
  email: ZPartnerUserCreateInput.shape.email,
  name: requiredText(100),
  role: ZInviteRole,
});
export type TInviteCreateInput = z.input<typeof ZInviteCreateInput>;

export const ZInviteListInput = ZListInput.extend({ status: ZInviteStatus.optional() });
export type TInviteListInput = z.input<typeof ZInviteListInput>;

export const ZInvite = z.object({
  id: z.string(),
  partnerId: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  role: ZMembershipRole,
  status: ZInviteStatus,
  invitedById: z.string(),
  expiresAt: z.date(),
  acceptedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
  userId: z.string().nullable(),
  createdAt: z.date(),
});
export type TInvite = z.infer<typeof ZInvite>;

/** Returned once, when an invite is created or re-sent: the link carries the token, the database only its hash. */
export const ZInviteWithLink = ZInvite.extend({
  token: z.string(),
  /** `/invite/<token>` on the partner portal. */
  path: z.string(),
  /** The portal's public address (PORTAL_URL) + path. */
  url: z.string(),
  /** Whether the link was also e-mailed to the invitee (only when SMTP is configured). */
  emailed: z.boolean(),
});
export type TInviteWithLink = z.infer<typeof ZInviteWithLink>;

/** Tokens are 32 random bytes in base64url (43 characters); anything else simply matches no invite. */
export const ZInviteToken = z.string({ message: "errors.field.required" }).trim().min(1, { message: "errors.field.required" }).max(200, { message: "errors.field.tooLong" });

export const ZInvitePreviewInput = z.object({ token: ZInviteToken });

/** What the public accept page may show: the partner and the role, only for a link that still works. */
export const ZInvitePreview = z.object({
  status: z.enum([...INVITE_STATUSES, "invalid"]),
  partnerName: z.string().nullable(),
  email: z.string().nullable(),
  name: z.string().nullable(),
  role: ZMembershipRole.nullable(),
  expiresAt: z.date().nullable(),
});
export type TInvitePreview = z.infer<typeof ZInvitePreview>;

export const ZInviteAcceptInput = z.object({
  token: ZInviteToken,
  name: requiredText(100),
  // The same password policy as every other way of creating a partner user.
  password: ZPartnerUserCreateInput.shape.password,
});
export type TInviteAcceptInput = z.input<typeof ZInviteAcceptInput>;

export const ZMemberDeactivateInput = z.object({
  userId: ZId,
  /** An active member of the same partner who takes over the leaver's open work. */
  successorId: ZId,
});
export type TMemberDeactivateInput = z.input<typeof ZMemberDeactivateInput>;

export const ZMemberRoleInput = z.object({ userId: ZId, role: ZMembershipRole });
export type TMemberRoleInput = z.input<typeof ZMemberRoleInput>;

export const ZMemberIdInput = z.object({ userId: ZId });

/** How much open work moved to the successor (closed work keeps its history with the leaver). */
export const ZHandOver = z.object({
  successorId: z.string(),
  leads: z.number().int(),
  opportunities: z.number().int(),
  tasks: z.number().int(),
  registrations: z.number().int(),
});
export type THandOver = z.infer<typeof ZHandOver>;

export const ZDeactivation = z.object({ member: ZPartnerUser, handOver: ZHandOver });
export type TDeactivation = z.infer<typeof ZDeactivation>;

/** Money as a decimal string with two places, per currency (amounts in different currencies are never added). */
export const ZCurrencyAmount = z.object({ currency: z.string(), amount: z.string() });
export type TCurrencyAmount = z.infer<typeof ZCurrencyAmount>;

export const ZSubDealerRollup = z.object({
  partnerId: z.string(),
  name: z.string(),
  tier: z.string(),
  status: z.string(),
  parentPartnerId: z.string().nullable(),
  activeMembers: z.number().int(),
  openLeads: z.number().int(),
  openOpportunities: z.number().int(),
  openAmount: z.array(ZCurrencyAmount),
  wonThisMonth: z.number().int(),
  wonAmount: z.array(ZCurrencyAmount),
});
export type TSubDealerRollup = z.infer<typeof ZSubDealerRollup>;

export const ZSubDealerRollupList = z.object({
  /** Start of the current month in the platform's timezone ("won this month" counts from here). */
  monthStart: z.date(),
  items: z.array(ZSubDealerRollup),
});
export type TSubDealerRollupList = z.infer<typeof ZSubDealerRollupList>;
