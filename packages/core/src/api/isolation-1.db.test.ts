/** Tenant isolation probe, shard 1 of 2 (the suite and what it checks: testing/isolation-suite.ts). */
import { describeIsolationProbe } from "../testing/isolation-suite.ts";

describeIsolationProbe({ shard: 1, of: 2 });
