/**
 * Merging duplicates and reversing the merge, as the ownership history records it: both customers'
 * steps name the other customer and the merge record, "who owned C at T" stays right across merge
 * and reversal, and rows written before the history had these columns are backfilled.
 */
import { readFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PlatformActor } from "../../actor/index.ts";
import { baseDb, disconnectDb, runAsActor } from "../../db/index.ts";
import { createTestPartner, createTestPlatformUser } from "../../testing/index.ts";
import { customer360, mergeCustomers, ownerAt, reverseMerge } from "./index.ts";

const DAY = 86_400_000;
const MINUTE = 60_000;

let staff: PlatformActor;
let partnerA: { id: string; name: string }, partnerS: { id: string; name: string };

beforeAll(async () => {
  partnerA = await createTestPartner({ name: `甲伙伴 ${randomUUID().slice(0, 4)}` });
  partnerS = await createTestPartner({ name: `存续伙伴 ${randomUUID().slice(0, 4)}` });
  const user = await createTestPlatformUser(["channel_manager"]);
  staff = { kind: "platform", userId: user.id, email: user.email, name: user.name, roles: ["channel_manager"], via: "session" };
});
afterAll(disconnectDb);

/** A customer whose history starts with an accepted registration at `at` (or, without an owner, no history). */
async function customerOwnedBy(name: string, owner: { partnerId: string; protectedUntil: Date; at: Date } | null) {
  const customer = await baseDb().customer.create({
    data: { kind: "company", name: `${name} ${randomUUID().slice(0, 6)}`, ownerPartnerId: owner?.partnerId ?? null, protectedUntil: owner?.protectedUntil ?? null },
  });
  if (owner) {
    await baseDb().customerOwnership.create({
      data: { customerId: customer.id, partnerId: owner.partnerId, event: "registration_accepted", protectedUntil: owner.protectedUntil, actorLabel: "test", at: owner.at },
    });
  }
  return customer;
}

function history(customerId: string) {
  return baseDb().customerOwnership.findMany({ where: { customerId }, orderBy: [{ at: "asc" }, { id: "asc" }] });
}

function overview(customerId: string) {
  return runAsActor(staff, () => customer360(staff, customerId));
}

