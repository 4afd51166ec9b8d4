/**
 * The SQL behind lifecycle stages and RFM segments. The reads run for many customers at once (the
 * nightly job pages through every customer by id), so they are raw SQL with one LATERAL lookup per
 * source on the (customerId, occurredAt) indexes; they run as the system actor only.
 *
 * Orders: a customer's orders are its real orders (`Order.orderedAt`, issue 5, ADR 016), its `order`
 * CustomerEvents (pushed before orders existed), its won opportunities (closed-won is a purchase: the
 * customer is "new" from that day, as a sales team expects) and `Customer.lastOrderAt`
 * (docs/decisions/010-lifecycle-and-segments.md).
 */
import { Prisma, type Tx } from "../../db/index.ts";
import { outboxInsert, type PendingEvent } from "../outbox/outbox.repository.ts";
import { queryRows, writeTogether, type AnyTx } from "../../db/sql-writes.ts";
import { rfmSegmentTable } from "./rfm.rules.ts";

const ORDER_TYPE = "order";
/** An order event's amount, when it is a plain decimal (the API only accepts those). */
const AMOUNT_PATTERN = "^[0-9]{1,15}([.][0-9]{1,2})?$";

export type LifecycleFactsRow = {
  id: string;
  stage: string;
  changedAt: Date | null;
  ownerPartnerId: string | null;
  lastOrderAt: Date | null;
  firstOrderEventAt: Date | null;
  lastOrderEventAt: Date | null;
  lastEngagementAt: Date | null;
  /** The latest two distinct touch times, latest first. */
  touches: Date[] | null;
};

function factsQuery(where: Prisma.Sql, tail: Prisma.Sql = Prisma.empty): Prisma.Sql {
  return Prisma.sql`
    SELECT c.id::text AS id, c."lifecycleStage" AS stage, c."lifecycleChangedAt" AS "changedAt",
           c."ownerPartnerId"::text AS "ownerPartnerId", c."lastOrderAt" AS "lastOrderAt",
           o.first_order AS "firstOrderEventAt", o.last_order AS "lastOrderEventAt",
           greatest(ev.last_engagement, ac.last_activity) AS "lastEngagementAt",
           t.touches
    FROM "Customer" c
    LEFT JOIN LATERAL (
      SELECT min(x.at) AS first_order, max(x.at) AS last_order FROM (
        SELECT e."occurredAt" AS at FROM "CustomerEvent" e WHERE e."customerId" = c.id AND e.type = ${ORDER_TYPE}
        UNION ALL
        SELECT r."orderedAt" FROM "Order" r WHERE r."customerId" = c.id
        UNION ALL
        SELECT p."closedAt" FROM "Opportunity" p WHERE p."customerId" = c.id AND p.status = 'won' AND p."closedAt" IS NOT NULL) x) o ON true
    LEFT JOIN LATERAL (
      SELECT max(e."occurredAt") AS last_engagement
      FROM "CustomerEvent" e WHERE e."customerId" = c.id AND e.type <> ${ORDER_TYPE}) ev ON true
    LEFT JOIN LATERAL (
      SELECT max(a."occurredAt") AS last_activity
      FROM "Activity" a WHERE a."customerId" = c.id AND a.kind <> 'note') ac ON true
    LEFT JOIN LATERAL (
      SELECT array_agg(u.at ORDER BY u.at DESC) AS touches FROM (
        SELECT DISTINCT x.at FROM (
          (SELECT DISTINCT e."occurredAt" AS at FROM "CustomerEvent" e WHERE e."customerId" = c.id ORDER BY 1 DESC LIMIT 2)
          UNION ALL
          (SELECT DISTINCT r."orderedAt" AS at FROM "Order" r WHERE r."customerId" = c.id ORDER BY 1 DESC LIMIT 2)
          UNION ALL
          (SELECT DISTINCT a."occurredAt" AS at FROM "Activity" a WHERE a."customerId" = c.id AND a.kind <> 'note' ORDER BY 1 DESC LIMIT 2)
          UNION ALL
          (SELECT DISTINCT p."closedAt" AS at FROM "Opportunity" p WHERE p."customerId" = c.id AND p.status = 'won' AND p."closedAt" IS NOT NULL ORDER BY 1 DESC LIMIT 2)
          UNION ALL
          (SELECT c."lastOrderAt" AS at WHERE c."lastOrderAt" IS NOT NULL)
        ) x ORDER BY x.at DESC LIMIT 2
      ) u) t ON true
    WHERE c."mergedIntoId" IS NULL AND ${where}
    ${tail}`;
}

