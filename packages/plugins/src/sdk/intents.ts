import { z } from "zod";
import { ZObjectRef } from "./manifest.ts";

/**
 * What a hook may ask the host to do. Hooks never act; they return intents, and the host checks each
 * against the install's granted permissions and the acting user's scope, then applies them in its own
 * transaction (or refuses and logs them). Parsing here is the first gate: a malformed intent is
 * refused before any permission check.
 */
const ZJsonValue: z.ZodType<unknown> = z.lazy(() =>
  z.union([z.string().max(10000), z.number(), z.boolean(), z.null(), z.array(ZJsonValue).max(500), z.record(z.string(), ZJsonValue)]),
);

export const ZRecordValues = z.record(z.string().regex(/^[a-zA-Z0-9_]{1,80}$/), ZJsonValue);

export const ZPatchIntent = z.object({
  type: z.literal("patch"),
  object: ZObjectRef,
  id: z.uuid(),
  /** Plugin fields only: `<ns>__x` custom fields on core objects, the object's own fields on plugin objects. */
  set: ZRecordValues,
});

export const ZCreateRecordIntent = z.object({
  type: z.literal("createRecord"),
  object: ZObjectRef,
  values: ZRecordValues,
});

export const ZCreateTaskIntent = z.object({
  type: z.literal("createTask"),
  /** The title as written (one language for everyone), unless `titleKey` is given. */
  title: z.string().trim().min(1).max(200).optional(),
  /** A key in the plugin's locales: each reader sees the title in their own language (with `params`). */
  titleKey: z.string().min(1).max(120).optional(),
  params: z.record(z.string(), z.union([z.string().max(500), z.number()])).optional(),
  note: z.string().max(2000).optional(),
  dueAt: z.iso.datetime({ offset: true }).optional(),
  /** Defaults to the acting user; must be a user the installer's scope can see. */
  assigneeUserId: z.uuid().optional(),
  related: z.object({ object: ZObjectRef, id: z.uuid() }).optional(),
}).refine((intent) => intent.title !== undefined || intent.titleKey !== undefined, { message: "createTask needs a title or a titleKey", path: ["title"] });

export const ZEmitEventIntent = z.object({
  type: z.literal("emitEvent"),
  /** `<pluginId>.<name>`: a plugin may emit only its own events. */
  name: z.string().regex(/^[a-z][a-z0-9.]*\.[a-z][a-zA-Z0-9]*$/),
  payload: ZRecordValues.default({}),
});

export const ZNotifyIntent = z.object({
  type: z.literal("notify"),
  /** Recipients: explicit users (within scope) or everyone with these roles at the installer. */
  userIds: z.array(z.uuid()).max(50).optional(),
  roles: z.array(z.enum(["admin", "manager", "rep"])).optional(),
  /** Keys in the plugin's locales. */
  titleKey: z.string().max(120),
  bodyKey: z.string().max(120).optional(),
  params: z.record(z.string(), z.union([z.string().max(500), z.number()])).default({}),
  link: z.object({ object: ZObjectRef, id: z.uuid() }).optional(),
});

/**
 * One line of a plugin-placed order, as core orders store it: quantity > 0 with up to four places, unit
 * price ≥ 0 with up to two (decimal strings). `category` is what commission rates key on (default: the
 * sku); `name` is for the plugin's own messages, core orders identify items by sku.
 */
export const ZCreateOrderItem = z.object({
  sku: z.string().trim().min(1).max(100),
  name: z.string().trim().min(1).max(200).optional(),
  category: z.string().trim().min(1).max(100).optional(),
  quantity: z.string().regex(/^\d{1,14}(\.\d{1,4})?$/).refine((v) => /[1-9]/.test(v)),
  unitPrice: z.string().regex(/^\d{1,16}(\.\d{1,2})?$/),
});

/**
 * Place a core order for the tenant partner through the order-ingest path (source `plugin`): before-save
 * `order` hooks, attribution and commissions apply as for any ingested order. Idempotent per plugin,
 * tenant and `externalId`: a second intent with the same externalId does nothing. Needs `orders:create`.
 */
export const ZCreateOrderIntent = z.object({
  type: z.literal("createOrder"),
  externalId: z.string().trim().min(1).max(100),
  /** A customer the tenant can read. */
  customerId: z.uuid(),
  /** Defaults to the invocation's `now`. */
  orderedAt: z.iso.datetime({ offset: true }).optional(),
  currency: z.literal("CNY").default("CNY"),
  items: z.array(ZCreateOrderItem).min(1).max(200),
  /** This plugin's own order fields (`<ns>__x`). */
  customFields: ZRecordValues.optional(),
  /** The plugin record the order comes from (a quote), kept with the order. */
  sourceRef: z.object({ object: ZObjectRef, id: z.uuid() }).optional(),
});
export type TCreateOrderIntent = z.infer<typeof ZCreateOrderIntent>;

export const ZIntent = z.discriminatedUnion("type", [
  ZPatchIntent,
  ZCreateRecordIntent,
  ZCreateTaskIntent,
  ZEmitEventIntent,
  ZNotifyIntent,
  ZCreateOrderIntent,
]);
export type TIntent = z.infer<typeof ZIntent>;

/** The permission each intent needs, or null when the intent names something no permission allows. */
export function permissionForIntent(intent: TIntent): string {
  switch (intent.type) {
    case "patch":
    case "createRecord":
      return `records:write:${intent.object}`;
    case "createTask":
      return "tasks:create";
    case "emitEvent":
      return "events:emit";
    case "notify":
      return "notify";
    case "createOrder":
      return "orders:create";
  }
}

/** A validate hook's answer: errors with keys in the plugin's locales, optionally per field. */
export const ZValidationError = z.object({
  field: z.string().max(80).optional(),
  messageKey: z.string().max(120),
  params: z.record(z.string(), z.union([z.string().max(500), z.number()])).default({}),
});
export const ZValidateResult = z.object({ errors: z.array(ZValidationError).max(50).default([]) });
export type TValidateResult = z.infer<typeof ZValidateResult>;

/** A compute hook's answer: values for the plugin's computed fields. */
export const ZComputeResult = z.object({ set: ZRecordValues.default({}) });
export type TComputeResult = z.infer<typeof ZComputeResult>;

/** An event or schedule hook's answer. */
export const ZEventResult = z.object({ intents: z.array(z.unknown()).max(100).default([]) });
