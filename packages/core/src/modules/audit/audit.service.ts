import { z } from "zod";
import { requirePermission, type Actor } from "../../actor/index.ts";
import { db, type Prisma } from "../../db/index.ts";
import { page, ZId, ZListInput } from "../shared.schemas.ts";

export const ZAuditListInput = ZListInput.extend({
  entityType: z.string().trim().max(50).optional(),
  action: z.string().trim().max(80).optional(),
  partnerId: ZId.optional(),
  q: z.string().trim().max(100).optional(),
});

export const ZAuditEntry = z.object({
  id: z.string(),
  actorLabel: z.string(),
  actorKind: z.string(),
  partnerId: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  ip: z.string().nullable(),
  createdAt: z.date(),
});
export type TAuditEntry = z.infer<typeof ZAuditEntry>;

export async function listAuditLog(actor: Actor, raw: z.input<typeof ZAuditListInput>) {
  requirePermission(actor, "audit:read");
  const input = ZAuditListInput.parse(raw);
  const and: Prisma.AuditLogWhereInput[] = [];
  if (input.entityType) and.push({ entityType: input.entityType });
  if (input.action) and.push({ action: input.action });
  if (input.partnerId) and.push({ partnerId: input.partnerId });
  if (input.q) and.push({ OR: [{ actorLabel: { contains: input.q, mode: "insensitive" } }, { entityId: input.q }] });
  if (input.cursor) and.push({ id: { lt: input.cursor } });
  const rows = await db.auditLog.findMany({
    where: { AND: and },
    orderBy: { id: "desc" },
    take: input.limit + 1,
    select: { id: true, actorLabel: true, actorKind: true, partnerId: true, action: true, entityType: true, entityId: true, before: true, after: true, ip: true, createdAt: true },
  });
  return page(rows, input.limit);
}
