/** One-statement writes against a real database: the column lists match the schema, and the statement is all or nothing. */
import { afterAll, describe, expect, it } from "vitest";
import { systemActor } from "../actor/actor.ts";
import { auditInsert } from "../modules/audit/audit.repository.ts";
import { domainEvent, outboxInsert } from "../modules/outbox/outbox.repository.ts";
import { ownershipWrites } from "../modules/ownership/ownership.repository.ts";
import { createTestPartner, createTestPartnerUser } from "../testing/index.ts";
import { db, disconnectDb, Prisma, runAsSystem } from "./index.ts";
import { CUSTOMER_COLUMNS, CUSTOMER_IDENTITY_COLUMNS, insertInto, REGISTRATION_COLUMNS, updateSet, writeTogether } from "./sql-writes.ts";
import { uuidv7 } from "./uuidv7.ts";

afterAll(disconnectDb);

const actor = systemActor("sql-writes test");

describe("writeTogether", () => {
  it("writes a customer, its identities, a registration, its ownership, audit and outbox rows in one statement, readable through Prisma", async () => {
    const partner = await createTestPartner();
    const rep = await createTestPartnerUser(partner.id, "rep");
    const customerId = uuidv7();
    const registrationId = uuidv7();
    const now = new Date("2026-11-20T08:00:00.000Z");
    const protectedUntil = new Date("2027-02-18T08:00:00.000Z");
    const ownership = ownershipWrites(
      actor,
      { customerId, partnerId: partner.id, event: "registration_accepted", protectedUntil, registrationId, at: now },
      { ownerPartnerId: null, protectedUntil: null },
      { customerRow: "caller" },
    );
    expect(ownership.customer).toBeNull();
    await runAsSystem("test", () =>
      db.$transaction((tx) =>
        writeTogether(tx, [
          insertInto("Customer", CUSTOMER_COLUMNS, [
            { id: customerId, kind: "company", name: "上海恒通（集团）有限公司", city: "上海", phone: "+8613800138000", email: null, uscc: null, ownerPartnerId: partner.id, protectedUntil, lastActivityAt: now, updatedAt: now },
          ]),
          insertInto("CustomerIdentity", CUSTOMER_IDENTITY_COLUMNS, [
            { id: uuidv7(), customerId, kind: "phone", value: "+8613800138000" },
            { id: uuidv7(), customerId, kind: "name_city", value: "上海恒通(集团)|上海" },
          ]),
          insertInto("Registration", REGISTRATION_COLUMNS, [
            {
              id: registrationId,
              partnerId: partner.id,
              createdById: rep.id,
              status: "accepted",
              customerId,
              submitted: { kind: "company", name: "上海恒通（集团）有限公司", note: "it's \"quoted\"" },
              identityKeys: ["phone:+8613800138000", "name_city:上海恒通(集团)|上海"],
              note: null,
              protectedUntil,
              decidedAt: now,
              updatedAt: now,
            },
          ]),
          ownership.history,
          auditInsert(actor, [ownership.audit, { action: "test.second", entityType: "Registration", entityId: registrationId, after: { password: "secret" } }]),
          outboxInsert([ownership.event, domainEvent("registration.decided", { type: "Registration", id: registrationId, partnerId: partner.id }, { registrationId, partnerId: partner.id, status: "accepted", reasonCode: null, customerId })]),
        ]),
      ),
    );
    const read = await runAsSystem("test", async () => ({
      customer: await db.customer.findUniqueOrThrow({ where: { id: customerId }, include: { identities: { orderBy: { kind: "asc" } }, ownership: true } }),
      registration: await db.registration.findUniqueOrThrow({ where: { id: registrationId } }),
      audit: await db.auditLog.findMany({ where: { OR: [{ entityId: customerId }, { entityId: registrationId }] }, orderBy: { id: "asc" } }),
      events: await db.outboxEvent.findMany({ where: { aggregateId: { in: [customerId, registrationId] } }, orderBy: { id: "asc" } }),
    }));
    expect(read.customer).toMatchObject({ ownerPartnerId: partner.id, protectedUntil, lastActivityAt: now, lifecycleStage: "prospect", customFields: {} });
    expect(read.customer.identities.map((i) => `${i.kind}:${i.value}`)).toEqual(["name_city:上海恒通(集团)|上海", "phone:+8613800138000"]);
    expect(read.customer.ownership).toEqual([
      expect.objectContaining({ partnerId: partner.id, previousPartnerId: null, event: "registration_accepted", registrationId, protectedUntil, at: now, actorLabel: expect.any(String) }),
    ]);
    expect(read.registration).toMatchObject({
      status: "accepted",
      extensionStatus: "none",
      identityKeys: ["phone:+8613800138000", "name_city:上海恒通(集团)|上海"],
      submitted: { kind: "company", name: "上海恒通（集团）有限公司", note: "it's \"quoted\"" },
    });
    expect(read.audit.map((a) => a.action)).toEqual(["customer.ownership.registration_accepted", "test.second"]);
    expect(read.audit[1]!.after).toEqual({ password: "[redacted]" });
    expect(read.audit[1]!.before).toBeNull();
    expect(read.events.map((e) => e.type)).toEqual(["customer.ownership_changed", "registration.decided"]);
    expect(read.events[0]!.payload).toMatchObject({ customerId, event: "registration_accepted", partnerId: partner.id, previousPartnerId: null });
  });

  it("writes nothing when one of the writes fails", async () => {
    const partner = await createTestPartner();
    const customerId = uuidv7();
    const write = (tx: Parameters<typeof writeTogether>[0]) =>
      writeTogether(tx, [
        insertInto("Customer", CUSTOMER_COLUMNS, [{ id: customerId, kind: "company", name: "不应留下", city: "上海", ownerPartnerId: partner.id, updatedAt: new Date() }]),
        ownershipWrites(actor, { customerId, partnerId: partner.id, event: "claimed", protectedUntil: null }, { ownerPartnerId: null, protectedUntil: null }).history,
        // An identity of a customer that does not exist: its foreign key fails at the end of the statement.
        insertInto("CustomerIdentity", CUSTOMER_IDENTITY_COLUMNS, [{ id: uuidv7(), customerId: uuidv7(), kind: "phone", value: "+8613900139000" }]),
      ]);
    await expect(runAsSystem("test", () => db.$transaction(write))).rejects.toThrow();
    const left = await runAsSystem("test", async () => ({
      customer: await db.customer.findUnique({ where: { id: customerId } }),
      history: await db.customerOwnership.count({ where: { customerId } }),
    }));
    expect(left).toEqual({ customer: null, history: 0 });
  });

  it("refuses columns it does not know and rows that disagree", () => {
    expect(() => insertInto("Customer", CUSTOMER_COLUMNS, [{ id: uuidv7(), nonsense: 1 }])).toThrow(/no column nonsense/);
    expect(() => insertInto("Customer", CUSTOMER_COLUMNS, [{ id: uuidv7(), name: "a" }, { id: uuidv7() }])).toThrow(/different columns/);
    expect(() => insertInto("Customer", CUSTOMER_COLUMNS, [])).toThrow(/no rows/);
    expect(() => updateSet("Customer", CUSTOMER_COLUMNS, {}, Prisma.sql`true`)).toThrow(/nothing to set/);
  });
});
