export { startWorker, type RunningWorker } from "../jobs/worker.ts";
export { dispatchOutbox, createDomainEventQueue } from "../jobs/outbox-dispatcher.ts";
export { handleDomainEvent } from "../jobs/domain-event.handler.ts";
export { closeImportsQueue } from "../jobs/import.job.ts";
