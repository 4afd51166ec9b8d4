import { z } from "zod";
import {
  listCustomerEvents,
  pushCustomerEvent,
  ZCustomerEvent,
  ZCustomerEventFields,
  ZCustomerEventListInput,
  ZRecordedCustomerEvent,
  checkCustomerEvent,
} from "../../modules/lifecycle/index.ts";
import { getLifecyclePolicy, updateLifecyclePolicy, ZLifecyclePolicyFields } from "../../modules/settings/lifecycle-policy.ts";
import { platformProcedure, router } from "../init.ts";

/** What customers did elsewhere (logins, orders…), pushed by the platform's systems; read on the customer 360. */
export const customerEventsRouter = router({
  push: platformProcedure("admin", "channel_manager")
    .meta({
      openapi: {
        method: "POST",
        path: "/customers/{id}/events",
        tags: ["customers"],
        protect: true,
        summary: "Record something the customer did (login, order, visit_site…); 201 new, 200 when the same externalId was recorded before",
      },
      successStatus: 201,
    })
    .input(ZCustomerEventFields.extend({ id: z.string() }).superRefine(checkCustomerEvent))
    .output(ZRecordedCustomerEvent)
    .mutation(({ ctx, input: { id, ...event } }) => pushCustomerEvent(ctx.actor, id, event)),
  list: platformProcedure()
    .meta({ openapi: { method: "GET", path: "/customers/{id}/events", tags: ["customers"], protect: true, summary: "A customer's events, latest first" } })
    .input(ZCustomerEventListInput.extend({ id: z.string() }))
    .output(z.object({ items: z.array(ZCustomerEvent), nextCursor: z.string().nullable() }))
    .query(({ ctx, input: { id, ...list } }) => listCustomerEvents(ctx.actor, id, list)),
});

/** The thresholds of the computed lifecycle stages (new, active, dormant, churned, reactivated). */
export const lifecycleRouter = router({
  settings: platformProcedure()
    .meta({ openapi: { method: "GET", path: "/settings/lifecycle", tags: ["settings"], protect: true } })
    .input(z.object({}).optional())
    .output(ZLifecyclePolicyFields)
    .query(({ ctx }) => getLifecyclePolicy(ctx.actor)),
  updateSettings: platformProcedure("admin")
    .meta({ openapi: { method: "PUT", path: "/settings/lifecycle", tags: ["settings"], protect: true } })
    // How the thresholds nest (new ≤ active < dormant < churned) is checked by the service, field by field.
    .input(ZLifecyclePolicyFields)
    .output(ZLifecyclePolicyFields)
    .mutation(({ ctx, input }) => updateLifecyclePolicy(ctx.actor, input)),
});
