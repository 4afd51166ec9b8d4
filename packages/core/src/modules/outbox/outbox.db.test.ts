import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { actorForUserId } from "../../auth/actor-loader.ts";
import { baseDb, db, disconnectDb, runAsActor } from "../../db/index.ts";
import { handleDomainEvent } from "../../jobs/domain-event.handler.ts";
import { startWorker } from "../../jobs/worker.ts";
import { createTestPartner, createTestPartnerUser } from "../../testing/index.ts";
import { createLead } from "../leads/index.ts";
import { insertLead } from "../leads/leads.repository.ts";
import { emitEvent } from "./outbox.repository.ts";

afterAll(disconnectDb);

async function partnerTeam() {
  const partner = await createTestPartner();
  const manager = await createTestPartnerUser(partner.id, "manager");
  const rep = await createTestPartnerUser(partner.id, "rep");
  const actor = (await actorForUserId(manager.id, "session"))!.actor;
  return { partner, manager, rep, actor };
}

describe("outbox", () => {
  it("writes the event in the same transaction as the change", async () => {
    const { actor, rep } = await partnerTeam();
    const lead = await runAsActor(actor, () => createLead(actor, { name: "同一事务", assigneeId: rep.id }));
    const events = await baseDb().outboxEvent.findMany({ where: { aggregateId: lead.id }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.type)).toEqual(["lead.created", "lead.assigned"]);
    expect(events[1]!.payload).toMatchObject({ leadId: lead.id, assigneeId: rep.id });
  });

  it("rolls the event back together with the change", async () => {
    const { actor, partner, manager } = await partnerTeam();
    const name = `回滚 ${randomUUID()}`;
    await expect(
      runAsActor(actor, () =>
        db.$transaction(async (tx) => {
          const lead = await insertLead(tx, { partnerId: partner.id, name, createdById: manager.id, assigneeId: manager.id });
          await emitEvent(tx, "lead.created", { type: "Lead", id: lead.id, partnerId: partner.id }, {
            leadId: lead.id,
            partnerId: partner.id,
            assigneeId: manager.id,
            actorUserId: manager.id,
          });
          throw new Error("something later in the use case failed");
        }),
      ),
    ).rejects.toThrow("something later");
    expect(await baseDb().lead.count({ where: { name } })).toBe(0);
    expect(await baseDb().outboxEvent.count({ where: { type: "lead.created", payload: { path: ["partnerId"], equals: partner.id } } })).toBe(0);
  });

  it("delivers lead.assigned through BullMQ to an in-app notification, once, even when redelivered", async () => {
    const { actor, rep } = await partnerTeam();
    const lead = await runAsActor(actor, () => createLead(actor, { name: "交给代表", assigneeId: rep.id }));
    const worker = startWorker({ pollMs: 100, log: () => undefined, schedule: false });
    try {
      const deadline = Date.now() + 20_000;
      let notifications = 0;
      while (Date.now() < deadline && notifications === 0) {
        await new Promise((r) => setTimeout(r, 150));
        notifications = await baseDb().notification.count({ where: { userId: rep.id } });
      }
      expect(notifications).toBe(1);
    } finally {
      await worker.stop();
    }
    const event = await baseDb().outboxEvent.findFirstOrThrow({ where: { aggregateId: lead.id, type: "lead.assigned" } });
    expect(event.dispatchedAt).not.toBeNull();

    // At-least-once delivery: the same event again changes nothing.
    await handleDomainEvent({
      eventId: event.id,
      type: event.type,
      aggregateType: event.aggregateType,
      aggregateId: event.aggregateId,
      partnerId: event.partnerId,
      payload: event.payload,
      occurredAt: event.createdAt.toISOString(),
    });
    const rows = await baseDb().notification.findMany({ where: { userId: rep.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ messageKey: "common.notification.leadAssignedBy", link: `/leads/${lead.id}` });
    expect(rows[0]!.params).toMatchObject({ leadName: "交给代表" });
  });
});
