import { z } from "zod";
import {
  claimFromPool,
  customer360,
  getCustomer,
  listCustomers,
  listPool,
  mergeCustomers,
  releaseCustomer,
  reverseMerge,
  transferCustomer,
  ZCustomer,
  ZCustomerForPlatform,
  ZCustomerListQuery,
  ZMergeInput,
  ZPoolCustomer,
  ZPoolListInput,
  ZReleaseInput,
  ZTimelineEntry,
  ZTransferInput,
} from "../../modules/customers/index.ts";
import { withCustomFields, ZCustomFieldValues } from "../../modules/plugins/index.ts";
import { getProtectionPolicy, updateProtectionPolicy, ZProtectionPolicy } from "../../modules/settings/protection-policy.ts";
import { authedProcedure, partnerProcedure, platformProcedure, router } from "../init.ts";

/**
 * ownerPartnerId and friends are platform-only (API.md); the output schema drops them for partners.
 * A partner's list rows carry partnerId/partnerName instead: the holder within its own tree, or null.
 */
const ZCustomerOut = ZCustomer.extend({
  partnerId: z.string().nullable().optional(),
  partnerName: z.string().nullable().optional(),
  ownerPartnerId: z.string().nullable().optional(),
  ownerPartnerName: z.string().nullable().optional(),
  mergedIntoId: z.string().nullable().optional(),
});

export const customersRouter = router({
  list: authedProcedure
    .meta({ openapi: { method: "GET", path: "/customers", tags: ["customers"], protect: true, summary: "Customers the caller owns or has registered (platform: all)" } })
    .input(ZCustomerListQuery)
    .output(z.object({ items: z.array(ZCustomerOut.extend({ customFields: ZCustomFieldValues })), nextCursor: z.string().nullable() }))
    .query(async ({ ctx, input }) => withCustomFields(ctx.actor, "customer", await listCustomers(ctx.actor, input))),
  get: authedProcedure
    .meta({ openapi: { method: "GET", path: "/customers/{id}", tags: ["customers"], protect: true } })
    .input(z.object({ id: z.string() }))
    .output(ZCustomerOut)
    .query(({ ctx, input }) => getCustomer(ctx.actor, input.id)),
  overview: platformProcedure()
    .meta({ openapi: { method: "GET", path: "/customers/{id}/overview", tags: ["customers"], protect: true, summary: "Customer 360: identities, ownership timeline, registrations, leads" } })
    .input(z.object({ id: z.string() }))
    .output(
      z.object({
        customer: ZCustomerForPlatform,
        identities: z.array(z.object({ kind: z.string(), value: z.string() })),
        timeline: z.array(ZTimelineEntry),
        registrations: z.array(z.object({ id: z.string(), partnerId: z.string(), partnerName: z.string(), status: z.string(), reasonCode: z.string().nullable(), protectedUntil: z.date().nullable(), createdAt: z.date() })),
        leads: z.array(z.object({ id: z.string(), name: z.string(), status: z.string(), partnerId: z.string(), partnerName: z.string(), createdAt: z.date() })),
        merges: z.array(z.object({ id: z.string(), survivorId: z.string(), mergedId: z.string(), reason: z.string(), createdAt: z.date(), reversedAt: z.date().nullable() })),
      }),
    )
    .query(({ ctx, input }) => customer360(ctx.actor, input.id)),
  transfer: platformProcedure("admin", "channel_manager")
    .meta({ openapi: { method: "POST", path: "/customers/{id}/transfer", tags: ["customers"], protect: true } })
    .input(ZTransferInput.extend({ id: z.string() }))
    .output(ZCustomerForPlatform)
    .mutation(({ ctx, input: { id, ...transfer } }) => transferCustomer(ctx.actor, id, transfer)),
  release: authedProcedure
    .meta({ openapi: { method: "POST", path: "/customers/{id}/release", tags: ["customers"], protect: true, summary: "Give a customer up to the public pool" }, successStatus: 204 })
    .input(ZReleaseInput.extend({ id: z.string() }))
    .output(z.void())
    .mutation(({ ctx, input: { id, ...release } }) => releaseCustomer(ctx.actor, id, release)),
  merge: platformProcedure("admin", "channel_manager")
    .meta({ openapi: { method: "POST", path: "/customers/merges", tags: ["customers"], protect: true }, successStatus: 201 })
    .input(ZMergeInput)
    .output(z.object({ mergeId: z.string(), survivorId: z.string(), mergedId: z.string(), moved: z.object({ leads: z.number(), registrations: z.number(), identities: z.number() }) }))
    .mutation(({ ctx, input }) => mergeCustomers(ctx.actor, input)),
  reverseMerge: platformProcedure("admin", "channel_manager")
    .meta({ openapi: { method: "POST", path: "/customers/merges/{id}/reverse", tags: ["customers"], protect: true } })
    .input(z.object({ id: z.string() }))
    .output(z.object({ mergeId: z.string(), survivorId: z.string(), restoredId: z.string() }))
    .mutation(({ ctx, input }) => reverseMerge(ctx.actor, input.id)),
});

export const poolRouter = router({
  list: authedProcedure
    .meta({ openapi: { method: "GET", path: "/pool", tags: ["pool"], protect: true, summary: "The public pool (公海): unowned customers, no contact data" } })
    .input(ZPoolListInput)
    .output(z.object({ items: z.array(ZPoolCustomer), nextCursor: z.string().nullable(), claimsLeft: z.number().nullable() }))
    .query(({ ctx, input }) => listPool(ctx.actor, input)),
  claim: partnerProcedure()
    .meta({ openapi: { method: "POST", path: "/pool/{id}/claim", tags: ["pool"], protect: true } })
    .input(z.object({ id: z.string() }))
    .output(ZCustomer)
    .mutation(({ ctx, input }) => claimFromPool(ctx.actor, input.id)),
});

export const settingsRouter = router({
  protectionPolicy: platformProcedure()
    .meta({ openapi: { method: "GET", path: "/settings/protection-policy", tags: ["settings"], protect: true } })
    .input(z.object({}).optional())
    .output(ZProtectionPolicy)
    .query(({ ctx }) => getProtectionPolicy(ctx.actor)),
  updateProtectionPolicy: platformProcedure("admin")
    .meta({ openapi: { method: "PUT", path: "/settings/protection-policy", tags: ["settings"], protect: true } })
    .input(ZProtectionPolicy)
    .output(ZProtectionPolicy)
    .mutation(({ ctx, input }) => updateProtectionPolicy(ctx.actor, input)),
});
