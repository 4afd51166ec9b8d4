/** The raw system transaction: all or nothing, system actor only, values bound with their types. */
import { afterAll, describe, expect, it } from "vitest";
import { actorForUserId } from "../auth/actor-loader.ts";
import { createTestPartner, createTestPartnerUser } from "../testing/index.ts";
import { db, disconnectDb, Prisma, runAsActor, runAsSystem, systemTransaction } from "./index.ts";
import { CUSTOMER_COLUMNS, insertInto } from "./sql-writes.ts";
import { uuidv7 } from "./uuidv7.ts";

afterAll(disconnectDb);

const customer = (id: string, name: string, at: Date) =>
  insertInto("Customer", CUSTOMER_COLUMNS, [{ id, kind: "company", name, city: "杭州", protectedUntil: at, updatedAt: at }]);

describe("systemTransaction", () => {
  it("commits what it wrote, with dates, arrays and text bound as parameters", async () => {
    const id = uuidv7();
    const at = new Date("2027-03-01T04:05:06.789Z");
    const rows = await runAsSystem("test", () =>
      systemTransaction(async (tx) => {
        expect(await tx.execute(customer(id, "杭州'; DROP TABLE \"Customer\"; --", at))).toBe(1);
        return tx.query<{ n: number; keys: string[] }>(Prisma.sql`SELECT count(*)::int AS n, ${["a:1", "b:2"]}::text[] AS keys FROM "Customer" WHERE id = ${id}::uuid`);
      }),
    );
    expect(rows).toEqual([{ n: 1, keys: ["a:1", "b:2"] }]);
    const stored = await runAsSystem("test", () => db.customer.findUniqueOrThrow({ where: { id } }));
    expect(stored).toMatchObject({ name: "杭州'; DROP TABLE \"Customer\"; --", protectedUntil: at });
  });

  it("rolls everything back when the work fails, and hands the connection back usable", async () => {
    const id = uuidv7();
    const failing = runAsSystem("test", () =>
      systemTransaction(async (tx) => {
        await tx.execute(customer(id, "回滚", new Date()));
        await tx.execute(Prisma.sql`SELECT 1 / 0`);
      }),
    );
    await expect(failing).rejects.toThrow(/division by zero/);
    expect(await runAsSystem("test", () => db.customer.findUnique({ where: { id } }))).toBeNull();
    // Every pooled connection still works (none was left inside an aborted transaction).
    const answers = await Promise.all(Array.from({ length: 12 }, () => runAsSystem("test", () => systemTransaction((tx) => tx.query<{ one: number }>(Prisma.sql`SELECT 1 AS one`)))));
    expect(answers.flat()).toEqual(Array(12).fill({ one: 1 }));
  });

  it("is refused to any actor but the system, before touching the database", async () => {
    const partner = await createTestPartner();
    const admin = await createTestPartnerUser(partner.id, "admin");
    const actor = (await actorForUserId(admin.id, "session"))!.actor;
    let ran = false;
    await expect(runAsActor(actor, () => systemTransaction(async () => void (ran = true)))).rejects.toMatchObject({ code: "UNSCOPED_QUERY" });
    await expect(systemTransaction(async () => void (ran = true))).rejects.toMatchObject({ code: "UNSCOPED_QUERY" });
    expect(ran).toBe(false);
  });
});
