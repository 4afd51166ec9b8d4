#!/usr/bin/env bash
# `npm start`: bring up services, migrate + seed, build, and run the platform,
# the partner portal and the background worker in production mode.
# Ctrl-C / SIGTERM stops all three; if one of them dies, the others are
# stopped too and the script exits non-zero.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# Public base URLs used in links (e-mails, cross-app redirects).
export PLATFORM_URL="${PLATFORM_URL:-http://127.0.0.1:$PLATFORM_PORT}"
export PORTAL_URL="${PORTAL_URL:-http://127.0.0.1:$PORTAL_PORT}"

ensure_node_modules
ensure_postgres
ensure_redis
ensure_cjk_font
# shellcheck disable=SC2119 # no argument: the database named in DATABASE_URL
ensure_database
# The seed imports the generated client (src/generated is not committed).
ensure_prisma_client

log "applying database migrations"
npm run db:migrate -w @qudao/core
log "seeding (a no-op when the database already has data)"
npm run db:seed -w @qudao/core

log "building the apps"
NODE_ENV=production npx turbo run build

install_child_traps
start_child platform env NODE_ENV=production PORT="$PLATFORM_PORT" npm run start -w @qudao/platform
start_child portal env NODE_ENV=production PORT="$PORTAL_PORT" npm run start -w @qudao/partner-portal
start_child worker env NODE_ENV=production npm run worker -w @qudao/core
supervise_apps "production build"
