/** API keys act for the user who made them. The raw key is returned once; only its hash is kept. */
import { z } from "zod";
import { requirePermission, requireSignedInActor, type Actor } from "../../actor/index.ts";
import { generateApiKey } from "../../auth/auth.service.ts";
import { db } from "../../db/index.ts";
import { notFound } from "../../errors/index.ts";
import { recordAudit } from "../audit/audit.repository.ts";
import { requiredText, ZId } from "../shared.schemas.ts";

export const ZApiKeyCreateInput = z.object({ name: requiredText(100) });
export const ZApiKey = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  lastUsedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
  createdAt: z.date(),
});
export type TApiKey = z.infer<typeof ZApiKey>;
const select = { id: true, name: true, prefix: true, lastUsedAt: true, revokedAt: true, createdAt: true } as const;

export async function createApiKey(actor: Actor, raw: z.input<typeof ZApiKeyCreateInput>): Promise<TApiKey & { key: string }> {
  requirePermission(actor, "apiKey:manage");
  const user = requireSignedInActor(actor);
  const input = ZApiKeyCreateInput.parse(raw);
  const generated = generateApiKey();
  return db.$transaction(async (tx) => {
    const row = await tx.apiKey.create({ data: { userId: user.userId, name: input.name, prefix: generated.prefix, hash: generated.hash }, select });
    await recordAudit(tx, actor, { action: "apiKey.created", entityType: "ApiKey", entityId: row.id, after: { name: row.name, prefix: row.prefix } });
    return { ...row, key: generated.raw };
  });
}

export async function listApiKeys(actor: Actor): Promise<TApiKey[]> {
  requirePermission(actor, "apiKey:manage");
  return db.apiKey.findMany({ orderBy: { id: "desc" }, select });
}

export async function revokeApiKey(actor: Actor, id: string): Promise<TApiKey> {
  requirePermission(actor, "apiKey:manage");
  if (!ZId.safeParse(id).success) throw notFound("ApiKey");
  return db.$transaction(async (tx) => {
    const existing = await tx.apiKey.findUnique({ where: { id }, select });
    if (!existing) throw notFound("ApiKey");
    if (existing.revokedAt) return existing;
    const row = await tx.apiKey.update({ where: { id }, data: { revokedAt: new Date() }, select });
    await recordAudit(tx, actor, { action: "apiKey.revoked", entityType: "ApiKey", entityId: id, before: { revokedAt: null }, after: { revokedAt: row.revokedAt } });
    return row;
  });
}
