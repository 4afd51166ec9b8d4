/**
 * The only Prisma access for opportunities. Everything goes through the scoped client, except:
 * - stage-history rows, written as the system after the opportunity was read and updated through the
 *   caller's scope (the scope stamps the actor's own partner, which is wrong for a distributor moving
 *   a sub-dealer's deal);
 * - the board and forecast reads, one SQL statement each, run as the system with the caller's own
 *   scope filter translated by db/scope-sql.ts (ADR 010);
 * - the stuck-deal job, which is the system.
 */
import { currentActor, db, Prisma, runAsSystem, type Tx } from "../../db/index.ts";
import { scopeConditionSql } from "../../db/scope-sql.ts";
import type { TStageKind } from "../pipelines/pipelines.schemas.ts";
import type { StageChangeRow } from "./opportunities.rules.ts";
import type { TOpportunityStatus } from "./opportunities.schemas.ts";

export const opportunitySelect = {
  id: true,
  partnerId: true,
  pipelineId: true,
  stageId: true,
  name: true,
  amount: true,
  currency: true,
  expectedCloseDate: true,
  status: true,
  lostReason: true,
  ownerId: true,
  customerId: true,
  leadId: true,
  stageEnteredAt: true,
  closedAt: true,
  createdAt: true,
  updatedAt: true,
  partner: { select: { name: true } },
  owner: { select: { name: true } },
  stage: { select: { name: true, nameKey: true, labels: true, kind: true } },
} satisfies Prisma.OpportunitySelect;

export type OpportunityRow = Prisma.OpportunityGetPayload<{ select: typeof opportunitySelect }>;

/** A calendar date column as "YYYY-MM-DD" (Prisma hands @db.Date back as UTC midnight). */
export function dateOnly(value: Date | null): string | null {
  return value ? value.toISOString().slice(0, 10) : null;
}

export function calendarDate(value: string): Date {
  return new Date(`${value}T00:00:00.000Z`);
}

export type OpportunityFilter = {
  status?: TOpportunityStatus | undefined;
  pipelineId?: string | undefined;
  stageId?: string | undefined;
  ownerId?: string | undefined;
  partnerId?: string | undefined;
  customerId?: string | undefined;
  leadId?: string | undefined;
  q?: string | undefined;
  closeFrom?: string | undefined;
  closeBefore?: string | undefined;
  beforeId?: string | undefined;
};

export async function findOpportunities(filter: OpportunityFilter, take: number): Promise<OpportunityRow[]> {
  const and: Prisma.OpportunityWhereInput[] = [];
  if (filter.status) and.push({ status: filter.status });
  if (filter.pipelineId) and.push({ pipelineId: filter.pipelineId });
  if (filter.stageId) and.push({ stageId: filter.stageId });
  if (filter.ownerId) and.push({ ownerId: filter.ownerId });
  if (filter.partnerId) and.push({ partnerId: filter.partnerId });
  if (filter.customerId) and.push({ customerId: filter.customerId });
  if (filter.leadId) and.push({ leadId: filter.leadId });
  if (filter.closeFrom && filter.closeBefore) and.push({ expectedCloseDate: { gte: calendarDate(filter.closeFrom), lt: calendarDate(filter.closeBefore) } });
  if (filter.beforeId) and.push({ id: { lt: filter.beforeId } });
  if (filter.q) and.push({ name: { contains: filter.q, mode: "insensitive" } });
  return db.opportunity.findMany({ where: and.length ? { AND: and } : {}, orderBy: { id: "desc" }, take, select: opportunitySelect });
}

export async function findOpportunity(id: string, tx?: Tx): Promise<OpportunityRow | null> {
  return (tx ?? db).opportunity.findUnique({ where: { id }, select: opportunitySelect });
}

export async function insertOpportunity(tx: Tx, data: Prisma.OpportunityUncheckedCreateInput): Promise<OpportunityRow> {
  return tx.opportunity.create({ data, select: opportunitySelect });
}

/**
 * Update only if the row is still what the caller read (same stage since the same instant): a
 * concurrent move makes this one a conflict instead of a second, contradictory history row.
 */
export async function updateOpportunityIfUnchanged(
  tx: Tx,
  id: string,
  expected: { stageId: string; stageEnteredAt: Date },
  data: Prisma.OpportunityUncheckedUpdateManyInput,
): Promise<boolean> {
  const result = await tx.opportunity.updateMany({ where: { id, stageId: expected.stageId, stageEnteredAt: expected.stageEnteredAt }, data });
  return result.count === 1;
}

