import { z } from "zod";
import {
  approveEntitlement,
  cancelEntitlement,
  customerEntitlementSteps,
  getEntitlement,
  getEntitlementPolicy,
  issueEntitlement,
  listEntitlements,
  offeredEntitlementTypes,
  rejectEntitlement,
  requestEntitlement,
  updateEntitlementPolicy,
  ZApproveInput,
  ZEntitlement,
  ZEntitlementListInput,
  ZEntitlementListItem,
  ZEntitlementPolicy,
  ZEntitlementPolicyView,
  ZEntitlementRequestInput,
  ZEntitlementStep,
  ZIssueInput,
  ZOfferedEntitlementType,
  ZRejectInput,
} from "../../modules/entitlements/index.ts";
import { authedProcedure, partnerProcedure, platformProcedure, router } from "../init.ts";

const ZIdParam = z.object({ id: z.string() });

/**
 * Customer entitlements (客户权益): partners ask for a customer they own and may withdraw while it
 * waits; platform admins and channel managers approve, reject and issue; the benefit catalogue and
 * its limits are a platform setting.
 */
export const entitlementsRouter = router({
  list: authedProcedure
    .meta({ openapi: { method: "GET", path: "/entitlements", tags: ["entitlements"], protect: true, summary: "Entitlement requests visible to the caller (?status=requested&order=oldest: the platform's queue)" } })
    .input(ZEntitlementListInput)
    .output(z.object({ items: z.array(ZEntitlementListItem), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => listEntitlements(ctx.actor, input)),
  types: authedProcedure
    .meta({ openapi: { method: "GET", path: "/entitlement-types", tags: ["entitlements"], protect: true, summary: "The benefit types the platform offers, with their limits per customer and period" } })
    .input(z.object({}).optional())
    .output(z.array(ZOfferedEntitlementType))
    .query(({ ctx }) => offeredEntitlementTypes(ctx.actor)),
  get: authedProcedure
    .meta({ openapi: { method: "GET", path: "/entitlements/{id}", tags: ["entitlements"], protect: true } })
    .input(ZIdParam)
    .output(ZEntitlement)
    .query(({ ctx, input }) => getEntitlement(ctx.actor, input.id)),
  request: partnerProcedure()
    .meta({
      openapi: { method: "POST", path: "/entitlements", tags: ["entitlements"], protect: true, summary: "Ask a benefit for a customer the partner owns; 422 (translated) when it breaks the customer's limits for the period" },
      successStatus: 201,
    })
    .input(ZEntitlementRequestInput)
    .output(ZEntitlement)
    .mutation(({ ctx, input }) => requestEntitlement(ctx.actor, input)),
  approve: platformProcedure("admin", "channel_manager")
    .meta({ openapi: { method: "POST", path: "/entitlements/{id}/approve", tags: ["entitlements"], protect: true, summary: "Approve a request (limits and ownership checked again)" } })
    .input(ZApproveInput.extend({ id: z.string() }))
    .output(ZEntitlement)
    .mutation(({ ctx, input: { id, ...decision } }) => approveEntitlement(ctx.actor, id, decision)),
  reject: platformProcedure("admin", "channel_manager")
    .meta({ openapi: { method: "POST", path: "/entitlements/{id}/reject", tags: ["entitlements"], protect: true, summary: "Reject a request with a note the partner sees" } })
    .input(ZRejectInput.extend({ id: z.string() }))
    .output(ZEntitlement)
    .mutation(({ ctx, input: { id, ...decision } }) => rejectEntitlement(ctx.actor, id, decision)),
  issue: platformProcedure("admin", "channel_manager")
    .meta({ openapi: { method: "POST", path: "/entitlements/{id}/issue", tags: ["entitlements"], protect: true, summary: "Issue an approved benefit, once: issuing again answers with the issued entitlement and changes nothing" } })
    .input(ZIssueInput.extend({ id: z.string() }))
    .output(ZEntitlement)
    .mutation(({ ctx, input: { id, ...issue } }) => issueEntitlement(ctx.actor, id, issue)),
  cancel: partnerProcedure()
    .meta({ openapi: { method: "POST", path: "/entitlements/{id}/cancel", tags: ["entitlements"], protect: true, summary: "Withdraw a request the platform has not decided yet" } })
    .input(ZIdParam)
    .output(ZEntitlement)
    .mutation(({ ctx, input }) => cancelEntitlement(ctx.actor, input.id)),
  customerSteps: authedProcedure
    .meta({ openapi: { method: "GET", path: "/customers/{id}/entitlement-steps", tags: ["entitlements"], protect: true, summary: "The customer's entitlements as timeline steps, oldest first" } })
    .input(ZIdParam)
    .output(z.array(ZEntitlementStep))
    .query(({ ctx, input }) => customerEntitlementSteps(ctx.actor, input.id)),
  policy: platformProcedure()
    .meta({ openapi: { method: "GET", path: "/settings/entitlement-policy", tags: ["settings"], protect: true, summary: "The benefit types offered and their limits" } })
    .input(z.object({}).optional())
    .output(ZEntitlementPolicyView)
    .query(({ ctx }) => getEntitlementPolicy(ctx.actor)),
  updatePolicy: platformProcedure("admin")
    .meta({ openapi: { method: "PUT", path: "/settings/entitlement-policy", tags: ["settings"], protect: true, summary: "Replace the benefit types offered and their limits" } })
    .input(ZEntitlementPolicy)
    .output(ZEntitlementPolicyView)
    .mutation(({ ctx, input }) => updateEntitlementPolicy(ctx.actor, input)),
});
