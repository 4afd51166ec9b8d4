/**
 * The kanban board: a pipeline's stages as columns, each with its count, sum and first cards, in two
 * queries (the pipeline with its stages, then one statement for every column), and "load more" per
 * column. A distributor's managers and admins see their sub-dealers' deals too (filter `partnerId`);
 * reps see their own (scope).
 */
import { requirePermission, type Actor } from "../../actor/index.ts";
import { DomainError, notFound } from "../../errors/index.ts";
import type { Locale } from "../../i18n/index.ts";
import { displayName, findDefaultPipelineId, findPipelineRow, findStage, PLATFORM_DEFAULT_PIPELINE_ID, type PipelineRow } from "../pipelines/index.ts";
import { boardRows, columnCards, dateOnly, findCursorCard, type BoardCardRow, type BoardRow } from "./opportunities.repository.ts";
import { daysInStage, formatMoney, isStuck, weighted } from "./opportunities.rules.ts";
import {
  BOARD_CLOSED_DAYS,
  ZBoardColumnInput,
  ZBoardInput,
  type TBoard,
  type TBoardCard,
  type TBoardColumn,
  type TBoardColumnInput,
  type TBoardInput,
} from "./opportunities.schemas.ts";
import { readOpportunitySettings } from "./opportunity-settings.ts";

const DAY_MS = 86_400_000;

/** The platform sees one partner's board at a time. */
function requirePartnerFilter(actor: Actor, partnerId: string | undefined): void {
  if (actor.kind === "platform" && !partnerId) {
    throw new DomainError("VALIDATION_FAILED", { details: [{ path: "partnerId", message: "errors.field.required" }] });
  }
}

async function boardPipeline(actor: Actor, pipelineId: string | undefined, partnerId: string | undefined): Promise<PipelineRow> {
  const home = actor.kind === "partner" ? actor.partnerId : partnerId;
  const id = pipelineId ?? (home ? await findDefaultPipelineId(home) : null) ?? PLATFORM_DEFAULT_PIPELINE_ID;
  const row = await findPipelineRow(id);
  if (!row) throw notFound("Pipeline");
  return row;
}

function toCard(row: BoardRow | BoardCardRow, now: Date, stuckDays: number): TBoardCard {
  const isRaw = "partnerName" in row;
  return {
    id: row.id,
    name: row.name,
    amount: formatMoney(row.amount.toString()),
    currency: row.currency,
    status: row.status,
    partnerId: row.partnerId,
    partnerName: isRaw ? row.partnerName : row.partner.name,
    ownerId: row.ownerId,
    ownerName: isRaw ? row.ownerName : (row.owner?.name ?? null),
    expectedCloseDate: typeof row.expectedCloseDate === "string" || row.expectedCloseDate === null ? row.expectedCloseDate : dateOnly(row.expectedCloseDate),
    stageEnteredAt: row.stageEnteredAt,
    daysInStage: daysInStage(row.stageEnteredAt, now),
    stuck: isStuck(row.status, row.stageEnteredAt, now, stuckDays),
  };
}

/** Columns in board order (archived stages left out); a column's cursor is its last card when more exist. */
export function assembleColumns(
  stages: ReadonlyArray<{ id: string; name: string; kind: TBoardColumn["kind"]; probability: number; archivedAt: Date | null }>,
  rows: readonly BoardRow[],
  cards: number,
  toBoardCard: (row: BoardRow) => TBoardCard,
): TBoardColumn[] {
  const byStage = new Map<string, BoardRow[]>();
  for (const row of rows) byStage.set(row.stageId, [...(byStage.get(row.stageId) ?? []), row]);
  return stages
    .filter((stage) => stage.archivedAt === null)
    .map((stage) => {
      const stageRows = (byStage.get(stage.id) ?? []).sort((a, b) => a.rank - b.rank);
      const first = stageRows[0];
      const count = first?.stageCount ?? 0;
      const amount = first?.stageAmount ?? "0";
      const shown = stageRows.filter((r) => r.rank >= 1 && r.rank <= cards);
      return {
        stageId: stage.id,
        stageName: stage.name,
        kind: stage.kind,
        probability: stage.probability,
        count,
        amount: formatMoney(amount),
        weightedAmount: formatMoney(stage.kind === "open" ? weighted(amount, stage.probability) : 0),
        cards: shown.map(toBoardCard),
        nextCursor: cards > 0 && count > shown.length ? (shown[shown.length - 1]?.id ?? null) : null,
      };
    });
}

export async function getBoard(actor: Actor, rawInput: TBoardInput, locale: Locale, now = new Date()): Promise<TBoard> {
  requirePermission(actor, "opportunity:read");
  const input = ZBoardInput.parse(rawInput);
  requirePartnerFilter(actor, input.partnerId);
  const pipeline = await boardPipeline(actor, input.pipelineId, input.partnerId);
  const [{ stuckDays }, rows] = await Promise.all([
    readOpportunitySettings(),
    boardRows(
      {
        pipelineId: pipeline.id,
        stages: pipeline.stages.filter((s) => s.archivedAt === null),
        partnerId: input.partnerId,
        ownerId: input.ownerId,
        closedSince: new Date(now.getTime() - BOARD_CLOSED_DAYS * DAY_MS),
      },
      input.limit,
    ),
  ]);
  const stages = pipeline.stages.map((s) => ({ ...s, name: displayName(s, locale) }));
  return {
    pipelineId: pipeline.id,
    pipelineName: displayName(pipeline, locale),
    currency: "CNY",
    stuckDays,
    closedWindowDays: BOARD_CLOSED_DAYS,
    columns: assembleColumns(stages, rows, input.limit, (row) => toCard(row, now, stuckDays)),
  };
}

/** The next cards of one column, after `cursor` (the last card shown), in the board's order. */
export async function getBoardColumn(actor: Actor, rawInput: TBoardColumnInput, now = new Date()): Promise<{ cards: TBoardCard[]; nextCursor: string | null }> {
  requirePermission(actor, "opportunity:read");
  const input = ZBoardColumnInput.parse(rawInput);
  requirePartnerFilter(actor, input.partnerId);
  const stage = await findStage(input.stageId);
  if (!stage || stage.archivedAt !== null) throw notFound("PipelineStage");
  let after: { stageEnteredAt: Date; id: string } | undefined;
  if (input.cursor) {
    // A cursor the actor cannot read is answered like a malformed one (no existence oracle; ADR 009).
    const card = await findCursorCard(input.cursor);
    if (!card) throw new DomainError("VALIDATION_FAILED", { details: [{ path: "cursor", message: "errors.field.invalidCursor" }] });
    after = card;
  }
  const [{ stuckDays }, rows] = await Promise.all([
    readOpportunitySettings(),
    columnCards(
      {
        stageId: stage.id,
        kind: stage.kind,
        partnerId: input.partnerId,
        ownerId: input.ownerId,
        closedSince: new Date(now.getTime() - BOARD_CLOSED_DAYS * DAY_MS),
        after,
      },
      input.limit + 1,
    ),
  ]);
  const cards = rows.slice(0, input.limit).map((row) => toCard(row, now, stuckDays));
  return { cards, nextCursor: rows.length > input.limit ? (cards[cards.length - 1]?.id ?? null) : null };
}
