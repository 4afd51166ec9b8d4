/** zod building blocks shared by module schemas. Messages are i18n keys, translated at the edge. */
import { z } from "zod";

export const ZId = z.uuid({ message: "errors.field.invalid" });

export const requiredText = (max: number) =>
  z
    .string({ message: "errors.field.required" })
    .trim()
    .min(1, { message: "errors.field.required" })
    .max(max, { message: "errors.field.tooLong" });

/** Optional text: blank means "not set" (null), so forms and APIs can clear a field. */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { message: "errors.field.tooLong" })
    .nullish()
    .transform((v) => (v ? v : null));

/** Built once: constructing a zod schema per value cost ~10× the check itself (imports check every row). */
const emailFormat = z.email();

export const optionalEmail = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, { message: "errors.field.tooLong" })
  .nullish()
  .transform((v) => (v ? v : null))
  .refine((v) => v === null || emailFormat.safeParse(v).success, { message: "errors.field.email" });

/** Loose phone check for leads (mobile, landline, extension); strict E.164 normalisation comes with registrations. */
export const optionalPhone = z
  .string()
  .trim()
  .max(40, { message: "errors.field.tooLong" })
  .nullish()
  .transform((v) => (v ? v : null))
  .refine((v) => v === null || (/^[+\d\s\-().（）—－]+$/.test(v) && v.replace(/\D/g, "").length >= 5), {
    message: "errors.field.phone",
  });

export const ZListInput = z.object({
  limit: z.coerce.number().int().min(1, { message: "errors.field.invalid" }).max(200, { message: "errors.field.invalid" }).default(50),
  /** The last id of the previous page (ids are UUID v7, so "older" is "smaller"). */
  cursor: z.uuid({ message: "errors.field.invalidCursor" }).optional(),
});

export function page<T extends { id: string }>(rows: T[], limit: number): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? (items[items.length - 1]?.id ?? null) : null };
}

/**
 * Booleans in query strings: REST sends "true"/"false" (trpc-to-openapi needs z.stringbool for query
 * parameters), while tRPC callers and services pass real booleans. Routers use `queryFlag`, the
 * services (which parse their input again) use `flag`.
 */
export const queryFlag = z.stringbool().optional();
export const flag = z.union([z.boolean(), z.stringbool()]).optional();

/** An instant in API.md's "Time" form, ISO-8601 with an offset (`2026-11-25T18:00:00+08:00` or `…Z`), parsed to a Date. */
export const ZInstant = z.iso.datetime({ offset: true, message: "errors.field.invalid" }).transform((v) => new Date(v));

/** The same, kept as the string: a service can parse again what its router already parsed (it reads it with `new Date()`). */
export const ZInstantText = z.iso.datetime({ offset: true, message: "errors.field.invalid" });

/**
 * Money as people type it — "12,345.60", "12 345.6", full-width commas too (separators are dropped) —
 * kept as a string: at most 16 digits and two places, never negative, never a float (API.md).
 */
export const moneyText = (message: string) =>
  z.preprocess(
    (value) => (typeof value === "string" ? value.replace(/[\s,，]/g, "") : value),
    z.string({ message: "errors.field.required" }).min(1, { message: "errors.field.required" }).regex(/^\d{1,16}(\.\d{1,2})?$/, { message }),
  );
