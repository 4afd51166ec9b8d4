/**
 * Pure row-level scoping: for an actor, a model and an operation, the filter to add, the values a
 * create must carry, or a refusal. The Prisma extension in scoped-client.ts applies these; nothing
 * else in Qudao writes `where: { partnerId }` by hand.
 */
import type { Actor, DeveloperActor, PartnerActor } from "../actor/actor.ts";
import { can } from "../actor/permissions.rules.ts";
import type { ModelName } from "./relations.ts";

export type OperationKind = "read" | "create" | "update" | "delete" | "upsert";

export type ScopeDecision =
  | { type: "all" }
  /** Add `where` to reads, updates and deletes (merged with AND). Creates must carry `stamp` values. */
  | { type: "filter"; where: Record<string, unknown>; stamp?: Record<string, unknown> }
  | { type: "deny"; reason: string };

const READ_OPS = new Set([
  "findUnique",
  "findUniqueOrThrow",
  "findFirst",
  "findFirstOrThrow",
  "findMany",
  "count",
  "aggregate",
  "groupBy",
]);
const CREATE_OPS = new Set(["create", "createMany", "createManyAndReturn"]);
const UPDATE_OPS = new Set(["update", "updateMany", "updateManyAndReturn"]);
const DELETE_OPS = new Set(["delete", "deleteMany"]);

export function operationKind(operation: string): OperationKind | undefined {
  if (READ_OPS.has(operation)) return "read";
  if (CREATE_OPS.has(operation)) return "create";
  if (UPDATE_OPS.has(operation)) return "update";
  if (DELETE_OPS.has(operation)) return "delete";
  if (operation === "upsert") return "upsert";
  return undefined;
}

const all: ScopeDecision = { type: "all" };
const deny = (reason: string): ScopeDecision => ({ type: "deny", reason });
const filter = (where: Record<string, unknown>, stamp?: Record<string, unknown>): ScopeDecision =>
  stamp ? { type: "filter", where, stamp } : { type: "filter", where };

/** Models only the system (auth module, worker, API plumbing) touches. */
const SYSTEM_ONLY: ReadonlySet<ModelName> = new Set(["Session", "LoginAttempt", "IdempotencyRecord"]);

export function scopeFor(actor: Actor, model: ModelName, op: OperationKind): ScopeDecision {
  if (actor.kind === "system") return all;
  if (actor.kind === "anonymous") return deny("anonymous actor");
  if (SYSTEM_ONLY.has(model)) return deny(`${model} is system-only`);

  // Rows that belong to a user whatever their kind.
  if (model === "Notification") {
    if (op === "create" || op === "upsert" || op === "delete") return deny("notifications are written by the system");
    return filter({ userId: actor.userId });
  }
  if (model === "ApiKey") {
    if (op === "upsert" || op === "delete") return deny("api keys are revoked, not deleted");
    return filter({ userId: actor.userId }, { userId: actor.userId });
  }
  if (model === "OutboxEvent") return op === "create" ? all : deny("outbox is read by the dispatcher only");
  if (model === "AuditLog") {
    if (op === "create") return all;
    if (op === "read" && can(actor, "audit:read")) return all;
    return deny("audit log is append-only and platform-only");
  }

  // Ownership history is append-only for everyone but the system (which never rewrites it either).
  if (model === "CustomerOwnership" && (op === "update" || op === "delete" || op === "upsert")) {
    return deny("ownership history is append-only");
  }

  if (actor.kind === "platform") {
    if (model === "PlatformRole" && op !== "read" && !actor.roles.includes("admin")) return deny("platform roles are managed by admins");
    if (model === "PlatformSetting" && op !== "read" && !actor.roles.includes("admin")) return deny("settings are changed by platform admins");
    // Staff see and start platform imports (orders, refunds: ADR 021), stamped with who uploaded; a partner's imports are that partner's work.
    if (model === "ImportJob") return op === "delete" ? deny("imports are kept as a record") : filter({ partnerId: null }, { partnerId: null, userId: actor.userId });
    return all;
  }
  if (actor.kind === "developer") return developerScope(actor, model, op);
  return partnerScope(actor, model, op);
}

