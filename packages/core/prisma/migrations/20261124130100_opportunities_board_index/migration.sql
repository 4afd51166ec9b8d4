-- The opportunity board (ADR 013): per stage, the count and sum of a partner's deals and the first
-- cards by the time they entered the stage. With the time, the id and the amount in the key, the
-- counts and sums are index-only scans and the first cards an ordered index scan with a LIMIT,
-- instead of reading and sorting every deal of the stage. It replaces the (partnerId, status, stageId)
-- index, which is its prefix (lists filtered by status or stage still use it).
DROP INDEX IF EXISTS "Opportunity_partnerId_status_stageId_idx";
CREATE INDEX "Opportunity_board_idx"
  ON "Opportunity" ("partnerId", "status", "stageId", "stageEnteredAt" DESC, "id" DESC, "amount");
