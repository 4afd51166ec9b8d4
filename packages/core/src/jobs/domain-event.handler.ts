/**
 * Routes a delivered domain event to its consumers. Every consumer is idempotent, because delivery is
 * at-least-once (a crash between "added to queue" and "marked dispatched" re-sends the event).
 */
import { runAsSystem } from "../db/index.ts";
import { automationConsumersFor } from "../modules/automation/index.ts";
import { notifyLeadAssigned, notifyRegistrationDecided } from "../modules/notifications/index.ts";
import { notifyImportFinished } from "../modules/imports/index.ts";
import { recomputeOnActivityLogged, recomputeOnCustomerEvent, recomputeOnOpportunityMoved } from "../modules/lifecycle/index.ts";
import type { DomainEvents } from "../modules/outbox/outbox.events.ts";
import { notifyTaskAssigned } from "../modules/tasks/index.ts";
import { recomputeOnOrderIngested } from "../modules/orders/index.ts";
import { notifySuccessor } from "../modules/team/index.ts";
import { notifyDisputeResolved, notifyStatementApproved, notifyStatementIssued } from "../modules/commissions/index.ts";
import { fanOutPluginHooks, notifyCircuitOpened, notifyConsentNeeded, notifyVersionReviewed } from "../modules/plugins/index.ts";
import { ZDomainEventJob } from "./domain-event.job.ts";

type Consumer = (eventId: string, payload: never) => Promise<unknown>;

const CONSUMERS: { [T in keyof DomainEvents]?: Array<(eventId: string, payload: DomainEvents[T]) => Promise<unknown>> } = {
  "lead.assigned": [notifyLeadAssigned],
  "registration.decided": [notifyRegistrationDecided],
  "import.finished": [notifyImportFinished],
  "task.assigned": [notifyTaskAssigned],
  "user.deactivated": [notifySuccessor],
  // A login, an order or a logged call may start, keep or bring back a customer (lifecycle stage).
  "customer.event_recorded": [recomputeOnCustomerEvent],
  "activity.logged": [recomputeOnActivityLogged],
  // A won deal is a purchase: the customer becomes new (or active, or comes back).
  "opportunity.stage_changed": [recomputeOnOpportunityMoved],
  // A real order (issue 5): the customer becomes new, stays active or comes back.
  "order.ingested": [recomputeOnOrderIngested],
  // Finance answered a partner's dispute: the person who raised it hears (ADR 022).
  "dispute.resolved": [notifyDisputeResolved],
  // A statement waits for the partner's confirmation, or was approved for payment: its admins and managers hear.
  "statement.issued": [notifyStatementIssued],
  "statement.approved": [notifyStatementApproved],
  // Plugins (issue 6): the developer and the tenant's admins hear about reviews, consent and the breaker.
  "plugin.version_reviewed": [notifyVersionReviewed],
  "plugin.consent_needed": [notifyConsentNeeded],
  "plugin.circuit_opened": [notifyCircuitOpened],
};

export async function handleDomainEvent(data: unknown): Promise<{ consumers: number }> {
  const job = ZDomainEventJob.parse(data);
  // Automation rules come last: every trigger event also runs the matching rules (modules/automation).
  const consumers = [...(CONSUMERS[job.type as keyof DomainEvents] ?? []), ...automationConsumersFor(job.type)] as Consumer[];
  const queued = await runAsSystem(`event:${job.type}`, async () => {
    for (const consume of consumers) await consume(job.eventId, job.payload as never);
    // Plugin event hooks subscribed to this event for its tenant run as their own jobs (plugin-hooks queue).
    return (await fanOutPluginHooks(job)).queued;
  });
  return { consumers: consumers.length + queued };
}
