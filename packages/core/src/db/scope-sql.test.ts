import { describe, expect, it } from "vitest";
import type { Actor, PartnerActor } from "../actor/actor.ts";
import { DomainError } from "../errors/index.ts";
import { scopeConditionSql } from "./scope-sql.ts";

const rep: PartnerActor = { kind: "partner", userId: "u-rep", email: "r@x", name: "R", partnerId: "p1", role: "rep", visiblePartnerIds: ["p1"], via: "session" };
const manager: PartnerActor = { ...rep, userId: "u-mgr", role: "manager", visiblePartnerIds: ["p1", "p1-sub"] };
const platform: Actor = { kind: "platform", userId: "u-pa", email: "a@x", name: "A", roles: ["finance"], via: "session" };
const columns = { partnerId: "uuid", ownerId: "uuid" } as const;

describe("scopeConditionSql", () => {
  it.each<[string, Actor, string, unknown[]]>([
    ["a rep: own partner and own deals", rep, `o."partnerId" = $1::uuid AND o."ownerId" = $2::uuid`, ["p1", "u-rep"]],
    ["a manager: the partner's subtree", manager, `o."partnerId" = ANY($1::uuid[])`, [["p1", "p1-sub"]]],
    ["an admin without sub-dealers: one partner, as an equality", { ...manager, visiblePartnerIds: ["p1"] }, `o."partnerId" = $1::uuid`, ["p1"]],
    ["a partner with no visible partner at all sees nothing", { ...manager, visiblePartnerIds: [] }, `o."partnerId" = ANY($1::uuid[])`, [[]]],
    ["platform staff: everything", platform, "TRUE", []],
    ["the system: everything", { kind: "system", reason: "test" }, "TRUE", []],
  ])("%s", (_name, actor, text, values) => {
    const sql = scopeConditionSql(actor, "Opportunity", "o", columns);
    expect(sql.text).toBe(text);
    expect(sql.values).toEqual(values);
  });

  it("answers a partner's denied read like a missing row", () => {
    expect(() => scopeConditionSql(rep, "CustomerIdentity", "c", { customerId: "uuid" })).toThrow(expect.objectContaining({ code: "NOT_FOUND" }));
  });

  it("refuses anonymous actors and a missing actor", () => {
    expect(() => scopeConditionSql({ kind: "anonymous" }, "Opportunity", "o", columns)).toThrow(DomainError);
    expect(() => scopeConditionSql(undefined, "Opportunity", "o", columns)).toThrow(expect.objectContaining({ code: "UNSCOPED_QUERY" }));
  });

  it("refuses a filter it cannot translate rather than read too much", () => {
    // A rep's stage history is filtered through a relation (opportunity.ownerId): not expressible here.
    expect(() => scopeConditionSql(rep, "OpportunityStageChange", "c", { partnerId: "uuid" })).toThrow(expect.objectContaining({ code: "UNSCOPED_QUERY" }));
    // A column the raw read did not declare.
    expect(() => scopeConditionSql(rep, "Opportunity", "o", { partnerId: "uuid" })).toThrow(expect.objectContaining({ code: "UNSCOPED_QUERY" }));
  });

  it("refuses an unsafe alias", () => {
    expect(() => scopeConditionSql(manager, "Opportunity", 'o"; DROP TABLE x; --', columns)).toThrow(expect.objectContaining({ code: "UNSCOPED_QUERY" }));
  });
});
