#!/usr/bin/env bash
# `npm run bench [-- args]`: the leads-list benchmark, in production mode
# (the OpenAPI handler is ~4x slower otherwise). BENCH_SCALE=0.01 for a
# quick run; extra arguments go to the benchmark.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_node_modules
ensure_prisma_client
ensure_postgres
ensure_redis

bench=bench/leads-list.bench.ts
[[ -f "$bench" ]] || die "$bench not found"
log "running $bench (BENCH_SCALE=${BENCH_SCALE:-1})"
NODE_ENV=production exec npx tsx "$bench" "$@"