describe("merge and reversal in the ownership history", () => {
  it("links both customers' steps to each other and to the merge record, and ownerAt answers across both", async () => {
    const t0 = new Date(Date.now() - 10 * DAY);
    const merged = new Date(t0.getTime() + 2 * DAY);
    const reversedAt = new Date(t0.getTime() + 4 * DAY);
    const survivorUntil = new Date(t0.getTime() + 90 * DAY);
    const duplicateUntil = new Date(t0.getTime() + DAY); // lapsed by the merge, so another partner's duplicate may be merged
    const survivor = await customerOwnedBy("存续客户", { partnerId: partnerS.id, protectedUntil: survivorUntil, at: t0 });
    const duplicate = await customerOwnedBy("重复客户", { partnerId: partnerA.id, protectedUntil: duplicateUntil, at: t0 });

    const merge = await mergeCustomers(staff, { survivorId: survivor.id, duplicateId: duplicate.id, reason: "同一家公司" }, merged);

    expect((await history(duplicate.id)).at(-1)).toMatchObject({
      event: "merged",
      partnerId: null,
      previousPartnerId: partnerA.id,
      relatedCustomerId: survivor.id,
      mergeId: merge.mergeId,
      reason: "同一家公司",
      actorLabel: staff.email,
      at: merged,
    });
    expect((await history(survivor.id)).at(-1)).toMatchObject({
      event: "merged",
      partnerId: partnerS.id,
      previousPartnerId: partnerS.id,
      protectedUntil: survivorUntil,
      relatedCustomerId: duplicate.id,
      mergeId: merge.mergeId,
      reason: "同一家公司",
      at: merged,
    });
    // The customer 360 names the other customer (the duplicate too, though it is hidden now).
    expect((await overview(survivor.id)).timeline.at(-1)).toMatchObject({ event: "merged", relatedCustomerId: duplicate.id, relatedCustomerName: duplicate.name, mergeId: merge.mergeId, reason: "同一家公司" });
    expect((await overview(duplicate.id)).timeline.at(-1)).toMatchObject({ event: "merged", relatedCustomerId: survivor.id, relatedCustomerName: survivor.name, mergeId: merge.mergeId });

    await reverseMerge(staff, merge.mergeId, reversedAt);

    const duplicateSteps = await history(duplicate.id);
    expect(duplicateSteps.map((s) => s.event)).toEqual(["registration_accepted", "merged", "merge_reversed"]);
    expect(duplicateSteps.at(-1)).toMatchObject({
      partnerId: partnerA.id,
      previousPartnerId: null,
      protectedUntil: duplicateUntil,
      relatedCustomerId: survivor.id,
      mergeId: merge.mergeId,
      reason: null,
      at: reversedAt,
    });
    const survivorSteps = await history(survivor.id);
    expect(survivorSteps.map((s) => s.event)).toEqual(["registration_accepted", "merged", "merge_reversed"]);
    expect(survivorSteps.at(-1)).toMatchObject({
      partnerId: partnerS.id,
      previousPartnerId: partnerS.id,
      protectedUntil: survivorUntil,
      relatedCustomerId: duplicate.id,
      mergeId: merge.mergeId,
      at: reversedAt,
    });
    expect((await overview(duplicate.id)).timeline.at(-1)).toMatchObject({ event: "merge_reversed", relatedCustomerName: survivor.name, mergeId: merge.mergeId });
    expect((await overview(survivor.id)).timeline.at(-1)).toMatchObject({ event: "merge_reversed", relatedCustomerName: duplicate.name, mergeId: merge.mergeId });

    // Restoring the owner is an ownership change like any other: cache, audit row and event.
    expect(await baseDb().customer.findUniqueOrThrow({ where: { id: duplicate.id } })).toMatchObject({ ownerPartnerId: partnerA.id, protectedUntil: duplicateUntil, mergedIntoId: null });
    expect(await baseDb().auditLog.count({ where: { entityId: duplicate.id, action: "customer.ownership.merge_reversed" } })).toBe(1);
    const events = await baseDb().outboxEvent.findMany({ where: { type: "customer.ownership_changed", aggregateId: duplicate.id } });
    expect(events.map((e) => e.payload)).toContainEqual(expect.objectContaining({ event: "merge_reversed", partnerId: partnerA.id, previousPartnerId: null }));

    // Who owned each customer when: the duplicate nobody's while merged away, its partner's again after.
    expect(await ownerAt(duplicate.id, new Date(t0.getTime() - MINUTE))).toBeNull();
    expect(await ownerAt(duplicate.id, new Date(t0.getTime() + DAY))).toBe(partnerA.id);
    expect(await ownerAt(duplicate.id, merged)).toBeNull();
    expect(await ownerAt(duplicate.id, new Date(merged.getTime() + DAY))).toBeNull();
    expect(await ownerAt(duplicate.id, reversedAt)).toBe(partnerA.id);
    expect(await ownerAt(duplicate.id, new Date(reversedAt.getTime() + DAY))).toBe(partnerA.id);
    for (const time of [t0, merged, new Date(merged.getTime() + DAY), reversedAt, new Date()]) {
      expect(await ownerAt(survivor.id, time)).toBe(partnerS.id);
    }
  });

  it("records the reversal on both customers when the duplicate had no owner, and refuses a second reversal", async () => {
    const t0 = new Date(Date.now() - 5 * DAY);
    const survivor = await customerOwnedBy("存续客户", { partnerId: partnerS.id, protectedUntil: new Date(t0.getTime() + 90 * DAY), at: t0 });
    const duplicate = await customerOwnedBy("公海重复客户", null);
    const merge = await mergeCustomers(staff, { survivorId: survivor.id, duplicateId: duplicate.id, reason: "公海里的重复" }, new Date(t0.getTime() + DAY));
    await reverseMerge(staff, merge.mergeId, new Date(t0.getTime() + 2 * DAY));

    expect((await history(duplicate.id)).map((s) => [s.event, s.partnerId, s.relatedCustomerId, s.mergeId])).toEqual([
      ["merged", null, survivor.id, merge.mergeId],
      ["merge_reversed", null, survivor.id, merge.mergeId],
    ]);
    expect((await history(survivor.id)).map((s) => [s.event, s.partnerId, s.relatedCustomerId, s.mergeId])).toEqual([
      ["registration_accepted", partnerS.id, null, null],
      ["merged", partnerS.id, duplicate.id, merge.mergeId],
      ["merge_reversed", partnerS.id, duplicate.id, merge.mergeId],
    ]);
    expect(await baseDb().outboxEvent.count({ where: { type: "customer.ownership_changed", aggregateId: duplicate.id } })).toBe(0);
    expect(await ownerAt(duplicate.id, new Date())).toBeNull();

    await expect(reverseMerge(staff, merge.mergeId)).rejects.toMatchObject({ code: "ALREADY_DECIDED" });
    expect(await baseDb().customerOwnership.count({ where: { mergeId: merge.mergeId, event: "merge_reversed" } })).toBe(2);
  });
});

