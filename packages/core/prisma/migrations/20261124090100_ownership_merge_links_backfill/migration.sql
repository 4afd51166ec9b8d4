-- Before 20261124090000 a merge step named the other customer inside `reason`: "→ <survivorId>: <reason>"
-- on the duplicate, "← <duplicateId>: <reason>" on the survivor. Move the id to "relatedCustomerId", link
-- the merge record (the one of that pair closest in time, as a pair can be merged again after a reversal)
-- and keep only the reviewer's words in "reason".
WITH parsed AS (
  SELECT o.id, o."customerId", o.at, m[1] AS arrow, m[2]::uuid AS related
  FROM "CustomerOwnership" o
  CROSS JOIN LATERAL regexp_match(o.reason, '^([→←]) ([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}): ') AS m
  WHERE o.event = 'merged' AND m IS NOT NULL
)
UPDATE "CustomerOwnership" o
SET "relatedCustomerId" = p.related,
    "mergeId" = (
      SELECT cm.id
      FROM "CustomerMerge" cm
      WHERE (p.arrow = '→' AND cm."survivorId" = p.related AND cm."mergedId" = p."customerId")
         OR (p.arrow = '←' AND cm."survivorId" = p."customerId" AND cm."mergedId" = p.related)
      ORDER BY abs(extract(epoch FROM cm."createdAt" - p.at)), cm.id
      LIMIT 1
    ),
    reason = NULLIF(regexp_replace(o.reason, '^[→←] [0-9a-fA-F-]{36}: ', ''), '')
FROM parsed p
WHERE o.id = p.id;

-- A reversal was written as a "merged" step with reason "merge <mergeId> reversed" (on the duplicate,
-- and only when it had an owner to restore). It becomes its own event, linked to the merge record when
-- that still exists, with the survivor as the related customer.
UPDATE "CustomerOwnership" o
SET event = 'merge_reversed',
    reason = NULL,
    "mergeId" = cm.id,
    "relatedCustomerId" = CASE WHEN cm."survivorId" = o."customerId" THEN cm."mergedId" ELSE cm."survivorId" END
FROM (
  SELECT id, substring(reason FROM 7 FOR 36)::uuid AS merge_id
  FROM "CustomerOwnership"
  WHERE event = 'merged'
    AND reason ~ '^merge [0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12} reversed$'
) AS reversal
LEFT JOIN "CustomerMerge" cm ON cm.id = reversal.merge_id
WHERE o.id = reversal.id;
