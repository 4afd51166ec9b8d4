export { createInvite, listInvites, revokeInvite, resendInvite, previewInvite, acceptInvite, hashInviteToken, invitePath } from "./invites.service.ts";
export { deactivateMember, reactivateMember, changeMemberRole } from "./members.service.ts";
export { listSubDealerRollup } from "./sub-dealers.service.ts";
export { notifySuccessor } from "./hand-over.consumer.ts";
export { INVITE_VALID_DAYS, inviteStatus, monthStartIn } from "./team.rules.ts";
export * from "./team.schemas.ts";