describe("backfill of merge steps written before relatedCustomerId / mergeId (migration 20261124090100)", () => {
  const sql = readFileSync(new URL("../../../prisma/migrations/20261124090100_ownership_merge_links_backfill/migration.sql", import.meta.url), "utf8");
  /** The migration's statements, one at a time (a prepared statement holds one). */
  const statements = sql
    .split(/;\s*(?:\n|$)/)
    .map((chunk) => chunk.trim())
    .filter((chunk) => chunk.split("\n").some((line) => line.trim() !== "" && !line.trim().startsWith("--")));

  it("moves the other customer out of `reason`, links the merge record, and turns reversals into their own event", async () => {
    const t0 = new Date(Date.now() - 30 * DAY);
    const at = (days: number) => new Date(t0.getTime() + days * DAY);
    const survivor = await customerOwnedBy("旧存续客户", null);
    const duplicate = await customerOwnedBy("旧重复客户", null);
    const stranger = await customerOwnedBy("无合并记录的客户", null);
    // The pair was merged, reversed, and merged again: each step belongs to the merge closest in time.
    const first = await baseDb().customerMerge.create({ data: { survivorId: survivor.id, mergedId: duplicate.id, moved: {}, reason: "同一家公司", createdAt: at(1), reversedAt: at(2) } });
    const second = await baseDb().customerMerge.create({ data: { survivorId: survivor.id, mergedId: duplicate.id, moved: {}, reason: "还是同一家", createdAt: at(3) } });
    const missingMerge = randomUUID();
    const oldRow = (customerId: string, event: "merged" | "transferred", reason: string | null, day: number) =>
      baseDb().customerOwnership.create({ data: { customerId, partnerId: null, event, reason, actorLabel: "old", at: at(day) } });
    const rows = {
      duplicateMerged: await oldRow(duplicate.id, "merged", `→ ${survivor.id}: 同一家公司`, 1),
      survivorMerged: await oldRow(survivor.id, "merged", `← ${duplicate.id}: 同一家公司`, 1),
      reversed: await oldRow(duplicate.id, "merged", `merge ${first.id} reversed`, 2),
      duplicateMergedAgain: await oldRow(duplicate.id, "merged", `→ ${survivor.id}: 还是同一家\n第二行`, 3),
      survivorMergedAgain: await oldRow(survivor.id, "merged", `← ${duplicate.id}: 还是同一家\n第二行`, 3),
      withoutRecord: await oldRow(stranger.id, "merged", `→ ${survivor.id}: 手工合并`, 4),
      reversedWithoutRecord: await oldRow(stranger.id, "merged", `merge ${missingMerge} reversed`, 5),
      // Not a merge step, or not in the old format: left alone.
      transferNote: await oldRow(stranger.id, "transferred", `→ ${survivor.id}: 看起来像合并`, 6),
      plainNote: await oldRow(stranger.id, "merged", "手写的备注", 7),
    };

    expect(statements.length).toBe(2);
    for (const statement of statements) await baseDb().$executeRawUnsafe(statement);

    const after = async (row: { id: string }) => {
      const { event, reason, relatedCustomerId, mergeId } = await baseDb().customerOwnership.findUniqueOrThrow({ where: { id: row.id } });
      return { event, reason, relatedCustomerId, mergeId };
    };
    expect(await after(rows.duplicateMerged)).toEqual({ event: "merged", reason: "同一家公司", relatedCustomerId: survivor.id, mergeId: first.id });
    expect(await after(rows.survivorMerged)).toEqual({ event: "merged", reason: "同一家公司", relatedCustomerId: duplicate.id, mergeId: first.id });
    expect(await after(rows.reversed)).toEqual({ event: "merge_reversed", reason: null, relatedCustomerId: survivor.id, mergeId: first.id });
    expect(await after(rows.duplicateMergedAgain)).toEqual({ event: "merged", reason: "还是同一家\n第二行", relatedCustomerId: survivor.id, mergeId: second.id });
    expect(await after(rows.survivorMergedAgain)).toEqual({ event: "merged", reason: "还是同一家\n第二行", relatedCustomerId: duplicate.id, mergeId: second.id });
    expect(await after(rows.withoutRecord)).toEqual({ event: "merged", reason: "手工合并", relatedCustomerId: survivor.id, mergeId: null });
    expect(await after(rows.reversedWithoutRecord)).toEqual({ event: "merge_reversed", reason: null, relatedCustomerId: null, mergeId: null });
    expect(await after(rows.transferNote)).toEqual({ event: "transferred", reason: `→ ${survivor.id}: 看起来像合并`, relatedCustomerId: null, mergeId: null });
    expect(await after(rows.plainNote)).toEqual({ event: "merged", reason: "手写的备注", relatedCustomerId: null, mergeId: null });

    // Running it again changes nothing: the old formats are gone.
    for (const statement of statements) expect(await baseDb().$executeRawUnsafe(statement)).toBe(0);
  });
});

