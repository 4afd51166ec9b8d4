import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { Actor, PartnerActor } from "../actor/actor.ts";
import { RELATIONS } from "./relations.ts";
import { scopeFor, type OperationKind } from "./scope.rules.ts";
import { applyScope } from "./scoped-client.ts";

const rep: PartnerActor = { kind: "partner", userId: "u-rep", email: "r@x", name: "R", partnerId: "p1", role: "rep", visiblePartnerIds: ["p1"], via: "session" };
const manager: PartnerActor = { ...rep, userId: "u-mgr", role: "manager", visiblePartnerIds: ["p1", "p1-sub"] };
const admin: PartnerActor = { ...rep, userId: "u-adm", role: "admin", visiblePartnerIds: ["p1", "p1-sub"] };
const platformAdmin: Actor = { kind: "platform", userId: "u-pa", email: "a@x", name: "A", roles: ["admin"], via: "session" };
const finance: Actor = { kind: "platform", userId: "u-fi", email: "f@x", name: "F", roles: ["finance"], via: "session" };
const developer: Actor = { kind: "developer", userId: "u-dev", email: "d@x", name: "D", via: "apiKey" };
const system: Actor = { kind: "system", reason: "test" };
const anonymous: Actor = { kind: "anonymous" };

describe("scopeFor", () => {
  const cases: Array<[string, Actor, Parameters<typeof scopeFor>[1], OperationKind, unknown]> = [
    ["rep reads only own leads", rep, "Lead", "read", { type: "filter", where: { partnerId: "p1", assigneeId: "u-rep" } }],
    ["manager reads the partner subtree", manager, "Lead", "read", { type: "filter", where: { partnerId: { in: ["p1", "p1-sub"] } } }],
    ["admin updates within the subtree", admin, "Lead", "update", { type: "filter", where: { partnerId: { in: ["p1", "p1-sub"] } } }],
    ["rep creates stamped with own partner and self", rep, "Lead", "create", { type: "filter", stamp: { partnerId: "p1", assigneeId: "u-rep" } }],
    ["manager creates stamped with own partner only", manager, "Lead", "create", { type: "filter", stamp: { partnerId: "p1" } }],
    ["partner cannot delete leads", admin, "Lead", "delete", { type: "deny" }],
    ["partner cannot upsert scoped rows", admin, "Lead", "upsert", { type: "deny" }],
    [
      "partner sees customers it owns or has a live registration on, never merged ones",
      manager,
      "Customer",
      "read",
      {
        type: "filter",
        where: {
          mergedIntoId: null,
          OR: [
            { ownerPartnerId: { in: ["p1", "p1-sub"] } },
            { registrations: { some: { partnerId: { in: ["p1", "p1-sub"] }, status: { in: ["pending", "accepted"] } } } },
          ],
        },
      },
    ],
    ["rep reads only own registrations", rep, "Registration", "read", { type: "filter", where: { partnerId: "p1", createdById: "u-rep" } }],
    ["manager reads the subtree's registrations", manager, "Registration", "read", { type: "filter", where: { partnerId: { in: ["p1", "p1-sub"] } } }],
    ["registrations are stamped with partner and creator", admin, "Registration", "create", { type: "filter", stamp: { partnerId: "p1", createdById: "u-adm" } }],
    ["partners never read identity keys", admin, "CustomerIdentity", "read", { type: "deny" }],
    ["partners never read ownership history directly", admin, "CustomerOwnership", "read", { type: "deny" }],
    ["ownership history is append-only, even for platform admins", platformAdmin, "CustomerOwnership", "update", { type: "deny" }],
    ["platform appends ownership history", platformAdmin, "CustomerOwnership", "create", { type: "all" }],
    ["finance cannot change settings", finance, "PlatformSetting", "update", { type: "deny" }],
    ["partners never see merges", admin, "CustomerMerge", "read", { type: "deny" }],
    ["rep sees own tasks", rep, "Task", "read", { type: "filter", where: { partnerId: "p1", assigneeId: "u-rep" } }],
    ["partner cannot write the golden record", admin, "Customer", "update", { type: "deny" }],
    ["partner reads only visible partners", rep, "Partner", "read", { type: "filter", where: { id: { in: ["p1"] } } }],
    ["partner cannot edit partners", admin, "Partner", "update", { type: "deny" }],
    ["rep cannot add memberships", rep, "Membership", "create", { type: "deny" }],
    ["admin adds memberships to own partner", admin, "Membership", "create", { type: "filter", stamp: { partnerId: "p1" } }],
    ["partner never sees platform roles", admin, "PlatformRole", "read", { type: "deny" }],
    ["partner cannot read sessions", admin, "Session", "read", { type: "deny" }],
    ["partner cannot read the audit log", admin, "AuditLog", "read", { type: "deny" }],
    ["anyone acting may append audit rows", rep, "AuditLog", "create", { type: "all" }],
    ["finance cannot read the audit log", finance, "AuditLog", "read", { type: "deny" }],
    ["platform admin reads the audit log", platformAdmin, "AuditLog", "read", { type: "all" }],
    ["platform staff read all leads", platformAdmin, "Lead", "read", { type: "all" }],
    ["notifications are per user, also for staff", platformAdmin, "Notification", "read", { type: "filter", where: { userId: "u-pa" } }],
    ["users cannot create notifications", rep, "Notification", "create", { type: "deny" }],
    ["api keys are per user", rep, "ApiKey", "read", { type: "filter", where: { userId: "u-rep" } }],
    ["outbox is write-only for actors", rep, "OutboxEvent", "read", { type: "deny" }],
    ["a partner manager reads orders attributed to its own partner (not its sub-dealers')", manager, "Order", "read", { type: "filter", where: { attributedPartnerId: "p1" } }],
    ["reps see no orders", rep, "Order", "read", { type: "deny" }],
    ["partners never write orders", admin, "Order", "create", { type: "deny" }],
    ["order items follow their order", admin, "OrderItem", "read", { type: "filter", where: { order: { attributedPartnerId: "p1" } } }],
    ["refunds follow their order", manager, "OrderRefund", "read", { type: "filter", where: { order: { attributedPartnerId: "p1" } } }],
    ["partners never write refunds", admin, "OrderRefund", "create", { type: "deny" }],
    ["finance ingests orders", finance, "Order", "create", { type: "all" }],
    ["partners never read commission plans", admin, "CommissionPlan", "read", { type: "deny" }],
    ["a partner's managers read its own issued statements (not drafts, not its sub-dealers')", manager, "CommissionStatement", "read", { type: "filter", where: { partnerId: "p1", status: { not: "draft" } } }],
    ["reps see no statements", rep, "CommissionStatement", "read", { type: "deny" }],
    ["only the partner admin changes a statement (confirms it)", admin, "CommissionStatement", "update", { type: "filter", where: { partnerId: "p1", status: { not: "draft" } } }],
    ["managers do not confirm statements", manager, "CommissionStatement", "update", { type: "deny" }],
    ["partners never write statements", admin, "CommissionStatement", "create", { type: "deny" }],
    ["statement lines are read-only for partners", admin, "CommissionLine", "update", { type: "deny" }],
    ["lines follow the partner's issued statements", manager, "CommissionLine", "read", { type: "filter", where: { partnerId: "p1", statement: { status: { not: "draft" } } } }],
    ["payouts are read-only for partners", admin, "Payout", "create", { type: "deny" }],
    ["reps see no payouts", rep, "Payout", "read", { type: "deny" }],
    ["statement runs are the platform's", admin, "CommissionRun", "read", { type: "deny" }],
    ["a dispute is stamped with the partner and who raised it", manager, "CommissionDispute", "create", { type: "filter", stamp: { partnerId: "p1", raisedById: "u-mgr" } }],
    ["disputes are not deleted", admin, "CommissionDispute", "delete", { type: "deny" }],
    ["reps raise no disputes", rep, "CommissionDispute", "create", { type: "deny" }],
    ["a rep follows the benefit requests they made", rep, "Entitlement", "read", { type: "filter", where: { partnerId: "p1", requestedById: "u-rep" } }],
    ["a manager sees the partner's benefit requests", manager, "Entitlement", "read", { type: "filter", where: { partnerId: "p1" } }],
    ["a benefit request is stamped with the partner and requester", rep, "Entitlement", "create", { type: "filter", stamp: { partnerId: "p1", requestedById: "u-rep" } }],
    ["benefit requests are not deleted", admin, "Entitlement", "delete", { type: "deny" }],
    ["a rep reads their own imports", rep, "ImportJob", "read", { type: "filter", where: { partnerId: "p1", userId: "u-rep" } }],
    // Equality on partnerId: a platform import (partnerId null) never matches a partner's filter.
    ["a manager reads the partner's imports, never platform ones", manager, "ImportJob", "read", { type: "filter", where: { partnerId: "p1" } }],
    ["a partner's import is stamped with the partner and the uploader", admin, "ImportJob", "create", { type: "filter", stamp: { partnerId: "p1", userId: "u-adm" } }],
    ["staff read platform imports only", finance, "ImportJob", "read", { type: "filter", where: { partnerId: null } }],
    ["a platform import is stamped with no partner and the uploader", finance, "ImportJob", "create", { type: "filter", stamp: { partnerId: null, userId: "u-fi" } }],
    ["staff cannot move an import to a partner", platformAdmin, "ImportJob", "update", { type: "filter", where: { partnerId: null }, stamp: { partnerId: null, userId: "u-pa" } }],
    ["imports are not deleted, also by staff", platformAdmin, "ImportJob", "delete", { type: "deny" }],
    ["the marketplace shows listed plugins with an approved version", rep, "Plugin", "read", { type: "filter", where: { latestVersionId: { not: null }, delistedAt: null } }],
    ["partners never change plugins", admin, "Plugin", "update", { type: "deny" }],
    ["partners read approved versions only", manager, "PluginVersion", "read", { type: "filter", where: { status: "approved" } }],
    ["a partner sees platform-wide installs and its own", rep, "PluginInstall", "read", { type: "filter", where: { OR: [{ partnerId: null }, { partnerId: "p1" }] } }],
    ["a partner admin's install is stamped with its partner", admin, "PluginInstall", "create", { type: "filter", where: { partnerId: "p1" }, stamp: { partnerId: "p1" } }],
    ["a manager cannot install plugins", manager, "PluginInstall", "create", { type: "deny" }],
    ["installs are uninstalled, not deleted", admin, "PluginInstall", "delete", { type: "deny" }],
    ["a partner admin reads its plugin errors", admin, "PluginError", "read", { type: "filter", where: { partnerId: "p1" } }],
    ["a rep reads no plugin errors", rep, "PluginError", "read", { type: "deny" }],
    ["hook statistics are not for partners", admin, "PluginHookStat", "read", { type: "deny" }],
    [
      "a rep reads platform records and their own, never quarantined ones",
      rep,
      "CustomObjectRecord",
      "read",
      { type: "filter", where: { quarantinedAt: null, OR: [{ partnerId: null }, { partnerId: "p1", ownerUserId: "u-rep" }] } },
    ],
    [
      "a manager reads the subtree's plugin records",
      manager,
      "CustomObjectRecord",
      "read",
      { type: "filter", where: { quarantinedAt: null, OR: [{ partnerId: null }, { partnerId: { in: ["p1", "p1-sub"] } }] } },
    ],
    ["a plugin record is stamped with the partner, owner and author", rep, "CustomObjectRecord", "create", { type: "filter", stamp: { partnerId: "p1", ownerUserId: "u-rep", createdById: "u-rep" } }],
    ["a partner never updates platform records", manager, "CustomObjectRecord", "update", { type: "filter", where: { partnerId: { in: ["p1", "p1-sub"] }, quarantinedAt: null } }],
    ["a rep does not delete plugin records", rep, "CustomObjectRecord", "delete", { type: "deny" }],
    ["a developer reads only their own plugins", developer, "Plugin", "read", { type: "filter", where: { developerId: "u-dev" } }],
    ["a developer's plugin is stamped as theirs", developer, "Plugin", "create", { type: "filter", stamp: { developerId: "u-dev" } }],
    ["a developer reads their own versions", developer, "PluginVersion", "read", { type: "filter", where: { plugin: { developerId: "u-dev" } } }],
    ["versions are written by the publishing service only", developer, "PluginVersion", "create", { type: "deny" }],
    ["a developer sees no installs", developer, "PluginInstall", "read", { type: "deny" }],
    ["a developer sees no customers", developer, "Customer", "read", { type: "deny" }],
    ["a developer sees no partner's plugin records", developer, "CustomObjectRecord", "read", { type: "deny" }],
    ["a developer reads their own api keys", developer, "ApiKey", "read", { type: "filter", where: { userId: "u-dev" } }],
    ["system sees everything", system, "Session", "read", { type: "all" }],
    ["anonymous sees nothing", anonymous, "Lead", "read", { type: "deny" }],
  ];
  it.each(cases)("%s", (_name, actor, model, op, expected) => {
    expect(scopeFor(actor, model, op)).toMatchObject(expected as object);
  });
});

