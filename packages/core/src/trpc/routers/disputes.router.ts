import { z } from "zod";
import {
  getDispute,
  getDisputeAttachment,
  getDisputePolicy,
  listDisputes,
  raiseDispute,
  resolveDispute,
  updateDisputePolicy,
  withdrawDispute,
  ZDispute,
  ZDisputeAttachment,
  ZDisputeListInput,
  ZDisputePolicy,
  ZRaiseDisputeInput,
  ZResolveDisputeInput,
  ZWithdrawDisputeInput,
} from "../../modules/commissions/index.ts";
import { authedProcedure, partnerProcedure, platformProcedure, router } from "../init.ts";

const ZIdParam = z.object({ id: z.string() });

/**
 * Disputes of statement lines (ADR 022): a partner's admins and managers raise and withdraw their
 * own; finance (platform admins too) accepts — an adjustment line is booked — or rejects with a
 * reason the partner reads. Both sides list them with their SLA age.
 */
export const disputesRouter = router({
  raise: partnerProcedure("admin", "manager")
    .meta({
      openapi: {
        method: "POST",
        path: "/statements/{id}/disputes",
        tags: ["disputes"],
        protect: true,
        summary: "Dispute one line of an issued statement of your own, with a reason, an optional expected amount and an optional attachment (base64, ≤ 5 MB: pdf, png, jpg, xlsx, csv); 409 when the line already has an open dispute",
      },
      successStatus: 201,
    })
    .input(ZRaiseDisputeInput)
    .output(ZDispute)
    .mutation(({ ctx, input }) => raiseDispute(ctx.actor, input)),
  list: authedProcedure
    .meta({ openapi: { method: "GET", path: "/disputes", tags: ["disputes"], protect: true, summary: "Disputes visible to the caller (a partner: its own); ?status=open&order=oldest is finance's queue" } })
    .input(ZDisputeListInput)
    .output(z.object({ items: z.array(ZDispute), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => listDisputes(ctx.actor, input)),
  get: authedProcedure
    .meta({ openapi: { method: "GET", path: "/disputes/{id}", tags: ["disputes"], protect: true, summary: "A dispute with its line, its answer and its SLA age" } })
    .input(ZIdParam)
    .output(ZDispute)
    .query(({ ctx, input }) => getDispute(ctx.actor, input.id)),
  attachment: authedProcedure
    .meta({ openapi: { method: "GET", path: "/disputes/{id}/attachment", tags: ["disputes"], protect: true, summary: "The file attached to a dispute (base64)" } })
    .input(ZIdParam)
    .output(ZDisputeAttachment)
    .query(({ ctx, input }) => getDisputeAttachment(ctx.actor, input.id)),
  resolve: platformProcedure("admin", "finance")
    .meta({
      openapi: {
        method: "POST",
        path: "/disputes/{id}/resolve",
        tags: ["disputes"],
        protect: true,
        summary: "Accept (amount: the correction booked as an adjustment line in the statement) or reject (note: the reason the partner reads) an open dispute",
      },
    })
    .input(ZResolveDisputeInput)
    .output(ZDispute)
    .mutation(({ ctx, input }) => resolveDispute(ctx.actor, input)),
  withdraw: partnerProcedure("admin", "manager")
    .meta({ openapi: { method: "POST", path: "/disputes/{id}/withdraw", tags: ["disputes"], protect: true, summary: "Take back an open dispute (whoever raised it, or the partner's admin)" } })
    .input(ZWithdrawDisputeInput)
    .output(ZDispute)
    .mutation(({ ctx, input }) => withdrawDispute(ctx.actor, input)),
  policy: authedProcedure
    .meta({ openapi: { method: "GET", path: "/settings/dispute-policy", tags: ["settings"], protect: true, summary: "The SLA target for answering a dispute, in hours" } })
    .input(z.object({}).optional())
    .output(ZDisputePolicy)
    .query(({ ctx }) => getDisputePolicy(ctx.actor)),
  updatePolicy: platformProcedure("admin")
    .meta({ openapi: { method: "PUT", path: "/settings/dispute-policy", tags: ["settings"], protect: true } })
    .input(ZDisputePolicy)
    .output(ZDisputePolicy)
    .mutation(({ ctx, input }) => updateDisputePolicy(ctx.actor, input)),
});