/** One page of live customers after `afterId` (keyset by id), with their lifecycle facts; no locks. */
export function lifecycleFactsPage(tx: AnyTx, afterId: string | null, limit: number): Promise<LifecycleFactsRow[]> {
  const where = afterId ? Prisma.sql`c.id > ${afterId}::uuid` : Prisma.sql`true`;
  return queryRows<LifecycleFactsRow>(tx, factsQuery(where, Prisma.sql`ORDER BY c.id LIMIT ${limit}`));
}

/**
 * Lock these customers (in id order, so concurrent recomputations never deadlock) and read their
 * facts inside the caller's transaction: what is decided is what is written.
 */
export async function lockLifecycleFacts(tx: Tx, customerIds: readonly string[]): Promise<LifecycleFactsRow[]> {
  const ids = [...new Set(customerIds)].sort();
  await tx.$executeRaw`SELECT id FROM "Customer" WHERE id = ANY(${ids}::uuid[]) ORDER BY id FOR UPDATE`;
  return queryRows<LifecycleFactsRow>(tx, factsQuery(Prisma.sql`c.id = ANY(${ids}::uuid[])`));
}

export type LifecycleChange = { customerId: string; stage: string };

/** New stages in one statement, with their domain events (same transaction, one round trip). */
export async function writeLifecycleChanges(tx: AnyTx, changes: readonly LifecycleChange[], events: readonly PendingEvent[], now: Date): Promise<void> {
  if (changes.length === 0) return;
  const ids = changes.map((c) => c.customerId);
  const stages = changes.map((c) => c.stage);
  await writeTogether(tx, [
    Prisma.sql`UPDATE "Customer" AS c SET "lifecycleStage" = v.stage, "lifecycleChangedAt" = ${now}::timestamptz
      FROM unnest(${ids}::uuid[], ${stages}::text[]) AS v(id, stage) WHERE c.id = v.id`,
    events.length > 0 ? outboxInsert(events) : null,
  ]);
}

// ── RFM ─────────────────────────────────────────────────────────────────────────────────────────

export type RfmBounds = { customers: number; recency: Date[]; frequency: number[]; monetary: string[] };

const amountSql = Prisma.sql`CASE WHEN e.payload->>'amount' ~ ${AMOUNT_PATTERN} THEN (e.payload->>'amount')::numeric ELSE 0 END`;

/**
 * The quintile boundaries over every live customer with orders: the values at positions
 * ceil(k·n/5), k = 1…4, of each dimension sorted ascending (rfm.rules.ts), in one statement.
 */
export async function rfmBounds(tx: AnyTx): Promise<RfmBounds> {
  const [row] = await queryRows<{ customers: number; recency: Date[]; frequency: number[]; monetary: string[] }>(
    tx,
    Prisma.sql`
      WITH facts AS (
        SELECT e."customerId" AS id, max(e."occurredAt") AS last_order, count(*)::int AS orders, sum(${amountSql}) AS monetary
        FROM "CustomerEvent" e JOIN "Customer" c ON c.id = e."customerId" AND c."mergedIntoId" IS NULL
        WHERE e.type = ${ORDER_TYPE}
        GROUP BY e."customerId"),
      total AS (SELECT count(*)::int AS n FROM facts),
      positions AS (SELECT k, (k * total.n + 4) / 5 AS p FROM generate_series(1, 4) AS k, total WHERE total.n > 0),
      r AS (SELECT last_order AS v, row_number() OVER (ORDER BY last_order) AS rn FROM facts),
      f AS (SELECT orders AS v, row_number() OVER (ORDER BY orders) AS rn FROM facts),
      m AS (SELECT monetary AS v, row_number() OVER (ORDER BY monetary) AS rn FROM facts)
      SELECT (SELECT n FROM total) AS customers,
        ARRAY(SELECT r.v FROM positions JOIN r ON r.rn = positions.p ORDER BY positions.k) AS recency,
        ARRAY(SELECT f.v FROM positions JOIN f ON f.rn = positions.p ORDER BY positions.k) AS frequency,
        ARRAY(SELECT m.v::text FROM positions JOIN m ON m.rn = positions.p ORDER BY positions.k) AS monetary`,
  );
  return row ?? { customers: 0, recency: [], frequency: [], monetary: [] };
}

