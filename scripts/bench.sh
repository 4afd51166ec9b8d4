#!/usr/bin/env bash
# `npm run bench [-- args]`: the benchmarks, one after another, in production
# mode (the OpenAPI handler is ~4x slower otherwise):
#   leads          bench/leads-list.bench.ts           partner lead list, API vs SQL
#   registrations  bench/registration-decision.bench.ts  registration decision, service vs SQL
#   kanban         bench/kanban.bench.ts               opportunity board for a partner with 5 000 open deals
#   import         bench/import.bench.ts               100 000-row leads CSV through the import job
#   statements     bench/statements.bench.ts           statement run over 1 M order items / 500 partners vs set-based SQL
#   plugins        bench/plugins.bench.ts              plugin sandbox: warm validate, cold start per tenant, event hooks/s (no database)
#   plugin-events  bench/plugin-events.bench.ts        plugin event hooks through BullMQ on one worker, against a real database
# BENCH_SCALE=0.01 for a quick run; BENCH_ONLY=registrations (or leads, or a
# comma-separated list) runs a subset; extra arguments go to every benchmark.
# A missed target is a report, not a failure: the exit status is non-zero only
# when a benchmark itself failed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

declare -A BENCHES=(
  [leads]=bench/leads-list.bench.ts
  [registrations]=bench/registration-decision.bench.ts
  [kanban]=bench/kanban.bench.ts
  [import]=bench/import.bench.ts
  [statements]=bench/statements.bench.ts
  [plugins]=bench/plugins.bench.ts
  [plugin-events]=bench/plugin-events.bench.ts
)
ORDER=(leads registrations import kanban statements plugins plugin-events)

# A name of BENCH_ONLY -> its key: the key itself, or a prefix of the key or of
# the file name (lead, leads-list, registration, registration-decision...).
bench_key() {
  local want=$1 key file
  for key in "${ORDER[@]}"; do
    file=$(basename "${BENCHES[$key]}" .bench.ts)
    if [[ "$key" == "$want"* || "$file" == "$want"* ]]; then
      echo "$key"
      return 0
    fi
  done
  return 1
}

selected=()
if [[ -n "${BENCH_ONLY:-}" ]]; then
  IFS=',' read -ra wanted <<<"$BENCH_ONLY"
  for name in "${wanted[@]}"; do
    name=${name// /}
    [[ -n "$name" ]] || continue
    key=$(bench_key "$name") || die "BENCH_ONLY: no benchmark called '$name' (known: ${ORDER[*]})"
    selected+=("$key")
  done
  ((${#selected[@]})) || die "BENCH_ONLY='$BENCH_ONLY' selects nothing (known: ${ORDER[*]})"
else
  selected=("${ORDER[@]}")
fi
for key in "${selected[@]}"; do
  [[ -f "${BENCHES[$key]}" ]] || die "${BENCHES[$key]} not found"
done

ensure_node_modules
ensure_prisma_client
ensure_postgres
ensure_redis

failed=()
for key in "${selected[@]}"; do
  bench=${BENCHES[$key]}
  log "running $bench (BENCH_SCALE=${BENCH_SCALE:-1})"
  if ! NODE_ENV=production npx tsx "$bench" "$@"; then
    warn "$bench failed"
    failed+=("$key")
  fi
done
((${#failed[@]} == 0)) || die "failed: ${failed[*]}"
