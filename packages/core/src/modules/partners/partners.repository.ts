import { db, type Prisma, type Tx } from "../../db/index.ts";
import type { TPartner, TPartnerOption } from "./partners.schemas.ts";

const partnerSelect = {
  id: true,
  name: true,
  tier: true,
  region: true,
  parentPartnerId: true,
  status: true,
  createdAt: true,
  parent: { select: { name: true } },
  _count: { select: { memberships: true } },
} satisfies Prisma.PartnerSelect;

type PartnerRow = Prisma.PartnerGetPayload<{ select: typeof partnerSelect }>;

function toPartner(row: PartnerRow): TPartner {
  const { parent, _count, ...rest } = row;
  return { ...rest, parentName: parent?.name ?? null, userCount: _count.memberships };
}

export async function findPartners(
  filter: { q?: string; status?: TPartner["status"]; parentPartnerId?: string; beforeId?: string },
  take: number,
): Promise<TPartner[]> {
  const and: Prisma.PartnerWhereInput[] = [];
  if (filter.q) and.push({ OR: [{ name: { contains: filter.q, mode: "insensitive" } }, { region: { contains: filter.q, mode: "insensitive" } }] });
  if (filter.status) and.push({ status: filter.status });
  if (filter.parentPartnerId) and.push({ parentPartnerId: filter.parentPartnerId });
  if (filter.beforeId) and.push({ id: { lt: filter.beforeId } });
  const rows = await db.partner.findMany({ where: { AND: and }, orderBy: { id: "desc" }, take, select: partnerSelect });
  return rows.map(toPartner);
}

export async function findPartner(id: string, tx?: Tx): Promise<TPartner | null> {
  const row = await (tx ?? db).partner.findUnique({ where: { id }, select: partnerSelect });
  return row ? toPartner(row) : null;
}

export async function parentMap(tx: Tx): Promise<Map<string, string | null>> {
  const rows = await tx.partner.findMany({ where: { parentPartnerId: { not: null } }, select: { id: true, parentPartnerId: true } });
  return new Map(rows.map((r) => [r.id, r.parentPartnerId]));
}

export async function insertPartner(tx: Tx, data: Prisma.PartnerUncheckedCreateInput): Promise<TPartner> {
  return toPartner(await tx.partner.create({ data, select: partnerSelect }));
}

export async function updatePartnerRow(tx: Tx, id: string, data: Prisma.PartnerUncheckedUpdateInput): Promise<TPartner> {
  return toPartner(await tx.partner.update({ where: { id }, data, select: partnerSelect }));
}

/** Partners for a select (platform): name, tier and status. */
export async function partnerOptions(): Promise<TPartnerOption[]> {
  return db.partner.findMany({ orderBy: [{ name: "asc" }, { id: "asc" }], select: { id: true, name: true, tier: true, status: true } });
}
