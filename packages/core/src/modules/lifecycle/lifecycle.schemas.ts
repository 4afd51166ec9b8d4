import { z } from "zod";
import { ZInstant, ZListInput } from "../shared.schemas.ts";

/**
 * Customer events the platform knows by name (labels under `segments.events.types.*`). Any other
 * lower_snake type is accepted too and shown as sent. `order` stands in for real orders until
 * issue 5 (docs/decisions/010-lifecycle-and-segments.md); every other type is engagement.
 */
export const KNOWN_CUSTOMER_EVENT_TYPES = ["login", "visit_site", "order", "signup", "app_open", "open_email", "click_email", "support_ticket"] as const;
export type TKnownCustomerEventType = (typeof KNOWN_CUSTOMER_EVENT_TYPES)[number];

export function isKnownCustomerEventType(type: string): type is TKnownCustomerEventType {
  return (KNOWN_CUSTOMER_EVENT_TYPES as readonly string[]).includes(type);
}

/** The i18n key of a known event type's label, or null for a custom type. */
export function customerEventTypeKey(type: string): `segments.events.types.${TKnownCustomerEventType}` | null {
  return isKnownCustomerEventType(type) ? `segments.events.types.${type}` : null;
}

const lowerSnake = (max: number) =>
  z
    .string({ message: "errors.field.required" })
    .trim()
    .max(max, { message: "errors.field.tooLong" })
    .regex(/^[a-z][a-z0-9_]*$/, { message: "segments.events.errors.lowerSnake" });

/** A pushed event may be up to this far in the future (clock skew between systems). */
export const EVENT_CLOCK_SKEW_MS = 5 * 60_000;
const PAYLOAD_MAX_BYTES = 16_000;

/** Amounts are decimal strings with at most two places (API.md "Money"), stored normalised to two. */
const ZAmount = z
  .string({ message: "errors.field.required" })
  .trim()
  .regex(/^\d{1,15}(\.\d{1,2})?$/, { message: "segments.events.errors.amount" });

/** What an `order` event must carry, so RFM can sum its amount exactly. */
export const ZOrderEventPayload = z.looseObject({
  amount: ZAmount,
  orderNo: z.string({ message: "errors.field.required" }).trim().min(1, { message: "errors.field.required" }).max(100, { message: "errors.field.tooLong" }),
  currency: z
    .string()
    .trim()
    .regex(/^[A-Z]{3}$/, { message: "segments.events.errors.currency" })
    .default("CNY"),
});

/** The fields of a push; `ZCustomerEventInput` adds the checks across them. */
export const ZCustomerEventFields = z.object({
  type: lowerSnake(50),
  occurredAt: ZInstant,
  payload: z.record(z.string(), z.unknown(), { message: "errors.field.invalid" }).default({}),
  /** The sender's id for the event: a retried push with the same id is recorded once. */
  externalId: z.string().trim().min(1, { message: "errors.field.required" }).max(200, { message: "errors.field.tooLong" }).optional(),
  /** Which system sent it (lower_snake, e.g. "shop", "app"); "api" when not given. */
  source: lowerSnake(50).optional(),
});

/**
 * Not too far in the future, not too big, and an order says how much and which order. zod runs this
 * even when a field already failed, so each check looks only at fields that parsed.
 */
export function checkCustomerEvent(value: z.output<typeof ZCustomerEventFields>, ctx: z.RefinementCtx): void {
  if (value.occurredAt instanceof Date && value.occurredAt.getTime() > Date.now() + EVENT_CLOCK_SKEW_MS) {
    ctx.addIssue({ code: "custom", path: ["occurredAt"], message: "segments.events.errors.occurredInFuture" });
  }
  if (!value.payload || typeof value.payload !== "object") return;
  if (JSON.stringify(value.payload).length > PAYLOAD_MAX_BYTES) {
    ctx.addIssue({ code: "custom", path: ["payload"], message: "segments.events.errors.payloadTooLarge" });
  }
  if (value.type === "order") {
    const order = ZOrderEventPayload.safeParse(value.payload);
    if (!order.success) {
      for (const issue of order.error.issues) ctx.addIssue({ code: "custom", path: ["payload", ...issue.path.map(String)], message: issue.message });
    }
  }
}

/** The REST/tRPC body: `occurredAt` as ISO-8601 with an offset. */
export const ZCustomerEventBody = ZCustomerEventFields.superRefine(checkCustomerEvent);

/** What the service takes: the body as sent, or as the router already parsed it (`occurredAt` a Date). */
export const ZCustomerEventInput = ZCustomerEventFields.extend({ occurredAt: z.union([z.date({ message: "errors.field.invalid" }), ZInstant]) }).superRefine(checkCustomerEvent);
export type TCustomerEventInput = z.input<typeof ZCustomerEventInput>;

export const ZCustomerEvent = z.object({
  id: z.string(),
  customerId: z.string(),
  type: z.string(),
  occurredAt: z.date(),
  payload: z.record(z.string(), z.unknown()),
  externalId: z.string().nullable(),
  source: z.string(),
  createdAt: z.date(),
});
export type TCustomerEvent = z.infer<typeof ZCustomerEvent>;

/** The answer to a push: the recorded event, and whether it had been recorded before (same externalId). */
export const ZRecordedCustomerEvent = ZCustomerEvent.extend({ replayed: z.boolean() });
export type TRecordedCustomerEvent = z.infer<typeof ZRecordedCustomerEvent>;

/** A customer's events, latest occurrence first. */
export const ZCustomerEventListInput = ZListInput.extend({
  type: lowerSnake(50).optional(),
});
export type TCustomerEventListInput = z.input<typeof ZCustomerEventListInput>;
