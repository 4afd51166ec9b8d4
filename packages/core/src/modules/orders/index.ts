export { ingestOrder, refundOrder, ingestOrderInTransaction, refundOrderInTransaction, listOrders, getOrder } from "./orders.service.ts";
export { recomputeOnOrderIngested } from "./order-ingested.consumer.ts";
export { ATTRIBUTION_REASONS, MAX_MERGE_HOPS, type TAttributionReason } from "./orders.rules.ts";
export * from "./orders.schemas.ts";