export async function updateOpportunityRow(tx: Tx, id: string, data: Prisma.OpportunityUncheckedUpdateInput): Promise<OpportunityRow> {
  return tx.opportunity.update({ where: { id }, data, select: opportunitySelect });
}

/** Append a stage change (as the system: the caller has just updated the opportunity through its scope). */
export async function insertStageChange(
  tx: Tx,
  row: { opportunityId: string; partnerId: string; fromStageId: string | null; toStageId: string; changedById: string | null; secondsInPrevious: number | null; at: Date },
): Promise<void> {
  await runAsSystem("opportunity-stage-history", () => tx.opportunityStageChange.create({ data: row, select: { id: true } }));
}

export async function findStageChanges(opportunityId: string): Promise<StageChangeRow[]> {
  return db.opportunityStageChange.findMany({
    where: { opportunityId },
    orderBy: [{ at: "asc" }, { id: "asc" }],
    select: { id: true, fromStageId: true, toStageId: true, at: true, secondsInPrevious: true, changedById: true },
  });
}

/** Every stage of a pipeline (archived ones too: history may name them). */
export async function findPipelineStages(pipelineId: string): Promise<Array<{ id: string; name: string; nameKey: string | null; labels: Prisma.JsonValue; kind: TStageKind; position: number; probability: number }>> {
  return db.pipelineStage.findMany({ where: { pipelineId }, select: { id: true, name: true, nameKey: true, labels: true, kind: true, position: true, probability: true } });
}

/** Names of users the actor may see (others stay unnamed). */
export async function userNames(ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The partners whose deals the actor sees: its own, and for managers and admins its sub-dealers. */
export async function findVisiblePartners(): Promise<Array<{ id: string; name: string }>> {
  return db.partner.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true } });
}

/** A customer the actor may see (owned, or registered by the actor's partner tree). */
export async function findVisibleCustomer(id: string, tx?: Tx): Promise<{ id: string; name: string } | null> {
  return (tx ?? db).customer.findUnique({ where: { id }, select: { id: true, name: true } });
}

export async function findVisibleLead(id: string, tx?: Tx): Promise<{ id: string; name: string; partnerId: string } | null> {
  return (tx ?? db).lead.findUnique({ where: { id }, select: { id: true, name: true, partnerId: true } });
}

/** Is `userId` an active member of `partnerId`? (Owners must be.) */
export async function isActiveMember(tx: Tx, userId: string, partnerId: string): Promise<boolean> {
  const membership = await tx.membership.findFirst({ where: { userId, partnerId, user: { deactivatedAt: null } }, select: { id: true } });
  return membership !== null;
}

// ── board ──────────────────────────────────────────────────────────────────────────────────────

const OPPORTUNITY_SCOPE_COLUMNS = { partnerId: "uuid", ownerId: "uuid" } as const;

/** The caller's scope on Opportunity as SQL (evaluated before switching to the system actor). */
function callerScope(alias: string): Prisma.Sql {
  return scopeConditionSql(currentActor(), "Opportunity", alias, OPPORTUNITY_SCOPE_COLUMNS);
}

export type BoardFilter = {
  pipelineId: string;
  /** The pipeline's stages in use, in board order (a stage's kind is the status of its deals). */
  stages: ReadonlyArray<{ id: string; kind: TStageKind }>;
  partnerId?: string | undefined;
  ownerId?: string | undefined;
  closedSince: Date;
};

export type BoardRow = {
  id: string;
  stageId: string;
  name: string;
  amount: string;
  currency: string;
  status: TOpportunityStatus;
  partnerId: string;
  partnerName: string;
  ownerId: string | null;
  ownerName: string | null;
  expectedCloseDate: string | null;
  stageEnteredAt: Date;
  /** Position in its column, 1-based; 0 for a stage's row without a card (its count and sum only). */
  rank: number;
  stageCount: number;
  stageAmount: string;
};

function filterSql(alias: string, filter: { partnerId?: string | undefined; ownerId?: string | undefined }): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  const a = Prisma.raw(alias);
  if (filter.partnerId) parts.push(Prisma.sql`AND ${a}."partnerId" = ${filter.partnerId}::uuid`);
  if (filter.ownerId) parts.push(Prisma.sql`AND ${a}."ownerId" = ${filter.ownerId}::uuid`);
  return parts.length > 0 ? Prisma.join(parts, " ") : Prisma.empty;
}

