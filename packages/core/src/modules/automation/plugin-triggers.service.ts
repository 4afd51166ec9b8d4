/**
 * Plugin triggers for a tenant: what the rule editor offers, what saving a rule checks, what the
 * engine runs and how a rule's plugin trigger reads in lists. Installed means an active install
 * (not uninstalled, not stopped by the breaker) of a version whose manifest declares the trigger.
 */
import { ZPluginManifest } from "@qudao/plugins/manifest";
import { systemActor } from "../../actor/index.ts";
import { installsForActor, installsForPartner } from "../plugins/installed-plugins.ts";
import { findLastInstalledManifests } from "./automation.repository.ts";
import { pluginIdOfEvent, type TPluginTrigger, type TRulePluginTrigger, type TTrigger } from "./automation.schemas.ts";
import { pluginTriggersOf, type InstalledManifest } from "./plugin-triggers.rules.ts";

/**
 * The triggers offered to a tenant's rules: a partner's, those of the plugins installed for it (its own
 * installs and platform-wide ones); the platform's (null), those of every plugin installed anywhere —
 * a platform rule on one fires for each partner that has the plugin.
 */
export async function pluginTriggersFor(partnerId: string | null): Promise<TPluginTrigger[]> {
  const installs = partnerId === null ? await installsForActor(systemActor("automation catalog")) : await installsForPartner(partnerId);
  return pluginTriggersOf(installs);
}

/**
 * How each rule's plugin trigger reads, for the tenant it runs for (`tenantOf(rule)`): available with
 * the installed manifest's labels, or unavailable with the labels of the last install the reader can
 * see. Core and schedule triggers get null.
 */
export async function describePluginTriggers<R extends { id: string; trigger: TTrigger | null }>(
  rules: readonly R[],
  tenantOf: (rule: R) => string | null,
): Promise<Map<string, TRulePluginTrigger>> {
  const out = new Map<string, TRulePluginTrigger>();
  const withPlugin = rules.flatMap((rule) => {
    const pluginId = rule.trigger?.type === "event" ? pluginIdOfEvent(rule.trigger.event) : null;
    return pluginId && rule.trigger?.type === "event" ? [{ rule, pluginId, event: rule.trigger.event }] : [];
  });
  if (withPlugin.length === 0) return out;
  const offered = new Map<string | null, TPluginTrigger[]>();
  for (const tenant of new Set(withPlugin.map(({ rule }) => tenantOf(rule)))) offered.set(tenant, await pluginTriggersFor(tenant));

  const missing = withPlugin.filter(({ rule, event }) => !offered.get(tenantOf(rule))!.some((t) => t.event === event));
  const former = missing.length > 0 ? await formerTriggers([...new Set(missing.map((m) => m.pluginId))]) : [];
  for (const { rule, pluginId, event } of withPlugin) {
    const current = offered.get(tenantOf(rule))!.find((t) => t.event === event);
    const known = current ?? former.find((t) => t.event === event);
    out.set(rule.id, { pluginId, pluginName: known?.pluginName ?? null, label: known?.label ?? null, available: Boolean(current) });
  }
  return out;
}

/** The triggers the last visible installs of these plugins declared (newest install first). */
async function formerTriggers(pluginIds: string[]): Promise<TPluginTrigger[]> {
  const installs: InstalledManifest[] = [];
  for (const row of await findLastInstalledManifests(pluginIds)) {
    const manifest = ZPluginManifest.safeParse(row.manifest);
    if (manifest.success) installs.push({ pluginId: row.pluginId, manifest: manifest.data });
  }
  return pluginTriggersOf(installs);
}
