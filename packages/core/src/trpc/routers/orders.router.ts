import { z } from "zod";
import {
  checkOrder,
  checkRefundTime,
  getOrder,
  ingestOrder,
  listOrders,
  refundOrder,
  ZIngestedOrder,
  ZOrder,
  ZOrderFields,
  ZOrderListInput,
  ZOrderListItem,
  ZRecordedRefund,
  ZRefundFields,
} from "../../modules/orders/index.ts";
import { withCustomFields, ZCustomFieldValues } from "../../modules/plugins/index.ts";
import { authedProcedure, platformProcedure, router } from "../init.ts";

/**
 * Orders and refunds pushed by the platform's systems (admins, finance, their API keys), read by
 * finance and by partners' admins and managers (orders attributed to their own partner).
 */
export const ordersRouter = router({
  list: authedProcedure
    .meta({ openapi: { method: "GET", path: "/orders", tags: ["orders"], protect: true, summary: "Orders visible to the caller, latest orderedAt first (?attribution=unattributed: finance's work list)" } })
    .input(ZOrderListInput)
    .output(z.object({ items: z.array(ZOrderListItem.extend({ customFields: ZCustomFieldValues })), nextCursor: z.string().nullable() }))
    .query(async ({ ctx, input }) => withCustomFields(ctx.actor, "order", await listOrders(ctx.actor, input, ctx.locale))),
  ingest: platformProcedure("admin", "finance")
    .meta({
      openapi: {
        method: "POST",
        path: "/orders",
        tags: ["orders"],
        protect: true,
        summary: "Record an order, attributed to the customer's owner at orderedAt; 201 new, 200 when the same externalId was recorded with the same body, 409 with another body",
      },
      successStatus: 201,
    })
    .input(ZOrderFields.superRefine(checkOrder))
    .output(ZIngestedOrder)
    .mutation(({ ctx, input }) => ingestOrder(ctx.actor, input, ctx.locale)),
  get: authedProcedure
    .meta({ openapi: { method: "GET", path: "/orders/{id}", tags: ["orders"], protect: true, summary: "An order with its items and refunds" } })
    .input(z.object({ id: z.string() }))
    .output(ZOrder)
    .query(({ ctx, input }) => getOrder(ctx.actor, input.id, ctx.locale)),
  // The path names the order by its externalId; the body's externalId is the refund's own.
  refund: platformProcedure("admin", "finance")
    .meta({
      openapi: {
        method: "POST",
        path: "/orders/{orderExternalId}/refunds",
        tags: ["orders"],
        protect: true,
        summary: "Refund (part of) an order; idempotent by the refund's externalId; 422 when refunds would exceed the order total",
      },
      successStatus: 201,
    })
    .input(ZRefundFields.extend({ orderExternalId: z.string().trim().min(1).max(200) }).superRefine(checkRefundTime))
    .output(ZRecordedRefund)
    .mutation(({ ctx, input: { orderExternalId, ...refund } }) => refundOrder(ctx.actor, orderExternalId, refund, ctx.locale)),
});
