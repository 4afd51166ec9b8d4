import { inject } from "vitest";

process.env.DATABASE_URL = inject("databaseUrl");
process.env.QUEUE_PREFIX = inject("queuePrefix");
process.env.NODE_ENV = "test";
process.env.DATABASE_POOL_SIZE ??= "4";
