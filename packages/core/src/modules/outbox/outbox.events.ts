/** Domain events and their payloads. Consumers rely on these shapes; add fields, don't rename. */
export type DomainEvents = {
  "lead.created": { leadId: string; partnerId: string; assigneeId: string | null; actorUserId: string | null };
  "lead.updated": { leadId: string; partnerId: string; changed: string[]; actorUserId: string | null };
  "lead.assigned": {
    leadId: string;
    partnerId: string;
    assigneeId: string;
    previousAssigneeId: string | null;
    actorUserId: string | null;
  };
  "partner.created": { partnerId: string; parentPartnerId: string | null };
  "partner.updated": { partnerId: string; changed: string[] };
  "user.created": { userId: string; partnerId: string | null };
  "registration.decided": { registrationId: string; partnerId: string; status: string; reasonCode: string | null; customerId: string | null };
  "registration.expiring": { registrationId: string; partnerId: string; customerId: string; protectedUntil: string; createdById: string };
  "customer.ownership_changed": {
    customerId: string;
    event: string;
    partnerId: string | null;
    previousPartnerId: string | null;
    protectedUntil: string | null;
  };
  "customer.inactivity_warning": { customerId: string; partnerId: string; reclaimOn: string };
  "customer.merged": { survivorId: string; mergedId: string; mergeId: string };

  // Customer development (issue 4). Emitted by the module named, consumed by automation rules
  // (modules/automation), lifecycle/segments (modules/lifecycle) and notifications.
  /** modules/opportunities: created, stage moved, won, lost. */
  "opportunity.created": { opportunityId: string; partnerId: string; ownerId: string | null; stageId: string; amount: string };
  "opportunity.stage_changed": {
    opportunityId: string;
    partnerId: string;
    ownerId: string | null;
    fromStageId: string | null;
    toStageId: string;
    status: "open" | "won" | "lost";
    amount: string;
  };
  /** modules/opportunities, daily job: no stage change for the configured number of days. Once per stay in a stage. */
  "opportunity.stuck": { opportunityId: string; partnerId: string; ownerId: string | null; stageId: string; days: number };
  /** modules/activities: a call, visit, meeting… was logged (also moves the customer's follow-up clock). */
  "activity.logged": { activityId: string; partnerId: string; authorId: string; kind: string; customerId: string | null; leadId: string | null; opportunityId: string | null; occurredAt: string };
  /** modules/tasks */
  "task.assigned": { taskId: string; partnerId: string; assigneeId: string; previousAssigneeId: string | null; actorUserId: string | null };
  /** modules/lifecycle: POST /customers/{id}/events recorded something the customer did (e.g. a login, an order). */
  "customer.event_recorded": { customerId: string; eventId: string; type: string; occurredAt: string; ownerPartnerId: string | null };
  /** modules/lifecycle: the computed lifecycle stage changed. */
  "customer.lifecycle_changed": { customerId: string; ownerPartnerId: string | null; from: string; to: string };
  /** modules/lifecycle: a dormant or churned customer became active again (emitted with lifecycle_changed). */
  "customer.reactivated": { customerId: string; ownerPartnerId: string | null; from: string; reason: string };
  /** modules/tags: a tag was put on a customer (partnerId: who tagged; null for the platform). */
  "customer.tagged": { customerId: string; tagId: string; tagName: string; partnerId: string | null; ownerPartnerId: string | null };
  /** modules/team */
  "user.invited": { inviteId: string; partnerId: string; email: string; role: string };
  "user.deactivated": { userId: string; partnerId: string; reassignedToId: string | null };
  /** modules/imports */
  /** partnerId null: a platform import (orders, refunds; ADR 021). */
  "import.finished": { importJobId: string; partnerId: string | null; userId: string; status: string; importedRows: number; errorRows: number };

  // Orders (issue 5). Emitted by modules/orders; `order.ingested` is consumed by lifecycle (the
  // customer's stage) and, later, commission runs. Amounts are decimal strings with two places.
  /** A new order (never on a replay): who it is attributed to and which ownership record decided it. */
  "order.ingested": {
    orderId: string;
    externalId: string;
    /** The live customer the order counts for (the survivor when the sent id was merged away). */
    customerId: string;
    sentCustomerId: string;
    orderedAt: string;
    currency: string;
    total: string;
    attributedPartnerId: string | null;
    attributionOwnershipId: string | null;
    attributionReason: string | null;
  };
  /** A new refund of an order (never on a replay); refundedTotal is the order's sum of refunds after it. */
  "order.refunded": {
    orderId: string;
    orderExternalId: string;
    refundId: string;
    externalId: string;
    amount: string;
    refundedAt: string;
    refundedTotal: string;
    currency: string;
    customerId: string;
    attributedPartnerId: string | null;
  };
  /** modules/commissions: a plan version went into force from effectiveFrom (statements recompute from it). */
  "commission_plan.activated": { planId: string; version: number; effectiveFrom: string };
  /** modules/commissions: a statement moved to `status` (issued to the partner, confirmed by it, approved by finance). */
  "statement.issued": { statementId: string; partnerId: string; period: string; total: string; status: string };
  "statement.confirmed": { statementId: string; partnerId: string; period: string; total: string; status: string };
  "statement.approved": { statementId: string; partnerId: string; period: string; total: string; status: string };
  /** modules/commissions (payouts): the statement is settled by the payouts recorded (FIFO; ADR 022). */
  "statement.paid": { statementId: string; partnerId: string; period: string; total: string; status: string };

  // Disputes and payouts (issue 5 items 5 and 6; ADR 022). Amounts are decimal strings, two places.
  /** A partner questioned one line of its statement. */
  "dispute.raised": { disputeId: string; statementId: string; partnerId: string; period: string; lineId: string; lineKey: string; lineAmount: string; expectedAmount: string | null; raisedById: string };
  /** Finance accepted (an adjustment line was booked) or rejected it; consumed by notifications (the partner user who raised it). */
  "dispute.resolved": {
    disputeId: string;
    statementId: string;
    partnerId: string;
    period: string;
    raisedById: string;
    status: "accepted" | "rejected";
    adjustmentAmount: string | null;
    resolutionNote: string | null;
    /** The statement's status afterwards (still disputed while other disputes are open). */
    statementStatus: string;
  };
  /** The partner took its dispute back. */
  "dispute.withdrawn": { disputeId: string; statementId: string; partnerId: string; period: string; withdrawnById: string; statementStatus: string };
  /** Finance recorded money paid to a partner; settledStatementIds are the statements it settled (marked paid). */
  "payout.recorded": { payoutId: string; partnerId: string; statementId: string; amount: string; paidOn: string; reference: string; balance: string; settledStatementIds: string[] };

  // Customer entitlements (issue 5 item 9). Emitted by modules/entitlements; value is a decimal string
  // (CNY, two places), period the "YYYY-MM" the request counts against.
  "entitlement.requested": { entitlementId: string; partnerId: string; customerId: string; type: string; value: string; period: string; requestedById: string };
  "entitlement.approved": { entitlementId: string; partnerId: string; customerId: string; type: string; value: string; period: string; requestedById: string; decidedById: string | null };
  "entitlement.rejected": { entitlementId: string; partnerId: string; customerId: string; type: string; value: string; period: string; requestedById: string; decidedById: string | null; note: string };
  /** Once per entitlement: issuing again answers with the issued entitlement and emits nothing. */
  "entitlement.issued": { entitlementId: string; partnerId: string; customerId: string; type: string; value: string; period: string; requestedById: string; issuedById: string | null; reference: string | null };
  "entitlement.cancelled": { entitlementId: string; partnerId: string; customerId: string; type: string; value: string; period: string; requestedById: string };

  // Plugins (issue 6). Emitted by modules/plugins; consumers notify the developer and the tenant's admins.
  /** A reviewer approved or rejected an uploaded version. */
  "plugin.version_reviewed": { pluginId: string; versionId: string; version: string; status: "approved" | "rejected"; developerId: string };
  /** An approved version asks for more than an install granted: it waits for the tenant admin's consent. */
  "plugin.consent_needed": { pluginId: string; installId: string; partnerId: string | null; version: string; added: string[] };
  /** The circuit breaker stopped a plugin for a tenant after repeated hook failures. */
  "plugin.circuit_opened": { pluginId: string; installId: string; partnerId: string | null; hook: string; failures: number; developerId: string };
  /** A version was installed, upgraded, rolled back, uninstalled or restored for a tenant. */
  "plugin.install_changed": { pluginId: string; installId: string; partnerId: string | null; action: string; version: string };
};

/**
 * Record events of plugin objects: `<ns>__<object>.created|updated|deleted`, dynamic names that plugin
 * event hooks subscribe to. They go through the same outbox; their payload is always this shape.
 */
export type PluginRecordEvent = { recordId: string; object: string; pluginId: string; partnerId: string | null; actorUserId: string | null; changed: string[] };

export type DomainEventType = keyof DomainEvents;
