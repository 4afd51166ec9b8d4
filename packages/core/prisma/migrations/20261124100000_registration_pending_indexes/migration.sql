-- Every registration decision asks which partners have pending claims on the matched customers or on
-- the same identity keys, and every acceptance supersedes those claims. Without these indexes, both
-- scanned every pending registration. The GIN index is partial, over pending rows only, and so
-- hand-written: Prisma 6 cannot express a partial index (schema.prisma notes it).

-- Claims that collided with a customer: the pending ones for every decision, all of them for the
-- platform's customer 360 and registration filter (customerId has its own index with status).
-- A plain index, declared in schema.prisma as @@index([matchedCustomerId]).
CREATE INDEX "Registration_matchedCustomerId_idx" ON "Registration" ("matchedCustomerId");

-- Pending claims by identity key: small, unlike the GIN index over every registration's keys.
CREATE INDEX "Registration_pending_identityKeys_idx" ON "Registration" USING GIN ("identityKeys") WHERE status = 'pending';
