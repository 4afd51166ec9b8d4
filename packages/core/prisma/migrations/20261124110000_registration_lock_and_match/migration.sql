-- The first two steps of every registration decision (registrations.service.ts, lockAndMatch), in
-- one round trip: take the identity keys' advisory locks, then find what the keys match.
--
-- VOLATILE and PL/pgSQL on purpose. In READ COMMITTED each statement of a volatile function reads
-- from a fresh snapshot, so the matching sees every customer that a transaction holding one of these
-- locks committed while this one waited. A single SQL statement taking the locks and matching could
-- not: its snapshot would predate the wait, and two partners could both be granted the same customer.
-- PL/pgSQL also keeps the matching query's plan for the session: planning it was most of its time.
--
-- Returns {"matches": [...], "pendingWithoutCustomer": [...], "tier": "..."}:
--   matches                 the live customers the keys point at (a merged duplicate resolves to its
--                           survivor), each with its owner, protection and the partners with pending
--                           claims on it
--   pendingWithoutCustomer  partners with pending claims on the same keys but no customer yet
--   tier                    the registering partner's tier (its protection period), null if none
CREATE FUNCTION qudao_lock_and_match(keys text[], registering_partner uuid) RETURNS json
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  result json;
BEGIN
  -- Sorted, so two registrations sharing keys never wait on each other crosswise.
  PERFORM pg_advisory_xact_lock(hashtext(sorted.k)) FROM (SELECT DISTINCT k FROM unnest(keys) AS k ORDER BY k) AS sorted;

  WITH wanted AS (
    SELECT split_part(k, ':', 1) AS kind, substr(k, strpos(k, ':') + 1) AS value FROM unnest(keys) AS k
  ),
  hit AS (
    SELECT DISTINCT COALESCE(c."mergedIntoId", c.id) AS id
    FROM "CustomerIdentity" i JOIN wanted w ON w.kind = i.kind AND w.value = i.value JOIN "Customer" c ON c.id = i."customerId"
  ),
  live AS (
    SELECT c.id, c."ownerPartnerId", c."protectedUntil" FROM "Customer" c JOIN hit ON hit.id = c.id WHERE c."mergedIntoId" IS NULL
  )
  SELECT json_build_object(
    'matches', (SELECT json_agg(json_build_object(
        'customerId', live.id,
        'ownerPartnerId', live."ownerPartnerId",
        'protectedUntil', live."protectedUntil",
        'pendingPartnerIds', (SELECT array_agg(p."partnerId") FROM (
            SELECT r."partnerId" FROM "Registration" r WHERE r."customerId" = live.id AND r.status = 'pending'
            UNION SELECT r."partnerId" FROM "Registration" r WHERE r."matchedCustomerId" = live.id AND r.status = 'pending') AS p))
      ORDER BY live.id) FROM live),
    -- OFFSET 0 keeps the key lookup (the partial GIN index over pending rows) apart from the
    -- customer-less filter, which the planner would otherwise answer by scanning every pending row.
    'pendingWithoutCustomer', (SELECT array_agg(x."partnerId") FROM (
        SELECT r."partnerId", r."customerId", r."matchedCustomerId" FROM "Registration" r
        WHERE r.status = 'pending' AND r."identityKeys" && keys OFFSET 0) AS x
      WHERE x."customerId" IS NULL AND x."matchedCustomerId" IS NULL),
    'tier', (SELECT p.tier FROM "Partner" p WHERE p.id = registering_partner)
  ) INTO result;
  RETURN result;
END
$$;