describe("applyScope (the extension's argument rewriting)", () => {
  it("merges the partner filter with AND and keeps the caller's own keys", () => {
    const args = applyScope(rep, "Lead", "findMany", { where: { partnerId: "p2", status: "new" } });
    expect(args.where).toEqual({ AND: [{ partnerId: "p2", status: "new" }, { partnerId: "p1", assigneeId: "u-rep" }] });
  });
  it("refuses a query with no actor", () => {
    expect(() => applyScope(undefined, "Lead", "findMany", {})).toThrow(expect.objectContaining({ code: "UNSCOPED_QUERY" }));
  });
  it("answers a denied partner read with NOT_FOUND, never FORBIDDEN", () => {
    expect(() => applyScope(rep, "AuditLog", "findMany", {})).toThrow(expect.objectContaining({ code: "NOT_FOUND" }));
  });
  it("stamps a staff member's import with no partner, and refuses one that names a partner", () => {
    expect(applyScope(finance, "ImportJob", "create", { data: { entity: "orders" } })).toEqual({ data: { entity: "orders", partnerId: null, userId: "u-fi" } });
    expect(() => applyScope(finance, "ImportJob", "create", { data: { entity: "leads", partnerId: "p1" } })).toThrow(expect.objectContaining({ code: "FORBIDDEN" }));
    expect(applyScope(finance, "ImportJob", "findFirst", { where: { id: "i1" } })).toEqual({ where: { AND: [{ id: "i1" }, { partnerId: null }] } });
  });
  it("stamps creates and refuses a create for another partner", () => {
    expect(applyScope(manager, "Lead", "create", { data: { name: "x" } }).data).toEqual({ name: "x", partnerId: "p1" });
    expect(() => applyScope(manager, "Lead", "create", { data: { name: "x", partnerId: "p1-sub" } })).toThrow(
      expect.objectContaining({ code: "FORBIDDEN" }),
    );
  });
  it("refuses moving a lead out of scope on update", () => {
    expect(() => applyScope(admin, "Lead", "updateMany", { where: {}, data: { partnerId: "p9" } })).toThrow(expect.objectContaining({ code: "FORBIDDEN" }));
  });
  it("refuses nested relation writes from partners", () => {
    expect(() => applyScope(admin, "Lead", "create", { data: { name: "x", partner: { connect: { id: "p9" } } } })).toThrow(
      expect.objectContaining({ code: "UNSCOPED_QUERY" }),
    );
  });
  it("allows partner-safe includes and refuses ones that fan out to other partners' rows", () => {
    expect(() => applyScope(rep, "Lead", "findMany", { include: { assignee: true, partner: { select: { name: true } } } })).not.toThrow();
    expect(() => applyScope(rep, "Lead", "findMany", { include: { partner: { include: { leads: true } } } })).toThrow(
      expect.objectContaining({ code: "UNSCOPED_QUERY" }),
    );
    expect(() => applyScope(rep, "Lead", "findMany", { select: { assignee: { select: { assignedLeads: true } } } })).toThrow(
      expect.objectContaining({ code: "UNSCOPED_QUERY" }),
    );
    expect(() => applyScope(rep, "Lead", "findMany", { select: { _count: { select: { customer: true } } } })).toThrow(
      expect.objectContaining({ code: "UNSCOPED_QUERY" }),
    );
  });
  it("leaves system and platform queries untouched", () => {
    const args = { where: { status: "new" } };
    expect(applyScope(system, "Lead", "findMany", args)).toBe(args);
    expect(applyScope(platformAdmin, "Lead", "findMany", args)).toBe(args);
  });
});

describe("RELATIONS matches prisma/schema.prisma", () => {
  it("lists every model and every relation field, so include checks cannot miss one", () => {
    const schema = readFileSync(fileURLToPath(new URL("../../prisma/schema.prisma", import.meta.url)), "utf8");
    const models = [...schema.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)];
    const modelNames = new Set(models.map((m) => m[1]!));
    const fromSchema: Record<string, Record<string, string>> = {};
    for (const [, name, body] of models) {
      fromSchema[name!] = {};
      for (const line of body!.split("\n")) {
        const field = /^\s+(\w+)\s+(\w+)(\[\])?\??/.exec(line);
        if (field && modelNames.has(field[2]!)) fromSchema[name!]![field[1]!] = field[2]!;
      }
    }
    expect(RELATIONS).toEqual(fromSchema);
  });
});