/**
 * The board in one statement. Per stage (the pipeline's, in board order): the count and sum of its
 * deals — open ones, or for won and lost stages those that entered them (closed) since `closedSince`
 * — as an index-only scan of Opportunity_board_idx, and the first `cards` by the time they entered
 * the stage, newest first, as an ordered index scan with a LIMIT, joined to owner and partner names.
 * Every stage comes back at least once (without a card when it has none or `cards = 0`). The stage
 * implies the pipeline, so the pipeline is not repeated in the conditions (it would defeat the index).
 */
export async function boardRows(filter: BoardFilter, cards: number): Promise<BoardRow[]> {
  if (filter.stages.length === 0) return [];
  const scope = callerScope("o");
  const extra = filterSql("o", filter);
  // For a won or lost stage, closing is entering it: closedAt = stageEnteredAt (planStageMove).
  const deals = Prisma.sql`${scope} AND o."stageId" = st."stageId" AND o.status = st.kind::"OpportunityStatus"
           AND (st.kind = 'open' OR o."stageEnteredAt" >= ${filter.closedSince}) ${extra}`;
  const query = Prisma.sql`
    SELECT st."stageId"::text AS "stageId", agg."stageCount", agg."stageAmount",
           c.id, c.name, c.amount::text AS amount, c.currency, c.status::text AS status, c."partnerId", p.name AS "partnerName",
           c."ownerId", u.name AS "ownerName", to_char(c."expectedCloseDate", 'YYYY-MM-DD') AS "expectedCloseDate", c."stageEnteredAt"
      FROM unnest(${filter.stages.map((s) => s.id)}::uuid[], ${filter.stages.map((s) => s.kind)}::text[]) WITH ORDINALITY AS st("stageId", kind, ord)
      CROSS JOIN LATERAL (
        SELECT count(*)::int AS "stageCount", coalesce(sum(o.amount), 0)::text AS "stageAmount"
          FROM "Opportunity" o
         WHERE ${deals}
      ) agg
      LEFT JOIN LATERAL (
        SELECT o.id, o.name, o.amount, o.currency, o.status, o."partnerId", o."ownerId", o."expectedCloseDate", o."stageEnteredAt"
          FROM "Opportunity" o
         WHERE ${deals}
         ORDER BY o."stageEnteredAt" DESC, o.id DESC
         LIMIT ${cards}
      ) c ON true
      LEFT JOIN "Partner" p ON p.id = c."partnerId"
      LEFT JOIN "User" u ON u.id = c."ownerId"
     ORDER BY st.ord, c."stageEnteredAt" DESC, c.id DESC`;
  type Raw = Omit<BoardRow, "rank" | "id"> & { id: string | null };
  const rows = await runAsSystem("opportunity-board", () => db.$queryRaw<Raw[]>(query));
  // Rows come stage by stage in board order; a stage without cards has one row without an id.
  const seen = new Map<string, number>();
  return rows.map((row) => {
    const rank = row.id === null ? 0 : (seen.get(row.stageId) ?? 0) + 1;
    if (row.id !== null) seen.set(row.stageId, rank);
    return { ...row, id: row.id ?? "", rank };
  });
}

export type ColumnFilter = { stageId: string; kind: TStageKind; partnerId?: string | undefined; ownerId?: string | undefined; closedSince: Date; after?: { stageEnteredAt: Date; id: string } | undefined };

export const boardCardSelect = {
  id: true,
  name: true,
  amount: true,
  currency: true,
  status: true,
  partnerId: true,
  ownerId: true,
  expectedCloseDate: true,
  stageEnteredAt: true,
  partner: { select: { name: true } },
  owner: { select: { name: true } },
} satisfies Prisma.OpportunitySelect;
export type BoardCardRow = Prisma.OpportunityGetPayload<{ select: typeof boardCardSelect }>;

/** "Load more" in one column: the next cards after `after`, in the board's order (scoped client). */
export async function columnCards(filter: ColumnFilter, take: number): Promise<BoardCardRow[]> {
  const and: Prisma.OpportunityWhereInput[] = [{ stageId: filter.stageId }];
  // The board's rule: a won or lost column shows what entered it (closed) since closedSince.
  and.push(filter.kind === "open" ? { status: "open" } : { status: filter.kind, stageEnteredAt: { gte: filter.closedSince } });
  if (filter.partnerId) and.push({ partnerId: filter.partnerId });
  if (filter.ownerId) and.push({ ownerId: filter.ownerId });
  if (filter.after) {
    and.push({ OR: [{ stageEnteredAt: { lt: filter.after.stageEnteredAt } }, { stageEnteredAt: filter.after.stageEnteredAt, id: { lt: filter.after.id } }] });
  }
  return db.opportunity.findMany({ where: { AND: and }, orderBy: [{ stageEnteredAt: "desc" }, { id: "desc" }], take, select: boardCardSelect });
}

