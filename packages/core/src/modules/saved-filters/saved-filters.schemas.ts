import { z } from "zod";
import { requiredText, ZListInput } from "../shared.schemas.ts";

/** List views a filter can be saved for (the UI offers it on leads and customers). */
export const SAVED_FILTER_ENTITIES = ["leads", "customers", "opportunities", "activities", "tasks"] as const;
export type TSavedFilterEntity = (typeof SAVED_FILTER_ENTITIES)[number];
const ZEntity = z.enum(SAVED_FILTER_ENTITIES, { message: "errors.field.invalidOption" });

/** Query-string parameters that are about paging or notices, not about what the list shows. */
const NOT_SAVED = new Set(["cursor", "notice", "savedFilter"]);
const MAX_PARAMETERS = 20;

/**
 * A list's query string as parameters (`{q: "杭州", tagId: "…"}`); applying the filter opens the list
 * with them. Empty values and paging are dropped.
 */
export const ZSavedFilterQuery = z
  .record(
    z.string().regex(/^[A-Za-z][A-Za-z0-9_.]{0,49}$/, { message: "segments.savedFilters.errors.queryKey" }),
    z.string({ message: "errors.field.invalid" }).max(500, { message: "errors.field.tooLong" }),
    { message: "errors.field.invalid" },
  )
  .transform((query) => Object.fromEntries(Object.entries(query).filter(([key, value]) => !NOT_SAVED.has(key) && value.trim() !== "")))
  .refine((query) => Object.keys(query).length <= MAX_PARAMETERS, { message: "segments.savedFilters.errors.tooManyParameters" });
export type TSavedFilterQuery = z.output<typeof ZSavedFilterQuery>;

export const ZSavedFilterInput = z.object({
  entity: ZEntity,
  name: requiredText(50),
  query: ZSavedFilterQuery,
  /** Shared with the team: everyone in the partner (staff: every platform user) can apply it. */
  shared: z.boolean({ message: "errors.field.invalid" }).default(false),
});
export type TSavedFilterInput = z.input<typeof ZSavedFilterInput>;

export const ZSavedFilterUpdateInput = z.object({
  name: requiredText(50).optional(),
  shared: z.boolean({ message: "errors.field.invalid" }).optional(),
});
export type TSavedFilterUpdateInput = z.input<typeof ZSavedFilterUpdateInput>;

export const ZSavedFilterListInput = ZListInput.extend({ entity: ZEntity.optional() });
export type TSavedFilterListInput = z.input<typeof ZSavedFilterListInput>;

export const ZSavedFilter = z.object({
  id: z.string(),
  entity: ZEntity,
  name: z.string(),
  query: z.record(z.string(), z.string()),
  shared: z.boolean(),
  /** The caller's own (it may rename, share and delete it), or a teammate's shared one. */
  mine: z.boolean(),
  ownerName: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type TSavedFilter = z.infer<typeof ZSavedFilter>;

/** The list URL a saved filter opens. */
export function savedFilterSearch(query: Record<string, string>): string {
  const search = new URLSearchParams(Object.entries(query).sort(([a], [b]) => a.localeCompare(b))).toString();
  return search ? `?${search}` : "";
}
