/**
 * Relation fields of every model, and the relations a partner actor may follow with include/select.
 * scope.rules.test.ts checks RELATIONS against prisma/schema.prisma, so a new relation cannot be
 * forgotten here. A relation is partner-safe only when the rows it reaches are already inside the
 * partner's scope (e.g. a visible lead's assignee), never when it fans out to partner-owned rows.
 */
export const RELATIONS = {
  Partner: {
    parent: "Partner",
    subDealers: "Partner",
    memberships: "Membership",
    leads: "Lead",
    customers: "Customer",
    registrations: "Registration",
    tasks: "Task",
  },
  User: {
    sessions: "Session",
    membership: "Membership",
    platformRoles: "PlatformRole",
    apiKeys: "ApiKey",
    assignedLeads: "Lead",
    createdLeads: "Lead",
    notifications: "Notification",
    tasks: "Task",
  },
  Membership: { user: "User", partner: "Partner" },
  PlatformRole: { user: "User" },
  Session: { user: "User" },
  ApiKey: { user: "User" },
  LoginAttempt: {},
  Customer: {
    ownerPartner: "Partner",
    leads: "Lead",
    identities: "CustomerIdentity",
    registrations: "Registration",
    ownership: "CustomerOwnership",
  },
  Lead: { partner: "Partner", assignee: "User", createdBy: "User", customer: "Customer" },
  AuditLog: {},
  OutboxEvent: {},
  Notification: { user: "User" },
  IdempotencyRecord: {},
  CustomerIdentity: { customer: "Customer" },
  Registration: { partner: "Partner", customer: "Customer" },
  CustomerOwnership: { customer: "Customer", merge: "CustomerMerge" },
  PlatformSetting: {},
  CustomerMerge: { ownership: "CustomerOwnership" },
  Task: { partner: "Partner", assignee: "User" },
} as const satisfies Record<string, Record<string, string>>;

export type ModelName = keyof typeof RELATIONS;

export const PARTNER_SAFE_RELATIONS: { [M in ModelName]?: ReadonlyArray<keyof (typeof RELATIONS)[M]> } = {
  Lead: ["partner", "assignee", "createdBy"],
  Membership: ["user", "partner"],
  User: ["membership"],
  Task: ["assignee"],
};

export function isModelName(value: string): value is ModelName {
  return value in RELATIONS;
}
