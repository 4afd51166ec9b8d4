/** The scoped client against a real database: what partner actors cannot do at all. */
import { afterAll, describe, expect, it } from "vitest";
import { actorForUserId } from "../auth/actor-loader.ts";
import { createTestLead, createTestPartner, createTestPartnerUser } from "../testing/index.ts";
import { db, disconnectDb, runAsActor, runAsSystem } from "./index.ts";

afterAll(disconnectDb);

async function partnerActor() {
  const partner = await createTestPartner();
  const admin = await createTestPartnerUser(partner.id, "admin");
  return { partner, admin, actor: (await actorForUserId(admin.id, "session"))!.actor };
}

describe("scoped client", () => {
  it("refuses any query on a partner-owned model with no actor in context", async () => {
    await expect(db.lead.findMany({ take: 1 })).rejects.toMatchObject({ code: "UNSCOPED_QUERY" });
  });

  it("refuses raw SQL from a partner actor, and allows it for the system", async () => {
    const { actor } = await partnerActor();
    await expect(runAsActor(actor, () => db.$queryRaw`SELECT count(*) FROM "Lead"`)).rejects.toMatchObject({ code: "UNSCOPED_QUERY" });
    await expect(runAsActor(actor, () => db.$executeRawUnsafe(`UPDATE "Lead" SET name = 'x' WHERE false`))).rejects.toMatchObject({
      code: "UNSCOPED_QUERY",
    });
    await expect(runAsSystem("test", () => db.$queryRaw`SELECT 1 AS one`)).resolves.toEqual([{ one: 1 }]);
  });

  it("keeps the scope inside interactive transactions", async () => {
    const { actor, partner, admin } = await partnerActor();
    const other = await createTestPartner();
    const otherAdmin = await createTestPartnerUser(other.id, "admin");
    const theirs = await createTestLead(other.id, { createdById: otherAdmin.id });
    await createTestLead(partner.id, { createdById: admin.id });
    const seen = await runAsActor(actor, () =>
      db.$transaction(async (tx) => ({
        list: await tx.lead.findMany({ select: { partnerId: true } }),
        theirs: await tx.lead.findUnique({ where: { id: theirs.id } }),
        updated: await tx.lead.updateMany({ where: { id: theirs.id }, data: { name: "hijacked" } }),
      })),
    );
    expect(seen.list.every((l) => l.partnerId === partner.id)).toBe(true);
    expect(seen.theirs).toBeNull();
    expect(seen.updated.count).toBe(0);
  });

  it("refuses an include that would reach other partners' rows through an unscoped model", async () => {
    const { actor, partner, admin } = await partnerActor();
    const lead = await createTestLead(partner.id, { createdById: admin.id });
    await expect(
      runAsActor(actor, () => db.lead.findUnique({ where: { id: lead.id }, include: { customer: { include: { leads: true } } } })),
    ).rejects.toMatchObject({ code: "UNSCOPED_QUERY" });
    await expect(runAsActor(actor, () => db.user.findMany({ include: { assignedLeads: true } }))).rejects.toMatchObject({ code: "UNSCOPED_QUERY" });
  });
});