/** 1 + the number of boundaries the value is above (NULL without orders), as SQL. */
function quintileSql(value: Prisma.Sql, bounds: readonly unknown[], cast: string): Prisma.Sql {
  if (bounds.length !== 4) return Prisma.sql`NULL::int`;
  const above = bounds.map((b) => Prisma.sql`(${value} > ${b}::${Prisma.raw(cast)})::int`);
  return Prisma.sql`(1 + ${Prisma.join(above, " + ")})`;
}

/**
 * Score one page of live customers after `afterId` against the bounds and write the scores that
 * changed — score and segment from the one table rfm.rules.ts defines — in one statement.
 * Customers without orders lose a score they had. Returns the page's last id and counts.
 */
export async function scoreRfmPage(tx: AnyTx, bounds: RfmBounds, afterId: string | null, limit: number, now: Date): Promise<{ lastId: string | null; scanned: number; changed: number }> {
  const segments = Prisma.join(
    rfmSegmentTable().map((row) => Prisma.sql`(${row.r}::int, ${row.f}::int, ${row.m}::int, ${row.score}::text, ${row.segment}::text)`),
    ", ",
  );
  const after = afterId ? Prisma.sql`c.id > ${afterId}::uuid` : Prisma.sql`true`;
  const [row] = await queryRows<{ lastId: string | null; scanned: number; changed: number }>(
    tx,
    Prisma.sql`
      WITH batch AS (
        SELECT c.id, c."rfmScore" AS score, c."rfmSegment" AS segment FROM "Customer" c
        WHERE c."mergedIntoId" IS NULL AND ${after} ORDER BY c.id LIMIT ${limit}),
      facts AS (
        SELECT b.id, o.last_order, o.orders, o.monetary FROM batch b
        LEFT JOIN LATERAL (
          SELECT max(e."occurredAt") AS last_order, count(*)::int AS orders, coalesce(sum(${amountSql}), 0) AS monetary
          FROM "CustomerEvent" e WHERE e."customerId" = b.id AND e.type = ${ORDER_TYPE}) o ON true),
      scored AS (
        SELECT id,
          CASE WHEN orders > 0 THEN ${quintileSql(Prisma.sql`last_order`, bounds.recency, "timestamptz")} END AS r,
          CASE WHEN orders > 0 THEN ${quintileSql(Prisma.sql`orders`, bounds.frequency, "int")} END AS f,
          CASE WHEN orders > 0 THEN ${quintileSql(Prisma.sql`monetary`, bounds.monetary, "numeric")} END AS m
        FROM facts),
      named AS (
        SELECT s.id, seg.score, seg.segment FROM scored s
        LEFT JOIN (VALUES ${segments}) AS seg(r, f, m, score, segment) ON seg.r = s.r AND seg.f = s.f AND seg.m = s.m),
      changed AS (
        UPDATE "Customer" AS c SET "rfmScore" = n.score, "rfmSegment" = n.segment,
          "rfmComputedAt" = CASE WHEN n.score IS NULL THEN NULL ELSE ${now}::timestamptz END
        FROM named n JOIN batch b ON b.id = n.id
        WHERE c.id = n.id AND (b.score IS DISTINCT FROM n.score OR b.segment IS DISTINCT FROM n.segment)
        RETURNING c.id)
      SELECT (SELECT id::text FROM batch ORDER BY id DESC LIMIT 1) AS "lastId",
        (SELECT count(*)::int FROM batch) AS scanned,
        (SELECT count(*)::int FROM changed) AS changed`,
  );
  return row ?? { lastId: null, scanned: 0, changed: 0 };
}
