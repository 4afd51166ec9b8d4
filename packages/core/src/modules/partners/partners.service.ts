import { requirePermission, type Actor } from "../../actor/index.ts";
import { db } from "../../db/index.ts";
import { DomainError, notFound } from "../../errors/index.ts";
import { recordAudit } from "../audit/audit.repository.ts";
import { emitEvent } from "../outbox/outbox.repository.ts";
import { page, ZId } from "../shared.schemas.ts";
import { findPartner, findPartners, insertPartner, parentMap, partnerOptions, updatePartnerRow } from "./partners.repository.ts";
import { createsHierarchyCycle } from "./partners.rules.ts";
import {
  ZPartnerCreateInput,
  ZPartnerListInput,
  ZPartnerUpdateInput,
  type TPartner,
  type TPartnerCreateInput,
  type TPartnerListInput,
  type TPartnerOption,
  type TPartnerUpdateInput,
} from "./partners.schemas.ts";

export async function listPartners(actor: Actor, rawInput: TPartnerListInput): Promise<{ items: TPartner[]; nextCursor: string | null }> {
  requirePermission(actor, "partner:list");
  const input = ZPartnerListInput.parse(rawInput);
  const rows = await findPartners(
    { ...(input.q ? { q: input.q } : {}), ...(input.status ? { status: input.status } : {}),
      ...(input.parentPartnerId ? { parentPartnerId: input.parentPartnerId } : {}),
      ...(input.cursor ? { beforeId: input.cursor } : {}) },
    input.limit + 1,
  );
  return page(rows, input.limit);
}

export async function listPartnerOptions(actor: Actor): Promise<TPartnerOption[]> {
  requirePermission(actor, "partner:list");
  return partnerOptions();
}

export async function getPartner(actor: Actor, id: string): Promise<TPartner> {
  requirePermission(actor, "partner:list");
  if (!ZId.safeParse(id).success) throw notFound("Partner");
  const partner = await findPartner(id);
  if (!partner) throw notFound("Partner");
  return partner;
}

function parentNotFound(): DomainError {
  return new DomainError("VALIDATION_FAILED", { details: [{ path: "parentPartnerId", message: "errors.NOT_FOUND" }] });
}

export async function createPartner(actor: Actor, rawInput: TPartnerCreateInput): Promise<TPartner> {
  requirePermission(actor, "partner:create");
  const input = ZPartnerCreateInput.parse(rawInput);
  return db.$transaction(async (tx) => {
    if (input.parentPartnerId && !(await findPartner(input.parentPartnerId, tx))) throw parentNotFound();
    const partner = await insertPartner(tx, {
      name: input.name,
      tier: input.tier,
      region: input.region,
      parentPartnerId: input.parentPartnerId ?? null,
    });
    await recordAudit(tx, actor, { action: "partner.created", entityType: "Partner", entityId: partner.id, partnerId: partner.id, after: partner });
    await emitEvent(tx, "partner.created", { type: "Partner", id: partner.id, partnerId: partner.id }, {
      partnerId: partner.id,
      parentPartnerId: partner.parentPartnerId,
    });
    return partner;
  });
}

export async function updatePartner(actor: Actor, id: string, rawPatch: TPartnerUpdateInput): Promise<TPartner> {
  requirePermission(actor, "partner:update");
  if (!ZId.safeParse(id).success) throw notFound("Partner");
  const patch = ZPartnerUpdateInput.parse(rawPatch);
  return db.$transaction(async (tx) => {
    const before = await findPartner(id, tx);
    if (!before) throw notFound("Partner");
    const data: Record<string, unknown> = {};
    for (const field of ["name", "tier", "region", "parentPartnerId", "status"] as const) {
      if (patch[field] !== undefined && patch[field] !== before[field]) data[field] = patch[field];
    }
    if (Object.keys(data).length === 0) return before;
    if ("parentPartnerId" in data && data.parentPartnerId) {
      const parentId = data.parentPartnerId as string;
      if (!(await findPartner(parentId, tx))) throw parentNotFound();
      const parents = await parentMap(tx);
      if (createsHierarchyCycle(id, parentId, (p) => parents.get(p))) {
        throw new DomainError("PARTNER_HIERARCHY_CYCLE", { details: [{ path: "parentPartnerId", message: "errors.PARTNER_HIERARCHY_CYCLE" }] });
      }
    }
    const after = await updatePartnerRow(tx, id, data);
    const changed = Object.keys(data);
    await recordAudit(tx, actor, {
      action: "partner.updated",
      entityType: "Partner",
      entityId: id,
      partnerId: id,
      before: Object.fromEntries(changed.map((k) => [k, before[k as keyof TPartner]])),
      after: Object.fromEntries(changed.map((k) => [k, after[k as keyof TPartner]])),
    });
    await emitEvent(tx, "partner.updated", { type: "Partner", id, partnerId: id }, { partnerId: id, changed });
    return after;
  });
}
