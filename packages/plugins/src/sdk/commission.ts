import { z } from "zod";
import { ZObjectRef } from "./manifest.ts";

/**
 * What a `commission` hook returns (ADR 025), checked in the sandbox host before core sees it: the
 * shape only. Whether an order id is one of the inputs, a source record is readable, a message key
 * exists and `amount` is `base × rate` to the cent is core's to judge (it knows the inputs), with the
 * same answer: the whole result is refused, never part of it.
 */

/** A decimal string as the database stores a line's base: up to 18 digits and 6 places. */
const BASE = /^-?\d{1,18}(\.\d{1,6})?$/;
/** A rate: up to 8 places (the line's rate column), 0 to 1 checked by core. */
const RATE = /^\d{1,4}(\.\d{1,8})?$/;
/** An amount: exactly two places, up to 16 digits. */
const AMOUNT = /^-?\d{1,16}\.\d{2}$/;

/** Lines one call may return. */
export const MAX_COMMISSION_LINES = 5000;

export const COMMISSION_HOOK_LINE_KINDS = ["earn", "bonus", "clawback"] as const;

export const ZCommissionHookLine = z.strictObject({
  kind: z.enum(COMMISSION_HOOK_LINE_KINDS),
  base: z.string().regex(BASE),
  rate: z.string().regex(RATE).optional(),
  amount: z.string().regex(AMOUNT),
  orderId: z.uuid().optional(),
  sourceRef: z.strictObject({ object: ZObjectRef, id: z.uuid() }).optional(),
  description: z.strictObject({
    messageKey: z.string().regex(/^[a-zA-Z0-9_.-]{1,120}$/),
    params: z.record(z.string().max(80), z.union([z.string().max(500), z.number().finite()])).default({}),
  }),
});
export type TCommissionHookLine = z.infer<typeof ZCommissionHookLine>;

export const ZCommissionHookResult = z.object({ lines: z.array(ZCommissionHookLine).max(MAX_COMMISSION_LINES) });
export type TCommissionHookResult = z.infer<typeof ZCommissionHookResult>;
