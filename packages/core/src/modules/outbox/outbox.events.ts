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
};

export type DomainEventType = keyof DomainEvents;
