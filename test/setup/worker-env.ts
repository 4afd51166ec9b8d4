import { inject } from "vitest";

process.env.DATABASE_URL = inject("databaseUrl");
process.env.QUEUE_PREFIX = inject("queuePrefix");
process.env.NODE_ENV = "test";
process.env.DATABASE_POOL_SIZE ??= "4";
// Every test signs in from 127.0.0.1; the per-IP limit is covered by throttle.rules.test.ts.
process.env.LOGIN_MAX_FAILURES_PER_IP = "100000";
