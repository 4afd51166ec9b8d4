#!/usr/bin/env bash
# `npm run dev`: like `npm start` but without a build: Vite dev servers with
# hot reload for both apps and a worker that restarts on change.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

export NODE_ENV="${NODE_ENV:-development}"
export PLATFORM_URL="${PLATFORM_URL:-http://127.0.0.1:$PLATFORM_PORT}"
export PORTAL_URL="${PORTAL_URL:-http://127.0.0.1:$PORTAL_PORT}"
# Vite's default "localhost" may bind ::1 only; bind what we print and poll.
DEV_HOST="${DEV_HOST:-127.0.0.1}"

ensure_node_modules
ensure_postgres
ensure_redis
# shellcheck disable=SC2119 # no argument: the database named in DATABASE_URL
ensure_database
ensure_prisma_client

log "applying database migrations"
npm run db:migrate -w @qudao/core
log "seeding (a no-op when the database already has data)"
npm run db:seed -w @qudao/core

install_child_traps
# --strictPort: fail loudly on a busy port instead of silently moving to
# another one that the banner (and the other app's links) would not know.
start_child platform npm run dev -w @qudao/platform -- --port "$PLATFORM_PORT" --strictPort --host "$DEV_HOST"
start_child portal npm run dev -w @qudao/partner-portal -- --port "$PORTAL_PORT" --strictPort --host "$DEV_HOST"
# --clear-screen=false: the worker shares this terminal with the apps.
start_child worker npx tsx watch --clear-screen=false packages/core/src/worker/worker.cli.ts
supervise_apps "development mode"