/** A developer sees their own plugins and versions; everything else about tenants reaches them only as aggregates from services. */
function developerScope(actor: DeveloperActor, model: ModelName, op: OperationKind): ScopeDecision {
  switch (model) {
    case "Plugin":
      if (op === "delete" || op === "upsert") return deny("plugins are delisted, not deleted");
      return filter({ developerId: actor.userId }, { developerId: actor.userId });
    case "PluginVersion":
      // Uploads go through the publishing service (checks, hashing); a developer reads their own versions.
      return op === "read" ? filter({ plugin: { developerId: actor.userId } }) : deny("versions are uploaded through publishing");
    case "User":
      return op === "read" || op === "update" ? filter({ id: actor.userId }) : deny("developers manage only their own account");
    default:
      return deny(`${model} is not visible to developers`);
  }
}

function partnerScope(actor: PartnerActor, model: ModelName, op: OperationKind): ScopeDecision {
  const visible = { in: actor.visiblePartnerIds };
  if (op === "upsert") return deny("upsert is not scoped safely; use create or update");
  switch (model) {
    case "Lead": {
      if (op === "delete") return deny("leads are closed, not deleted");
      const where =
        actor.role === "rep" ? { partnerId: actor.partnerId, assigneeId: actor.userId } : { partnerId: visible };
      const stamp =
        actor.role === "rep" ? { partnerId: actor.partnerId, assigneeId: actor.userId } : { partnerId: actor.partnerId };
      return filter(where, stamp);
    }
    case "Customer":
      // A partner sees customers it owns or has a live registration on, never merged-away duplicates.
      return op === "read"
        ? filter({
            mergedIntoId: null,
            OR: [
              { ownerPartnerId: visible },
              { registrations: { some: { partnerId: visible, status: { in: ["pending", "accepted"] } } } },
            ],
          })
        : deny("the platform owns customer records");
    case "Registration": {
      if (op === "delete") return deny("registrations are decided, not deleted");
      const where =
        actor.role === "rep" ? { partnerId: actor.partnerId, createdById: actor.userId } : { partnerId: visible };
      return filter(where, { partnerId: actor.partnerId, createdById: actor.userId });
    }
    case "Task": {
      if (op === "delete") return deny("tasks are closed, not deleted");
      const where = actor.role === "rep" ? { partnerId: actor.partnerId, assigneeId: actor.userId } : { partnerId: visible };
      return filter(where, actor.role === "rep" ? { partnerId: actor.partnerId, assigneeId: actor.userId } : { partnerId: actor.partnerId });
    }
    case "Partner":
      return op === "read" ? filter({ id: visible }) : deny("partners are managed by the platform");
    case "Membership":
      if (op === "read") return filter({ partnerId: visible });
      if (actor.role !== "admin" || op === "delete") return deny("only partner admins manage memberships");
      return filter({ partnerId: actor.partnerId }, { partnerId: actor.partnerId });
    case "User": {
      const self = { id: actor.userId };
      if (op === "read") return filter({ OR: [self, { membership: { partnerId: visible } }] });
      if (op === "create") return actor.role === "admin" ? filter({}, { kind: "partner" }) : deny("only partner admins add users");
      if (op === "update") {
        return actor.role === "admin"
          ? filter({ OR: [self, { membership: { partnerId: actor.partnerId } }] })
          : filter(self);
      }
      return deny("users are deactivated, not deleted");
    }
    case "PlatformRole":
      return deny("platform roles are not visible to partners");
    case "Pipeline":
      // The platform's pipelines (partnerId null) are shared reference data; a partner's own are its admins' to edit.
      if (op === "read") return filter({ OR: [{ partnerId: null }, { partnerId: visible }] });
      if (op === "delete") return deny("pipelines are archived, not deleted");
      return actor.role === "admin" ? filter({ partnerId: actor.partnerId }, { partnerId: actor.partnerId }) : deny("only partner admins edit pipelines");
    case "PipelineStage":
      if (op === "read") return filter({ pipeline: { OR: [{ partnerId: null }, { partnerId: visible }] } });
      // Stage writes check the pipeline's owner in the service and run as the system (a create cannot be stamped through a relation).
      return deny("stages are edited through their pipeline");
    case "Opportunity": {
      if (op === "delete") return deny("opportunities are closed, not deleted");
      const where = actor.role === "rep" ? { partnerId: actor.partnerId, ownerId: actor.userId } : { partnerId: visible };
      const stamp = actor.role === "rep" ? { partnerId: actor.partnerId, ownerId: actor.userId } : { partnerId: actor.partnerId };
      return filter(where, stamp);
    }
    case "OpportunityStageChange": {
      if (op === "update" || op === "delete") return deny("stage history is append-only");
      const where = actor.role === "rep" ? { partnerId: actor.partnerId, opportunity: { ownerId: actor.userId } } : { partnerId: visible };
      return filter(where, { partnerId: actor.partnerId, changedById: actor.userId });
    }
    case "Activity": {
      if (op === "delete") return deny("activities are corrected, not deleted");
      // A rep sees what they logged; managers and admins their partner's (and sub-dealers') activity.
      const where = actor.role === "rep" ? { partnerId: actor.partnerId, authorId: actor.userId } : { partnerId: visible };
      if (op === "update") return filter({ partnerId: actor.partnerId, authorId: actor.userId });
      return filter(where, { partnerId: actor.partnerId, authorId: actor.userId });
    }
    case "Invite":
      if (actor.role !== "admin") return deny("only partner admins invite");
      if (op === "delete") return deny("invites are revoked, not deleted");
      return filter({ partnerId: actor.partnerId }, { partnerId: actor.partnerId, invitedById: actor.userId });
    case "Tag":
      if (op === "read") return filter({ OR: [{ partnerId: null }, { partnerId: actor.partnerId }] });
      return actor.role === "rep" ? deny("reps apply tags, managers define them") : filter({ partnerId: actor.partnerId }, { partnerId: actor.partnerId });
    case "CustomerTag":
      // Each partner sees the platform's tags on a customer and its own, never another partner's.
      if (op === "read") return filter({ OR: [{ partnerId: null }, { partnerId: actor.partnerId }] });
      if (op === "update") return deny("a tag is applied or removed, not changed");
      return filter({ partnerId: actor.partnerId }, { partnerId: actor.partnerId, createdById: actor.userId });
    case "SavedFilter":
      if (op === "read") return filter({ OR: [{ userId: actor.userId }, { partnerId: actor.partnerId, shared: true }] });
      return filter({ userId: actor.userId }, { userId: actor.userId, partnerId: actor.partnerId });
    case "CustomerEvent":
      return deny("customer events are pushed by the platform");
    case "AutomationRule":
      if (op === "read") return actor.role === "rep" ? deny("reps do not see rules") : filter({ OR: [{ partnerId: null }, { partnerId: actor.partnerId }] });
      return actor.role === "admin" ? filter({ partnerId: actor.partnerId }, { partnerId: actor.partnerId, createdById: actor.userId }) : deny("only partner admins edit rules");
    case "AutomationRun":
      return op === "read" && actor.role !== "rep" ? filter({ partnerId: actor.partnerId }) : deny("rule runs are written by the system");
    case "CommissionPlan":
      return deny("commission plans are the platform's");
    case "Order":
      // Orders attributed to the partner itself (its commission base), read-only; reps see none.
      if (op !== "read") return deny("orders are pushed by the platform");
      return actor.role === "rep" ? deny("reps do not see orders") : filter({ attributedPartnerId: actor.partnerId });
    case "OrderItem":
    case "OrderRefund":
      if (op !== "read") return deny("orders are pushed by the platform");
      return actor.role === "rep" ? deny("reps do not see orders") : filter({ order: { attributedPartnerId: actor.partnerId } });
    case "CommissionStatement":
      // A partner's own statements (sub-dealers have their own), for its admins and managers. Only the
      // admin's confirmation changes one (the service decides which transitions); reps see none.
      // A draft is finance's work in progress: the partner sees a statement once it is issued.
      if (actor.role === "rep") return deny("reps do not see statements");
      if (op === "read") return filter({ partnerId: actor.partnerId, status: { not: "draft" } });
      return op === "update" && actor.role === "admin" ? filter({ partnerId: actor.partnerId, status: { not: "draft" } }) : deny("statements are written by the platform");
    case "CommissionLine":
      if (actor.role === "rep") return deny("reps do not see statements");
      return op === "read" ? filter({ partnerId: actor.partnerId, statement: { status: { not: "draft" } } }) : deny("statement lines are written by the platform");
    case "Payout":
      if (actor.role === "rep") return deny("reps do not see statements");
      return op === "read" ? filter({ partnerId: actor.partnerId }) : deny("payouts are written by the platform");
    case "CommissionRun":
      return deny("statement runs are the platform's");
    case "CommissionDispute":
      if (actor.role === "rep") return deny("reps do not see statements");
      if (op === "delete") return deny("disputes are withdrawn, not deleted");
      return filter({ partnerId: actor.partnerId }, { partnerId: actor.partnerId, raisedById: actor.userId });
    case "Entitlement": {
      // Reps follow their own requests; admins and managers all of their partner's.
      if (op === "delete") return deny("entitlement requests are cancelled, not deleted");
      const where = actor.role === "rep" ? { partnerId: actor.partnerId, requestedById: actor.userId } : { partnerId: actor.partnerId };
      return filter(where, { partnerId: actor.partnerId, requestedById: actor.userId });
    }
    case "ImportJob": {
      if (op === "delete") return deny("imports are kept as a record");
      // Equality on the partner: platform imports (partnerId null) never match a partner's filter.
      const where = actor.role === "rep" ? { partnerId: actor.partnerId, userId: actor.userId } : { partnerId: actor.partnerId };
      return filter(where, { partnerId: actor.partnerId, userId: actor.userId });
    }
    case "Plugin":
      // The marketplace: listed plugins with an approved version. Policy and listing are the platform's.
      return op === "read" ? filter({ latestVersionId: { not: null }, delistedAt: null }) : deny("plugins are published by developers");
    case "PluginVersion":
      return op === "read" ? filter({ status: "approved" }) : deny("versions are uploaded by developers");
    case "PluginInstall":
      // Platform-wide installs apply to every partner; a partner's own install is its admin's to change.
      if (op === "read") return filter({ OR: [{ partnerId: null }, { partnerId: actor.partnerId }] });
      if (op === "delete") return deny("installs are uninstalled, not deleted");
      return actor.role === "admin" ? filter({ partnerId: actor.partnerId }, { partnerId: actor.partnerId }) : deny("only partner admins install plugins");
    case "PluginError":
      return op === "read" && actor.role === "admin" ? filter({ partnerId: actor.partnerId }) : deny("plugin errors are written by the host");
    case "PluginHookStat":
      return deny("hook statistics are the developer's and the platform's");
    case "CustomObjectRecord": {
      // Platform records (master data, partnerId null) are shared reading; a partner's records follow the
      // lead rule: reps their own, admins and managers the partner's and its sub-dealers'. Quarantined
      // records (plugin uninstalled) are invisible until restored.
      if (op === "read") {
        const own = actor.role === "rep" ? { partnerId: actor.partnerId, ownerUserId: actor.userId } : { partnerId: visible };
        return filter({ quarantinedAt: null, OR: [{ partnerId: null }, own] });
      }
      const where = actor.role === "rep" ? { partnerId: actor.partnerId, ownerUserId: actor.userId, quarantinedAt: null } : { partnerId: visible, quarantinedAt: null };
      if (op === "delete" && actor.role === "rep") return deny("reps do not delete records");
      return filter(where, { partnerId: actor.partnerId, ownerUserId: actor.userId, createdById: actor.userId });
    }
    default:
      return deny(`${model} has no partner scope`);
  }
}
