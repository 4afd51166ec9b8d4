/**
 * The platform's commission plan as versions (docs/decisions/018-commission-plan-versions.md): finance
 * writes a draft (rules validated by the same zod schema the engine reads), activates it, and from
 * its effectiveFrom it is the version in force for new orders. An active version is never edited —
 * a fix is a new version — so every statement line can name the exact rules that produced it.
 */
import { requirePermission, type Actor } from "../../actor/index.ts";
import { db, Prisma, type CommissionPlan, isUniqueViolation } from "../../db/index.ts";
import { DomainError, notFound } from "../../errors/index.ts";
import { recordAudit } from "../audit/audit.repository.ts";
import { emitEvent } from "../outbox/outbox.repository.ts";
import { page, ZId } from "../shared.schemas.ts";
import { PARTNER_TIERS } from "../partners/partners.schemas.ts";
import { ratePreview } from "./commission.rules.ts";
import { ZCommissionRules } from "./commission.schemas.ts";
import { checkPluginRules } from "./plugin-rules.service.ts";
import {
  ZCommissionPlanInput,
  ZCommissionPlanListInput,
  ZCommissionPlanPatch,
  type TCommissionPlan,
  type TCommissionPlanInput,
  type TCommissionPlanListInput,
  type TCommissionPlanPatch,
  type TRatePreview,
  ZRatePreviewInput,
} from "./commission-plans.schemas.ts";

function toPlan(row: CommissionPlan): TCommissionPlan {
  return {
    id: row.id,
    version: row.version,
    name: row.name,
    note: row.note,
    effectiveFrom: row.effectiveFrom,
    status: row.status,
    rules: row.rules as Record<string, unknown>,
    activatedAt: row.activatedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}


async function plan(id: string): Promise<CommissionPlan> {
  const row = ZId.safeParse(id).success ? await db.commissionPlan.findUnique({ where: { id } }) : null;
  if (!row) throw notFound("CommissionPlan");
  return row;
}

export async function listCommissionPlans(actor: Actor, rawInput: TCommissionPlanListInput): Promise<{ items: TCommissionPlan[]; nextCursor: string | null }> {
  requirePermission(actor, "commissionPlan:read");
  const input = ZCommissionPlanListInput.parse(rawInput);
  const cursorVersion = input.cursor && ZId.safeParse(input.cursor).success ? (await db.commissionPlan.findUnique({ where: { id: input.cursor }, select: { version: true } }))?.version : undefined;
  if (input.cursor && cursorVersion === undefined) throw new DomainError("VALIDATION_FAILED", { details: [{ path: "cursor", message: "errors.field.invalidCursor" }] });
  const rows = await db.commissionPlan.findMany({
    where: { ...(input.status ? { status: input.status } : {}), ...(cursorVersion !== undefined ? { version: { lt: cursorVersion } } : {}) },
    orderBy: { version: "desc" },
    take: input.limit + 1,
  });
  return page(rows.map(toPlan), input.limit);
}

export async function getCommissionPlan(actor: Actor, id: string): Promise<TCommissionPlan> {
  requirePermission(actor, "commissionPlan:read");
  return toPlan(await plan(id));
}

/** A new draft version, numbered after the last one (two at once: one retries with the next number). */
export async function createCommissionPlan(actor: Actor, rawInput: TCommissionPlanInput): Promise<TCommissionPlan> {
  requirePermission(actor, "commissionPlan:write");
  const input = ZCommissionPlanInput.parse(rawInput);
  // Plugin rules name installed rule types, with params that fit their declaration (ADR 025).
  const rules = await checkPluginRules(input.rules);
  for (let attempt = 0; ; attempt++) {
    try {
      const row = await db.$transaction(async (tx) => {
        const last = await tx.commissionPlan.aggregate({ _max: { version: true } });
        const created = await tx.commissionPlan.create({
          data: {
            version: (last._max.version ?? 0) + 1,
            name: input.name,
            note: input.note ?? null,
            effectiveFrom: input.effectiveFrom,
            rules: rules as Prisma.InputJsonValue,
            createdById: actor.kind === "platform" ? actor.userId : null,
          },
        });
        await recordAudit(tx, actor, { action: "commission_plan.created", entityType: "CommissionPlan", entityId: created.id, after: toPlan(created) });
        return created;
      });
      return toPlan(row);
    } catch (error) {
      if (isUniqueViolation(error) && attempt < 3) continue;
      throw error;
    }
  }
}

/** Drafts change freely; an active or withdrawn version never does (a fix is a new version). */
export async function updateCommissionPlan(actor: Actor, id: string, rawPatch: TCommissionPlanPatch): Promise<TCommissionPlan> {
  requirePermission(actor, "commissionPlan:write");
  const patch = ZCommissionPlanPatch.parse(rawPatch);
  const before = await plan(id);
  if (before.status !== "draft") throw new DomainError("RULE_VIOLATION", { i18nKey: "commissions.errors.planNotDraft" });
  const rules = patch.rules !== undefined ? await checkPluginRules(patch.rules) : undefined;
  const row = await db.$transaction(async (tx) => {
    // Only while it is still a draft (a concurrent activation wins).
    const { count } = await tx.commissionPlan.updateMany({
      where: { id, status: "draft" },
      data: {
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.note !== undefined ? { note: patch.note ?? null } : {}),
        ...(patch.effectiveFrom !== undefined ? { effectiveFrom: patch.effectiveFrom } : {}),
        ...(rules !== undefined ? { rules: rules as Prisma.InputJsonValue } : {}),
      },
    });
    if (count === 0) throw new DomainError("RULE_VIOLATION", { i18nKey: "commissions.errors.planNotDraft" });
    const after = await tx.commissionPlan.findUniqueOrThrow({ where: { id } });
    await recordAudit(tx, actor, { action: "commission_plan.updated", entityType: "CommissionPlan", entityId: id, before: toPlan(before), after: toPlan(after) });
    return after;
  });
  return toPlan(row);
}

