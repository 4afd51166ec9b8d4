/**
 * `reference: "partner"` fields (ADR 026): a plugin field — on a plugin object or a
 * core record — that points at a partner organisation. Platform staff may pick any partner; a
 * partner's user its own partner and its sub-dealers (at any depth). Anything else is "not found",
 * like another partner's record everywhere.
 */
import type { TFieldDefinition } from "@qudao/plugins/manifest";
import { requirePermission, type Actor } from "../../actor/index.ts";
import { db, runAsSystem } from "../../db/index.ts";
import type { ValueIssue } from "./custom-values.rules.ts";
import { PARTNER_OBJECT, tenantPartnerIds } from "./hook-reader.ts";

/** The partners an actor may pick: null = every partner (platform staff and the system), else these ids. */
export async function pickablePartnerIds(actor: Actor): Promise<string[] | null> {
  if (actor.kind === "partner") return (await tenantPartnerIds(db, actor.partnerId)) ?? [];
  if (actor.kind === "platform" || actor.kind === "system") return null;
  return [];
}

/** Issues for partner references the actor may not set (checked values: ids already normalised). */
export async function checkPartnerReferences(actor: Actor, fields: readonly TFieldDefinition[], values: Record<string, unknown>, pathPrefix?: string): Promise<ValueIssue[]> {
  const wanted = fields.filter((f) => f.type === "reference" && f.reference === PARTNER_OBJECT && typeof values[f.name] === "string");
  if (wanted.length === 0) return [];
  const ids = [...new Set(wanted.map((f) => values[f.name] as string))];
  const pickable = await pickablePartnerIds(actor);
  const candidates = pickable === null ? ids : ids.filter((id) => pickable.includes(id));
  const existing = candidates.length === 0 ? [] : await runAsSystem("partner reference check", () => db.partner.findMany({ where: { id: { in: candidates } }, select: { id: true } }));
  const found = new Set(existing.map((p) => p.id));
  return wanted
    .filter((f) => !found.has(values[f.name] as string))
    .map((f) => ({ path: pathPrefix ? `${pathPrefix}.${f.name}` : f.name, message: "pluginExtensions.errors.partnerNotFound" }));
}

/** A partner a `partner` reference field may hold, as the record forms offer it. */
export type TPartnerChoice = { id: string; name: string; tier: string; parentId: string | null };

/** At most this many choices (the platform has every partner; a form is not a directory). */
export const MAX_PARTNER_CHOICES = 500;

/**
 * The partners the caller may pick in a `partner` reference field (and whose names record pages show):
 * a partner's user its own partner and its sub-dealers, staff every partner (by name). Needs the right
 * to read plugin records.
 */
export async function partnerChoices(actor: Actor): Promise<TPartnerChoice[]> {
  requirePermission(actor, "customObject:read");
  const pickable = await pickablePartnerIds(actor);
  const rows = await runAsSystem("partner choices", () =>
    db.partner.findMany({
      where: pickable === null ? {} : { id: { in: pickable } },
      select: { id: true, name: true, tier: true, parentPartnerId: true },
      orderBy: [{ name: "asc" }, { id: "asc" }],
      take: MAX_PARTNER_CHOICES,
    }),
  );
  return rows.map((r) => ({ id: r.id, name: r.name, tier: r.tier, parentId: r.parentPartnerId }));
}
