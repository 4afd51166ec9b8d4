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
};

export type DomainEventType = keyof DomainEvents;
