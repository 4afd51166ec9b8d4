/**
 * Plugin field values on core list rows (issue 6: plugin list columns). A list page shows a plugin's
 * field as a column, so each row carries `customFields` — only the fields of the plugins installed
 * for the reader, like `getCustomFields` answers for one record.
 */
import { can, type Actor } from "../../actor/index.ts";
import { coreFieldNames, visibleCustomFields, type CoreFieldObject } from "./core-fields.rules.ts";
import { findCustomFieldValues } from "./core-fields.repository.ts";
import { installsForActor } from "./installed-plugins.ts";

/** A page of core rows (already read in the actor's scope) with their visible plugin field values. */
export async function withCustomFields<T extends { id: string }>(
  actor: Actor,
  object: CoreFieldObject,
  page: { items: T[]; nextCursor: string | null },
): Promise<{ items: Array<T & { customFields: Record<string, unknown> }>; nextCursor: string | null }> {
  const names = can(actor, "customObject:read") ? coreFieldNames(await installsForActor(actor), object) : new Set<string>();
  const stored = names.size > 0 ? await findCustomFieldValues(object, page.items.map((item) => item.id)) : new Map<string, unknown>();
  return { ...page, items: page.items.map((item) => ({ ...item, customFields: visibleCustomFields(stored.get(item.id), names) })) };
}

/** Several lists of rows at once (e.g. My Day's groups), each row with its visible plugin field values; one read. */
export async function withCustomFieldsIn<G extends Record<string, Array<{ id: string }>>>(
  actor: Actor,
  object: CoreFieldObject,
  groups: G,
): Promise<{ [K in keyof G]: Array<G[K][number] & { customFields: Record<string, unknown> }> }> {
  const all = await withCustomFields(actor, object, { items: Object.values(groups).flat(), nextCursor: null });
  const byId = new Map(all.items.map((item) => [item.id, item.customFields]));
  return Object.fromEntries(Object.entries(groups).map(([name, rows]) => [name, rows.map((row) => ({ ...row, customFields: byId.get(row.id) ?? {} }))])) as {
    [K in keyof G]: Array<G[K][number] & { customFields: Record<string, unknown> }>;
  };
}
