/**
 * Which plugin fields of a core record a reader sees (pure). Values stay in the record's
 * `customFields` after their plugin is uninstalled (quarantined, restorable for 30 days) or when
 * another partner's plugin wrote them; readers see only the fields of plugins installed for them.
 */
import type { CORE_FIELD_TARGETS } from "@qudao/plugins/manifest";

export type CoreFieldObject = (typeof CORE_FIELD_TARGETS)[number];

type WithFieldContributions = { manifest: { contributes: { fields: ReadonlyArray<{ object: string; name: string }> } } };

/** The names of the fields the given installs contribute to `object`. */
export function coreFieldNames(installs: ReadonlyArray<WithFieldContributions>, object: CoreFieldObject): Set<string> {
  return new Set(installs.flatMap((install) => install.manifest.contributes.fields.filter((f) => f.object === object).map((f) => f.name)));
}

/** The stored values of the named fields only; empty values are left out. */
export function visibleCustomFields(stored: unknown, names: ReadonlySet<string>): Record<string, unknown> {
  if (typeof stored !== "object" || stored === null || Array.isArray(stored)) return {};
  const visible: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(stored)) {
    if (names.has(name) && value !== null && value !== undefined) visible[name] = value;
  }
  return visible;
}
