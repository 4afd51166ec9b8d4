/**
 * Saved filters: a list view's query string under a name, private or shared with the team (a
 * partner's users; for staff, the platform's users). Only its owner renames, shares or deletes it.
 */
import { requirePermission, requireUserActor, type Actor, type Permission } from "../../actor/index.ts";
import { db, type Prisma, type SavedFilter } from "../../db/index.ts";
import { DomainError, notFound } from "../../errors/index.ts";
import { page, ZId } from "../shared.schemas.ts";
import {
  ZSavedFilterInput,
  ZSavedFilterListInput,
  ZSavedFilterUpdateInput,
  type TSavedFilter,
  type TSavedFilterEntity,
  type TSavedFilterInput,
  type TSavedFilterListInput,
  type TSavedFilterUpdateInput,
} from "./saved-filters.schemas.ts";

/** Saving a filter of a list needs the right to read that list. */
const READ_PERMISSION: Record<TSavedFilterEntity, Permission> = {
  leads: "lead:read",
  customers: "customer:read",
  opportunities: "opportunity:read",
  activities: "activity:read",
  tasks: "task:read",
};

/** What the actor sees: a partner user's are scoped (its own, and its partner's shared ones); staff see theirs and the platform's shared. */
function visibleToActor(actor: Actor): Prisma.SavedFilterWhereInput {
  const user = requireUserActor(actor);
  return user.kind === "platform" ? { OR: [{ userId: user.userId }, { partnerId: null, shared: true }] } : {};
}

async function toSavedFilters(actor: Actor, rows: SavedFilter[]): Promise<TSavedFilter[]> {
  const user = requireUserActor(actor);
  const others = [...new Set(rows.map((r) => r.userId).filter((id) => id !== user.userId))];
  const names = new Map((await db.user.findMany({ where: { id: { in: others } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]));
  return rows.map((r) => ({
    id: r.id,
    entity: r.entity as TSavedFilterEntity,
    name: r.name,
    query: (r.query ?? {}) as Record<string, string>,
    shared: r.shared,
    mine: r.userId === user.userId,
    ownerName: r.userId === user.userId ? user.name : (names.get(r.userId) ?? null),
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  }));
}

export async function listSavedFilters(actor: Actor, rawInput: TSavedFilterListInput): Promise<{ items: TSavedFilter[]; nextCursor: string | null }> {
  const input = ZSavedFilterListInput.parse(rawInput);
  const and: Prisma.SavedFilterWhereInput[] = [visibleToActor(actor)];
  if (input.entity) and.push({ entity: input.entity });
  if (input.cursor) and.push({ id: { lt: input.cursor } });
  const rows = await db.savedFilter.findMany({ where: { AND: and }, orderBy: { id: "desc" }, take: input.limit + 1 });
  const { items, nextCursor } = page(rows, input.limit);
  return { items: await toSavedFilters(actor, items), nextCursor };
}

const nameTaken = () =>
  new DomainError("CONFLICT", { i18nKey: "segments.savedFilters.errors.nameTaken", details: [{ path: "name", message: "segments.savedFilters.errors.nameTaken" }] });

async function assertNameFree(userId: string, entity: string, name: string, exceptId?: string): Promise<void> {
  const taken = await db.savedFilter.findFirst({ where: { userId, entity, name, ...(exceptId ? { id: { not: exceptId } } : {}) }, select: { id: true } });
  if (taken) throw nameTaken();
}

export async function createSavedFilter(actor: Actor, rawInput: TSavedFilterInput): Promise<TSavedFilter> {
  const user = requireUserActor(actor);
  const input = ZSavedFilterInput.parse(rawInput);
  requirePermission(actor, READ_PERMISSION[input.entity]);
  await assertNameFree(user.userId, input.entity, input.name);
  const row = await db.savedFilter.create({
    data: { userId: user.userId, partnerId: user.kind === "partner" ? user.partnerId : null, entity: input.entity, name: input.name, query: input.query, shared: input.shared },
  });
  return (await toSavedFilters(actor, [row]))[0]!;
}

/** One of the actor's own filters; a teammate's shared filter can be applied, not changed. */
async function ownFilter(actor: Actor, id: string): Promise<SavedFilter> {
  const user = requireUserActor(actor);
  if (!ZId.safeParse(id).success) throw notFound("SavedFilter");
  const row = await db.savedFilter.findFirst({ where: { AND: [{ id }, visibleToActor(actor)] } });
  if (!row) throw notFound("SavedFilter");
  if (row.userId !== user.userId) throw new DomainError("FORBIDDEN", { i18nKey: "segments.savedFilters.errors.notYours" });
  return row;
}

export async function updateSavedFilter(actor: Actor, id: string, rawInput: TSavedFilterUpdateInput): Promise<TSavedFilter> {
  const input = ZSavedFilterUpdateInput.parse(rawInput);
  const own = await ownFilter(actor, id);
  if (input.name !== undefined && input.name !== own.name) await assertNameFree(own.userId, own.entity, input.name, own.id);
  const row = await db.savedFilter.update({
    where: { id: own.id },
    data: { ...(input.name !== undefined ? { name: input.name } : {}), ...(input.shared !== undefined ? { shared: input.shared } : {}) },
  });
  return (await toSavedFilters(actor, [row]))[0]!;
}

export async function deleteSavedFilter(actor: Actor, id: string): Promise<void> {
  const own = await ownFilter(actor, id);
  await db.savedFilter.delete({ where: { id: own.id } });
}
