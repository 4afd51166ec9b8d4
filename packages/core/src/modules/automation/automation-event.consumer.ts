/**
 * Consumer of every automation trigger event — the core ones (TRIGGER_EVENTS) and plugins' own events
 * (`<pluginId>.<name>`, written to the same outbox by the host's emitEvent intent) — runs the matching
 * rules once per event. Idempotent through AutomationRun's unique (ruleId, triggerKey); see
 * rule-engine.service.ts.
 */
import { isPluginEvent, isTriggerEvent } from "./automation.schemas.ts";
import { runEventRules } from "./rule-engine.service.ts";

type EventConsumer = (eventId: string, payload: never) => Promise<unknown>;

/** The automation consumer for an event type (none for types no rule can be triggered by). */
export function automationConsumersFor(type: string): EventConsumer[] {
  if (!isTriggerEvent(type) && !isPluginEvent(type)) return [];
  return [(eventId: string, payload: never) => runEventRules(type, eventId, payload as Record<string, unknown>)];
}
