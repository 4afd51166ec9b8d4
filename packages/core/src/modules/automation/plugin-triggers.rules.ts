/**
 * Plugin triggers, pure: the dynamic layer of trigger events next to the static TRIGGER_EVENT_CATALOG.
 * A plugin installed for a tenant offers the triggers its manifest declares
 * (`contributes.automationTriggers`); a rule on one fires when that plugin emits the event for the
 * tenant, and only while the plugin stays installed there.
 */
import type { TPluginManifest } from "@qudao/plugins/manifest";
import { isPluginEvent, pluginIdOfEvent, TRIGGER_EVENT_CATALOG, type TPluginTrigger, type TriggerEvent } from "./automation.schemas.ts";

/** What the merge needs of an install: whose it is and what its running version declares. */
export type InstalledManifest = { pluginId: string; manifest: Pick<TPluginManifest, "id" | "name" | "contributes"> };

/**
 * The triggers the given installs offer, one per event, in install order (the first install of a
 * plugin wins when a partner also sees a platform-wide one). Only a plugin's own events count —
 * `<pluginId>.<name>`, as manifest lint demands — so a manifest can neither shadow a core event nor
 * offer another plugin's.
 */
export function pluginTriggersOf(installs: readonly InstalledManifest[]): TPluginTrigger[] {
  const seenPlugins = new Set<string>();
  const byEvent = new Map<string, TPluginTrigger>();
  for (const install of installs) {
    if (seenPlugins.has(install.pluginId) || install.manifest.id !== install.pluginId) continue;
    seenPlugins.add(install.pluginId);
    for (const trigger of install.manifest.contributes.automationTriggers) {
      if (pluginIdOfEvent(trigger.event) !== install.pluginId || byEvent.has(trigger.event)) continue;
      byEvent.set(trigger.event, {
        event: trigger.event,
        name: trigger.name,
        pluginId: install.pluginId,
        pluginName: install.manifest.name,
        label: trigger.label,
        fields: (trigger.fields ?? []).map((f) => ({ name: f.name, type: f.type, label: f.label })),
      });
    }
  }
  return [...byEvent.values()];
}

/**
 * The payload fields a condition may test for a trigger event (`event.<field>`): a core event's from
 * the static catalog, a plugin event's from its plugin's declaration; null when the event is neither
 * a core trigger nor offered by an installed plugin.
 */
export function triggerEventFields(event: string, pluginTriggers: readonly TPluginTrigger[]): readonly string[] | null {
  if (Object.hasOwn(TRIGGER_EVENT_CATALOG, event)) return TRIGGER_EVENT_CATALOG[event as TriggerEvent].fields;
  if (!isPluginEvent(event)) return null;
  const trigger = pluginTriggers.find((t) => t.event === event);
  return trigger ? trigger.fields.map((f) => f.name) : null;
}

/**
 * The part of a plugin event's payload rules see: the fields the trigger declares, nothing else (the
 * host's own `pluginId` / `partnerId` / `causedBy` and undeclared keys stay out of conditions).
 */
export function declaredPayload(trigger: TPluginTrigger, payload: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(trigger.fields.filter((f) => Object.hasOwn(payload, f.name)).map((f) => [f.name, payload[f.name]]));
}
