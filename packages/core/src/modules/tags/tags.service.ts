/**
 * Tags: defining them (the platform's by staff, a partner's by its admins and managers), putting
 * them on customers and taking them off, and reading them back per customer.
 *
 * Who tags what: a tag is applied only by its owner — a partner's tag by that partner's users, a
 * platform tag by platform staff — so a CustomerTag row's partnerId is always its tag's. That is what
 * makes "customers with tag T" safe to ask once T is visible to the actor: no other partner's
 * tagging can be behind the answer. (CustomerTag is unique per customer and tag, which also rules out
 * two partners each putting the same platform tag on a customer they share.)
 */
import { requirePermission, type Actor } from "../../actor/index.ts";
import { db, Prisma, type Tag, isUniqueViolation } from "../../db/index.ts";
import { DomainError, notFound } from "../../errors/index.ts";
import { recordAudit } from "../audit/audit.repository.ts";
import { emitEvent } from "../outbox/outbox.repository.ts";
import { page, ZId } from "../shared.schemas.ts";
import {
  ZApplyTagInput,
  ZTagInput,
  ZTagListInput,
  ZTagUpdateInput,
  type TTag,
  type TTagChip,
  type TTagInput,
  type TTagListInput,
  type TTagUpdateInput,
} from "./tags.schemas.ts";

/** Whose tags the actor defines and applies: its partner's, or for staff the platform's (null). */
function tagOwner(actor: Actor): string | null {
  return actor.kind === "partner" ? actor.partnerId : null;
}

function toChip(tag: Pick<Tag, "id" | "name" | "color" | "partnerId">): TTagChip {
  return { id: tag.id, name: tag.name, color: tag.color, scope: tag.partnerId ? "partner" : "platform" };
}

/** Platform tags first, then by name. */
function byScopeAndName(a: TTagChip, b: TTagChip): number {
  if (a.scope !== b.scope) return a.scope === "platform" ? -1 : 1;
  return a.name.localeCompare(b.name, "zh-CN");
}

/** A tag the actor may see: a partner the platform's and its own (scope rules); staff the platform's. */
async function visibleTag(actor: Actor, id: string): Promise<Tag | null> {
  if (!ZId.safeParse(id).success) return null;
  const tag = await db.tag.findUnique({ where: { id } });
  if (!tag || (actor.kind === "platform" && tag.partnerId !== null)) return null;
  return tag;
}

/** A tag the actor may rename, delete or apply: one of its own. A visible platform tag is read-only to a partner. */
async function ownTag(actor: Actor, id: string): Promise<Tag> {
  const tag = await visibleTag(actor, id);
  if (!tag) throw notFound("Tag");
  if (tag.partnerId !== tagOwner(actor)) throw new DomainError("FORBIDDEN", { i18nKey: "segments.tags.errors.platformTag" });
  return tag;
}

async function visibleCustomer(actor: Actor, id: string): Promise<{ id: string; ownerPartnerId: string | null }> {
  if (!ZId.safeParse(id).success) throw notFound("Customer");
  const customer = await db.customer.findUnique({ where: { id }, select: { id: true, ownerPartnerId: true, mergedIntoId: true } });
  if (!customer || customer.mergedIntoId) throw notFound("Customer");
  return customer;
}

async function assertNameFree(actor: Actor, name: string, exceptId?: string): Promise<void> {
  const taken = await db.tag.findFirst({ where: { partnerId: tagOwner(actor), name, ...(exceptId ? { id: { not: exceptId } } : {}) }, select: { id: true } });
  if (taken) throw nameTaken();
}

const nameTaken = () => new DomainError("CONFLICT", { i18nKey: "segments.tags.errors.nameTaken", details: [{ path: "name", message: "segments.tags.errors.nameTaken" }] });


/** How many customers carry each of the actor's own tags (another owner's count is not the actor's to know). */
async function counts(actor: Actor, tags: Tag[]): Promise<Map<string, number>> {
  const own = tags.filter((t) => t.partnerId === tagOwner(actor)).map((t) => t.id);
  if (own.length === 0) return new Map();
  const rows = await db.customerTag.groupBy({ by: ["tagId"], where: { tagId: { in: own } }, _count: { _all: true } });
  return new Map(rows.map((r) => [r.tagId, r._count._all]));
}

async function toTags(actor: Actor, tags: Tag[]): Promise<TTag[]> {
  const counted = await counts(actor, tags);
  const owner = tagOwner(actor);
  return tags.map((t) => ({ ...toChip(t), customerCount: t.partnerId === owner ? (counted.get(t.id) ?? 0) : null, createdAt: t.createdAt }));
}

export async function listTags(actor: Actor, rawInput: TTagListInput): Promise<{ items: TTag[]; nextCursor: string | null }> {
  requirePermission(actor, "customer:read");
  const input = ZTagListInput.parse(rawInput);
  const and: Prisma.TagWhereInput[] = [];
  // A partner's reads are scoped to the platform's tags and its own; staff work with the platform's.
  if (actor.kind === "platform" || input.scope === "platform") and.push({ partnerId: null });
  else if (input.scope === "partner") and.push({ partnerId: { not: null } });
  if (input.cursor) and.push({ id: { lt: input.cursor } });
  const rows = await db.tag.findMany({ where: { AND: and }, orderBy: { id: "desc" }, take: input.limit + 1 });
  const { items, nextCursor } = page(rows, input.limit);
  return { items: await toTags(actor, items), nextCursor };
}