export async function findCursorCard(id: string): Promise<{ id: string; stageEnteredAt: Date } | null> {
  return db.opportunity.findUnique({ where: { id }, select: { id: true, stageEnteredAt: true } });
}

// ── forecast ───────────────────────────────────────────────────────────────────────────────────

export type ForecastFilter = { pipelineId?: string | undefined; partnerId?: string | undefined; ownerId?: string | undefined; fromMonth: string; toMonthExclusive: string; timeZone: string };
export type ForecastRow = { kind: "open" | "won"; month: string | null; probability: number | null; count: number; amount: string };

/**
 * Open amounts by expected close month and stage probability (all of them: overdue and undated
 * included), and won amounts by the month they were won in the platform's time zone, for the window.
 */
export async function forecastRows(filter: ForecastFilter): Promise<ForecastRow[]> {
  const scope = callerScope("o");
  const pipeline = filter.pipelineId ? Prisma.sql`AND o."pipelineId" = ${filter.pipelineId}::uuid` : Prisma.empty;
  const extra = filterSql("o", filter);
  const query = Prisma.sql`
    SELECT 'open' AS kind, to_char(o."expectedCloseDate", 'YYYY-MM') AS month, st.probability, count(*)::int AS count, sum(o.amount)::text AS amount
      FROM "Opportunity" o JOIN "PipelineStage" st ON st.id = o."stageId"
     WHERE ${scope} AND o.status = 'open'::"OpportunityStatus" ${pipeline} ${extra}
     GROUP BY 2, 3
    UNION ALL
    SELECT 'won', to_char(o."closedAt" AT TIME ZONE ${filter.timeZone}, 'YYYY-MM'), NULL, count(*)::int, sum(o.amount)::text
      FROM "Opportunity" o
     WHERE ${scope} AND o.status = 'won'::"OpportunityStatus" ${pipeline} ${extra}
       AND o."closedAt" >= ((${filter.fromMonth} || '-01')::timestamp AT TIME ZONE ${filter.timeZone})
       AND o."closedAt" < ((${filter.toMonthExclusive} || '-01')::timestamp AT TIME ZONE ${filter.timeZone})
     GROUP BY 2`;
  return runAsSystem("opportunity-forecast", () => db.$queryRaw<ForecastRow[]>(query));
}

/** Open opportunities per stage of a pipeline, for summaries (scoped groupBy). */
export async function stageTotals(where: Prisma.OpportunityWhereInput): Promise<Array<{ stageId: string; count: number; amount: Prisma.Decimal }>> {
  const rows = await db.opportunity.groupBy({ by: ["stageId"], where, _count: { _all: true }, _sum: { amount: true } });
  return rows.map((r) => ({ stageId: r.stageId, count: r._count._all, amount: r._sum.amount ?? new Prisma.Decimal(0) }));
}

// ── stuck deals (system) ───────────────────────────────────────────────────────────────────────

export type StuckCandidate = { id: string; partnerId: string; ownerId: string | null; stageId: string; name: string; stageEnteredAt: Date };

/** Open opportunities in their stage since before `before`, oldest stay first, after the keyset `after`. */
export async function findStuckCandidates(before: Date, after: { stageEnteredAt: Date; id: string } | null, take: number): Promise<StuckCandidate[]> {
  return runAsSystem("opportunity-stuck", () =>
    db.opportunity.findMany({
      where: {
        status: "open",
        stageEnteredAt: { lt: before },
        ...(after ? { OR: [{ stageEnteredAt: { gt: after.stageEnteredAt } }, { stageEnteredAt: after.stageEnteredAt, id: { gt: after.id } }] } : {}),
      },
      orderBy: [{ stageEnteredAt: "asc" }, { id: "asc" }],
      take,
      select: { id: true, partnerId: true, ownerId: true, stageId: true, name: true, stageEnteredAt: true },
    }),
  );
}

/** Of `userIds`, those still active members of `partnerId`. */
export async function activeMembers(tx: Tx, partnerId: string, userIds: string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await tx.membership.findMany({ where: { partnerId, userId: { in: userIds }, user: { deactivatedAt: null } }, select: { userId: true } });
  return new Set(rows.map((r) => r.userId));
}