/** A draft goes into force from its effectiveFrom; two active versions never start at the same instant. */
export async function activateCommissionPlan(actor: Actor, id: string, now = new Date()): Promise<TCommissionPlan> {
  requirePermission(actor, "commissionPlan:write");
  const before = await plan(id);
  if (before.status !== "draft") throw new DomainError("RULE_VIOLATION", { i18nKey: "commissions.errors.planNotDraft" });
  // A plugin uninstalled since the draft was saved would leave its rules without a hook.
  await checkPluginRules(ZCommissionRules.parse(before.rules));
  try {
    const row = await db.$transaction(async (tx) => {
      const { count } = await tx.commissionPlan.updateMany({
        where: { id, status: "draft" },
        data: { status: "active", activatedAt: now, activatedById: actor.kind === "platform" ? actor.userId : null },
      });
      if (count === 0) throw new DomainError("RULE_VIOLATION", { i18nKey: "commissions.errors.planNotDraft" });
      const after = await tx.commissionPlan.findUniqueOrThrow({ where: { id } });
      await recordAudit(tx, actor, { action: "commission_plan.activated", entityType: "CommissionPlan", entityId: id, before: toPlan(before), after: toPlan(after) });
      await emitEvent(tx, "commission_plan.activated", { type: "CommissionPlan", id, partnerId: null }, { planId: id, version: after.version, effectiveFrom: after.effectiveFrom.toISOString() });
      return after;
    });
    return toPlan(row);
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("CONFLICT", { i18nKey: "commissions.errors.effectiveFromTaken" });
    throw error;
  }
}

/**
 * Withdraw an active version that has not started yet (nothing was computed under it). One already in
 * force stays: the statements it produced must keep pointing at it; a later version replaces it.
 */
export async function withdrawCommissionPlan(actor: Actor, id: string, now = new Date()): Promise<TCommissionPlan> {
  requirePermission(actor, "commissionPlan:write");
  const before = await plan(id);
  if (before.status !== "active") throw new DomainError("RULE_VIOLATION", { i18nKey: "commissions.errors.planNotActive" });
  if (before.effectiveFrom <= now) throw new DomainError("RULE_VIOLATION", { i18nKey: "commissions.errors.planAlreadyInForce" });
  const row = await db.$transaction(async (tx) => {
    const { count } = await tx.commissionPlan.updateMany({ where: { id, status: "active", effectiveFrom: { gt: now } }, data: { status: "withdrawn" } });
    if (count === 0) throw new DomainError("RULE_VIOLATION", { i18nKey: "commissions.errors.planAlreadyInForce" });
    const after = await tx.commissionPlan.findUniqueOrThrow({ where: { id } });
    await recordAudit(tx, actor, { action: "commission_plan.withdrawn", entityType: "CommissionPlan", entityId: id, before: toPlan(before), after: toPlan(after) });
    return after;
  });
  return toPlan(row);
}

/** The plan editor's preview: the rate each partner tier gets per category under these rules. */
export function previewCommissionRules(actor: Actor, rawInput: unknown): TRatePreview {
  requirePermission(actor, "commissionPlan:read");
  const { rules } = ZRatePreviewInput.parse(rawInput);
  const preview = ratePreview(rules, PARTNER_TIERS);
  return { ...preview, tiers: [...preview.tiers] };
}