export async function createTag(actor: Actor, rawInput: TTagInput): Promise<TTag> {
  requirePermission(actor, "tag:manage");
  const input = ZTagInput.parse(rawInput);
  await assertNameFree(actor, input.name);
  try {
    const tag = await db.$transaction(async (tx) => {
      const created = await tx.tag.create({ data: { partnerId: tagOwner(actor), name: input.name, color: input.color } });
      await recordAudit(tx, actor, { action: "tag.created", entityType: "Tag", entityId: created.id, after: toChip(created) });
      return created;
    });
    return (await toTags(actor, [tag]))[0]!;
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken();
    throw error;
  }
}

export async function updateTag(actor: Actor, id: string, rawInput: TTagUpdateInput): Promise<TTag> {
  requirePermission(actor, "tag:manage");
  const input = ZTagUpdateInput.parse(rawInput);
  const tag = await ownTag(actor, id);
  if (input.name !== undefined && input.name !== tag.name) await assertNameFree(actor, input.name, tag.id);
  try {
    const updated = await db.$transaction(async (tx) => {
      const row = await tx.tag.update({
        where: { id: tag.id },
        data: { ...(input.name !== undefined ? { name: input.name } : {}), ...(input.color !== undefined ? { color: input.color } : {}) },
      });
      await recordAudit(tx, actor, { action: "tag.updated", entityType: "Tag", entityId: tag.id, before: toChip(tag), after: toChip(row) });
      return row;
    });
    return (await toTags(actor, [updated]))[0]!;
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken();
    throw error;
  }
}

/** Deleting a tag takes it off every customer it was on. */
export async function deleteTag(actor: Actor, id: string): Promise<void> {
  requirePermission(actor, "tag:manage");
  const tag = await ownTag(actor, id);
  await db.$transaction(async (tx) => {
    await tx.tag.delete({ where: { id: tag.id } });
    await recordAudit(tx, actor, { action: "tag.deleted", entityType: "Tag", entityId: tag.id, before: toChip(tag) });
  });
}

/** The tags each of these customers carries, as the actor may see them (the platform's and its own). */
export async function customerTags(actor: Actor, customerIds: readonly string[]): Promise<Map<string, TTagChip[]>> {
  const out = new Map<string, TTagChip[]>();
  if (customerIds.length === 0) return out;
  const rows = await db.customerTag.findMany({
    where: { customerId: { in: [...customerIds] }, ...(actor.kind === "platform" ? { partnerId: null } : {}) },
    select: { customerId: true, tag: { select: { id: true, name: true, color: true, partnerId: true } } },
  });
  for (const row of rows) out.set(row.customerId, [...(out.get(row.customerId) ?? []), toChip(row.tag)]);
  for (const chips of out.values()) chips.sort(byScopeAndName);
  return out;
}

/**
 * The customer-list condition "carries tag T", or null when T is not a tag the actor can see (the
 * list is then empty, exactly as for a tag that does not exist).
 */
export async function taggedWith(actor: Actor, tagId: string): Promise<Prisma.CustomerWhereInput | null> {
  const tag = await visibleTag(actor, tagId);
  return tag ? { tags: { some: { tagId: tag.id } } } : null;
}

/** Put one of the actor's tags on a customer it can see; putting it on again changes nothing. */
export async function applyTag(actor: Actor, customerId: string, rawInput: { tagId: string }): Promise<TTagChip[]> {
  requirePermission(actor, "tag:apply");
  const customer = await visibleCustomer(actor, customerId);
  const { tagId } = ZApplyTagInput.parse(rawInput);
  const tag = await ownTag(actor, tagId);
  try {
    await db.$transaction(async (tx) => {
      const already = await tx.customerTag.findFirst({ where: { customerId: customer.id, tagId: tag.id }, select: { id: true } });
      if (already) return;
      await tx.customerTag.create({
        data: { customerId: customer.id, tagId: tag.id, partnerId: tag.partnerId, createdById: actor.kind === "platform" || actor.kind === "partner" ? actor.userId : null },
      });
      await emitEvent(tx, "customer.tagged", { type: "Customer", id: customer.id, partnerId: customer.ownerPartnerId }, {
        customerId: customer.id,
        tagId: tag.id,
        tagName: tag.name,
        partnerId: tag.partnerId,
        ownerPartnerId: customer.ownerPartnerId,
      });
    });
  } catch (error) {
    // Tagged twice at once: the other request's row stands.
    if (!isUniqueViolation(error)) throw error;
  }
  return (await customerTags(actor, [customer.id])).get(customer.id) ?? [];
}

/** Take one of the actor's tags off a customer; taking off a tag that is not there changes nothing. */
export async function removeTag(actor: Actor, customerId: string, tagId: string): Promise<void> {
  requirePermission(actor, "tag:apply");
  const customer = await visibleCustomer(actor, customerId);
  const tag = await ownTag(actor, tagId);
  await db.customerTag.deleteMany({ where: { customerId: customer.id, tagId: tag.id } });
}
