import { z } from "zod";
import { login } from "../../auth/index.ts";
import {
  acceptInvite,
  changeMemberRole,
  createInvite,
  deactivateMember,
  listInvites,
  listSubDealerRollup,
  previewInvite,
  reactivateMember,
  resendInvite,
  revokeInvite,
  ZDeactivation,
  ZInvite,
  ZInviteAcceptInput,
  ZInviteCreateInput,
  ZInviteListInput,
  ZInvitePreview,
  ZInvitePreviewInput,
  ZInviteWithLink,
  ZMemberDeactivateInput,
  ZMemberIdInput,
  ZMemberRoleInput,
  ZSubDealerRollupList,
} from "../../modules/team/index.ts";
import { ZPartnerUser } from "../../modules/users/index.ts";
import { authedProcedure, publicProcedure, router } from "../init.ts";
import { ZMe } from "./auth.router.ts";

const invitesRouter = router({
  list: authedProcedure
    .meta({ openapi: { method: "GET", path: "/team/invites", tags: ["team"], protect: true } })
    .input(ZInviteListInput)
    .output(z.object({ items: z.array(ZInvite), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => listInvites(ctx.actor, input)),
  create: authedProcedure
    .meta({ openapi: { method: "POST", path: "/team/invites", tags: ["team"], protect: true, summary: "Invite a manager or rep: the link is returned once" }, successStatus: 201 })
    .input(ZInviteCreateInput)
    .output(ZInviteWithLink)
    .mutation(({ ctx, input }) => createInvite(ctx.actor, input, { locale: ctx.locale })),
  revoke: authedProcedure
    .meta({ openapi: { method: "POST", path: "/team/invites/{id}/revoke", tags: ["team"], protect: true } })
    .input(z.object({ id: z.string() }))
    .output(ZInvite)
    .mutation(({ ctx, input }) => revokeInvite(ctx.actor, input.id)),
  resend: authedProcedure
    .meta({ openapi: { method: "POST", path: "/team/invites/{id}/resend", tags: ["team"], protect: true, summary: "A new link (the old one stops working) valid for another 7 days" } })
    .input(z.object({ id: z.string() }))
    .output(ZInviteWithLink)
    .mutation(({ ctx, input }) => resendInvite(ctx.actor, input.id, { locale: ctx.locale })),
  // The accept page's view of a link; the token stays out of URLs the API would log, hence no REST route.
  preview: publicProcedure
    .input(ZInvitePreviewInput)
    .output(ZInvitePreview)
    .query(({ input }) => previewInvite(input)),
  accept: publicProcedure
    .meta({ openapi: { method: "POST", path: "/team/invites/accept", tags: ["team"], protect: false, summary: "Accept an invite: creates the account and signs it in" }, successStatus: 201 })
    .input(ZInviteAcceptInput)
    .output(z.object({ token: z.string(), expiresAt: z.date(), user: ZMe }))
    .mutation(async ({ ctx, input }) => {
      const accepted = await acceptInvite(input);
      const session = await login({ email: accepted.email, password: input.password }, ctx.channel === "api" ? "api" : "portal", ctx.origin);
      return { token: session.token, expiresAt: session.expiresAt, user: session.user };
    }),
});

const membersRouter = router({
  deactivate: authedProcedure
    .meta({ openapi: { method: "POST", path: "/team/members/{userId}/deactivate", tags: ["team"], protect: true, summary: "Deactivate a member; their open work goes to successorId" } })
    .input(ZMemberDeactivateInput.extend({ userId: z.string() }))
    .output(ZDeactivation)
    .mutation(({ ctx, input }) => deactivateMember(ctx.actor, input)),
  reactivate: authedProcedure
    .meta({ openapi: { method: "POST", path: "/team/members/{userId}/reactivate", tags: ["team"], protect: true } })
    .input(ZMemberIdInput.extend({ userId: z.string() }))
    .output(ZPartnerUser)
    .mutation(({ ctx, input }) => reactivateMember(ctx.actor, input)),
  setRole: authedProcedure
    .meta({ openapi: { method: "PUT", path: "/team/members/{userId}/role", tags: ["team"], protect: true } })
    .input(ZMemberRoleInput.extend({ userId: z.string() }))
    .output(ZPartnerUser)
    .mutation(({ ctx, input }) => changeMemberRole(ctx.actor, input)),
});

export const teamRouter = router({
  invites: invitesRouter,
  members: membersRouter,
  subDealers: authedProcedure
    .meta({ openapi: { method: "GET", path: "/team/sub-dealers", tags: ["team"], protect: true, summary: "Sub-dealers with members, open leads and opportunities, won this month" } })
    .input(z.object({}).optional())
    .output(ZSubDealerRollupList)
    .query(({ ctx }) => listSubDealerRollup(ctx.actor)),
});
