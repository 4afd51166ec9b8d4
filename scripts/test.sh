#!/usr/bin/env bash
# `npm test` (and CI via .ci/run): the whole gate, in order, stopping at the
# first failure:
#   typecheck -> unit + database tests (vitest) -> production build -> e2e
# Prints a per-stage summary with timings at the end, whatever happened.
# QUDAO_TEST_SKIP_E2E=1 skips the e2e stage for quick local runs (CI never
# sets it).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# Each stage decides its own NODE_ENV (vitest keeps a preset one instead of
# using "test", so a NODE_ENV from .env must not leak into it).
unset NODE_ENV

ALL_STAGES=(setup typecheck unit build e2e)
declare -A STATUS=() DURATION=()
CURRENT="" CURRENT_START=0 T_START=$(now_ms)

begin_stage() {
  CURRENT=$1
  CURRENT_START=$(now_ms)
  printf '\n[qudao] ===== stage %s =====\n' "$1" >&2
}
end_stage() { # end_stage STATUS
  STATUS[$CURRENT]=$1
  DURATION[$CURRENT]=$(($(now_ms) - CURRENT_START))
  CURRENT=""
}

# run_stage NAME CMD...: run CMD with its output as-is; stop on failure.
run_stage() {
  local name=$1 rc=0
  shift
  begin_stage "$name"
  log "\$ $*"
  "$@" || rc=$?
  if ((rc != 0)); then
    end_stage FAILED
    exit "$rc"
  fi
  end_stage ok
}

summary() {
  local rc=$? name status dur
  # An exit in the middle of a stage (die in setup, Ctrl-C) fails that stage.
  if [[ -n "$CURRENT" ]]; then
    end_stage FAILED
    ((rc != 0)) || rc=1
  fi
  {
    printf '\n[qudao] ===== test summary =====\n'
    for name in "${ALL_STAGES[@]}"; do
      status=${STATUS[$name]:-not run}
      dur=""
      [[ -z "${DURATION[$name]:-}" ]] || dur=$(fmt_ms "${DURATION[$name]}")
      printf '[qudao]   %-10s %-8s %8s\n' "$name" "$status" "$dur"
    done
    printf '[qudao]   %-10s %-8s %8s\n' total "" "$(fmt_ms $(($(now_ms) - T_START)))"
    for name in "${ALL_STAGES[@]}"; do
      if [[ "${STATUS[$name]:-}" == FAILED ]]; then
        printf '[qudao] FAILED at stage "%s" (exit %d)\n' "$name" "$rc"
      fi
    done
    ((rc != 0)) || printf '[qudao] all stages passed\n'
  } >&2
  exit "$rc"
}
trap summary EXIT

skip_e2e=0
if [[ "${QUDAO_TEST_SKIP_E2E:-0}" == 1 ]]; then
  skip_e2e=1
  [[ -z "${CI:-}" ]] || warn "QUDAO_TEST_SKIP_E2E=1 under CI: the e2e stage will not run"
fi

# Setup runs in this shell (ensure_* export variables such as CHROMIUM_PATH);
# a `die` in there ends the script and the summary marks setup as failed.
begin_stage setup
ensure_node_modules
ensure_prisma_client
ensure_postgres
ensure_redis
ensure_cjk_font # the PDF document tests embed it
((skip_e2e)) || ensure_chromium # a ~2 min apt install on a fresh machine
end_stage ok

run_stage typecheck bash -c "npx turbo run typecheck && npx tsc --noEmit -p tsconfig.json"
# The root vitest.config.ts creates (and drops) its own throwaway database.
run_stage unit npx vitest run --config vitest.config.ts
run_stage build env NODE_ENV=production npx turbo run build
if ((skip_e2e)); then
  STATUS[e2e]="skipped"
  log "e2e skipped (QUDAO_TEST_SKIP_E2E=1)"
else
  run_stage e2e npx playwright test --config test/e2e/playwright.config.ts
fi