describe("merges under concurrency", () => {
  it("merges a duplicate into one survivor only, when two reviewers merge it into different survivors at once", async () => {
    const duplicate = await customerOwnedBy("并发重复", null);
    const [first, second] = [await customerOwnedBy("存续一", null), await customerOwnedBy("存续二", null)];
    await baseDb().customerIdentity.createMany({ data: [{ customerId: duplicate.id, kind: "phone", value: `+86139${String(Date.now()).slice(-8)}` }] });
    const results = await Promise.allSettled(
      [first, second].map((survivor) => runAsActor(staff, () => mergeCustomers(staff, { survivorId: survivor.id, duplicateId: duplicate.id, reason: "并发合并" }))),
    );
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refused = results.find((r): r is PromiseRejectedResult => r.status === "rejected")!;
    expect(refused.reason).toMatchObject({ code: "VALIDATION_FAILED", details: [{ path: "duplicateId" }] });
    const won = results.find((r) => r.status === "fulfilled")!.value;
    expect((await baseDb().customer.findUniqueOrThrow({ where: { id: duplicate.id } })).mergedIntoId).toBe(won.survivorId);
    expect(await baseDb().customerMerge.count({ where: { mergedId: duplicate.id } })).toBe(1);
    // The key moved once, to the winner only.
    const keyHolders = await baseDb().customerIdentity.findMany({ where: { kind: "phone", customerId: { in: [first.id, second.id] } }, select: { customerId: true } });
    expect(keyHolders.map((k) => k.customerId)).toEqual([won.survivorId]);
  });
});
