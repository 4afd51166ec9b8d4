import { z } from "zod";
import {
  decideExtension,
  decideRegistrationReview,
  getRegistration,
  getRegistrationConflict,
  listRegistrations,
  registerCustomer,
  requestExtension,
  ZDecisionFields,
  requireReasonToReject,
  ZExtensionRequestInput,
  ZRegistration,
  ZRegistrationConflict,
  ZRegistrationDecision,
  ZRegistrationInput,
  ZRegistrationListQuery,
} from "../../modules/registrations/index.ts";
import { authedProcedure, partnerProcedure, platformProcedure, router } from "../init.ts";

/** Partners get ZRegistration (list rows also the registering partner's name); platform staff also the partner's name and the matched customer. */
const ZRegistrationOut = ZRegistration.extend({ partnerName: z.string().optional(), matchedCustomerId: z.string().nullable().optional() });

export const registrationsRouter = router({
  create: partnerProcedure()
    .meta({ openapi: { method: "POST", path: "/registrations", tags: ["registrations"], protect: true, summary: "Register (报备) a customer; decided at once" }, successStatus: 201 })
    .input(ZRegistrationInput)
    .output(ZRegistrationDecision)
    .mutation(({ ctx, input }) => registerCustomer(ctx.actor, input, ctx.locale)),
  list: authedProcedure
    .meta({ openapi: { method: "GET", path: "/registrations", tags: ["registrations"], protect: true } })
    .input(ZRegistrationListQuery)
    .output(z.object({ items: z.array(ZRegistrationOut), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => listRegistrations(ctx.actor, input, ctx.locale)),
  get: authedProcedure
    .meta({ openapi: { method: "GET", path: "/registrations/{id}", tags: ["registrations"], protect: true } })
    .input(z.object({ id: z.string() }))
    .output(ZRegistrationOut)
    .query(({ ctx, input }) => getRegistration(ctx.actor, input.id, ctx.locale)),
  conflict: platformProcedure("admin", "channel_manager")
    .meta({ openapi: { method: "GET", path: "/registrations/{id}/conflict", tags: ["registrations"], protect: true, summary: "Platform only: the claims on the same customer side by side, with the identity keys they share" } })
    .input(z.object({ id: z.string() }))
    .output(ZRegistrationConflict)
    .query(({ ctx, input }) => getRegistrationConflict(ctx.actor, input.id, ctx.locale)),
  decide: platformProcedure("admin", "channel_manager")
    .meta({ openapi: { method: "POST", path: "/registrations/{id}/decision", tags: ["registrations"], protect: true } })
    .input(ZDecisionFields.extend({ id: z.string() }).superRefine(requireReasonToReject))
    .output(ZRegistrationOut)
    .mutation(({ ctx, input: { id, ...decision } }) => decideRegistrationReview(ctx.actor, id, decision, ctx.locale)),
  requestExtension: partnerProcedure()
    .meta({ openapi: { method: "POST", path: "/registrations/{id}/extension", tags: ["registrations"], protect: true } })
    .input(ZExtensionRequestInput.extend({ id: z.string() }))
    .output(ZRegistrationOut)
    .mutation(({ ctx, input: { id, ...request } }) => requestExtension(ctx.actor, id, request, ctx.locale)),
  decideExtension: platformProcedure("admin", "channel_manager")
    .meta({ openapi: { method: "POST", path: "/registrations/{id}/extension/decision", tags: ["registrations"], protect: true } })
    .input(ZDecisionFields.extend({ id: z.string() }).superRefine(requireReasonToReject))
    .output(ZRegistrationOut)
    .mutation(({ ctx, input: { id, ...decision } }) => decideExtension(ctx.actor, id, decision, ctx.locale)),
});
