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
    pipelines: "Pipeline",
    opportunities: "Opportunity",
    activities: "Activity",
    invites: "Invite",
    importJobs: "ImportJob",
    attributedOrders: "Order",
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
    ownedOpportunities: "Opportunity",
    createdOpportunities: "Opportunity",
    activities: "Activity",
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
    opportunities: "Opportunity",
    activities: "Activity",
    tags: "CustomerTag",
    events: "CustomerEvent",
    orders: "Order",
  },
  Lead: { partner: "Partner", assignee: "User", createdBy: "User", customer: "Customer", opportunities: "Opportunity", activities: "Activity" },
  AuditLog: {},
  OutboxEvent: {},
  Notification: { user: "User" },
  IdempotencyRecord: {},
  CustomerIdentity: { customer: "Customer" },
  Registration: { partner: "Partner", customer: "Customer" },
  CustomerOwnership: { customer: "Customer", merge: "CustomerMerge", attributedOrders: "Order" },
  PlatformSetting: {},
  CustomerMerge: { ownership: "CustomerOwnership" },
  Task: { partner: "Partner", assignee: "User" },
  Pipeline: { partner: "Partner", stages: "PipelineStage", opportunities: "Opportunity" },
  PipelineStage: { pipeline: "Pipeline", opportunities: "Opportunity" },
  Opportunity: {
    partner: "Partner",
    pipeline: "Pipeline",
    stage: "PipelineStage",
    customer: "Customer",
    lead: "Lead",
    owner: "User",
    createdBy: "User",
    stageChanges: "OpportunityStageChange",
    activities: "Activity",
  },
  OpportunityStageChange: { opportunity: "Opportunity" },
  Activity: { partner: "Partner", author: "User", lead: "Lead", customer: "Customer", opportunity: "Opportunity" },
  Invite: { partner: "Partner" },
  Tag: { customers: "CustomerTag" },
  CustomerTag: { customer: "Customer", tag: "Tag" },
  SavedFilter: {},
  CustomerEvent: { customer: "Customer" },
  AutomationRule: { runs: "AutomationRun" },
  AutomationRun: { rule: "AutomationRule" },
  ImportJob: { partner: "Partner" },
  Order: { customer: "Customer", attributedPartner: "Partner", attributionOwnership: "CustomerOwnership", items: "OrderItem", refunds: "OrderRefund" },
  OrderItem: { order: "Order" },
  OrderRefund: { order: "Order" },
  CommissionPlan: {},
} as const satisfies Record<string, Record<string, string>>;

export type ModelName = keyof typeof RELATIONS;

export const PARTNER_SAFE_RELATIONS: { [M in ModelName]?: ReadonlyArray<keyof (typeof RELATIONS)[M]> } = {
  Lead: ["partner", "assignee", "createdBy"],
  Membership: ["user", "partner"],
  User: ["membership"],
  Task: ["assignee"],
  // Pipelines and stages are shared reference data (the platform's, or the partner's own).
  Pipeline: ["stages"],
  PipelineStage: ["pipeline"],
  Opportunity: ["partner", "pipeline", "stage", "owner", "createdBy"],
  Activity: ["author"],
  CustomerTag: ["tag"],
};

export function isModelName(value: string): value is ModelName {
  return value in RELATIONS;
}
