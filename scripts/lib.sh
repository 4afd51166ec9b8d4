# shellcheck shell=bash
# Shared helpers for scripts/*.sh. Source it; do not run it.
#
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#
# On load it: cds to the repo root, loads ./.env (the real environment wins,
# as with dotenv), and exports the defaults every tool here relies on.
# Every ensure_* function is idempotent: cheap when things are already fine.

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  echo "scripts/lib.sh is a library: source it from another script" >&2
  exit 2
fi

# ---------------------------------------------------------------- basics ---

QUDAO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export QUDAO_ROOT
cd "$QUDAO_ROOT" || exit 1

log() { printf '[qudao] %s\n' "$*" >&2; }
warn() { printf '[qudao] WARNING: %s\n' "$*" >&2; }
die() {
  printf '[qudao] ERROR: %s\n' "$*" >&2
  exit 1
}

have() { command -v "$1" >/dev/null 2>&1; }

is_root() { [[ "$(id -u)" -eq 0 ]]; }

# Can we install system packages ourselves? (root + Debian/Ubuntu apt)
can_apt() { is_root && have apt-get; }

# apt-get update only once per script run, however many packages we install.
_QUDAO_APT_UPDATED=0
apt_install() {
  can_apt || die "need root and apt-get to install: $*"
  export DEBIAN_FRONTEND=noninteractive
  # Wait for a concurrent apt/dpkg instead of failing on its lock.
  local lock_opt=(-o DPkg::Lock::Timeout=300)
  if [[ $_QUDAO_APT_UPDATED -eq 0 ]]; then
    log "apt-get update"
    apt-get "${lock_opt[@]}" update
    _QUDAO_APT_UPDATED=1
  fi
  log "apt-get install -y $*"
  apt-get "${lock_opt[@]}" install -y "$@"
}

# Seconds since the epoch with milliseconds, for stage timings.
now_ms() { date +%s%3N; }
fmt_ms() { # 12345 -> 12.3s, 83000 -> 1m23.0s
  local ms=$1 s
  s=$((ms / 1000))
  if ((s >= 60)); then
    printf '%dm%d.%ds' $((s / 60)) $((s % 60)) $(((ms % 1000) / 100))
  else
    printf '%d.%ds' "$s" $(((ms % 1000) / 100))
  fi
}

# ------------------------------------------------------------------ .env ---

# Minimal dotenv reader: KEY=value, `export KEY=value`, '…' / "…" quotes,
# `# comments` (whole line, or after whitespace in unquoted values).
# Variables already set in the environment are NOT overridden.
load_dotenv() {
  local file=$1 line key val
  [[ -f "$file" ]] || return 0
  while IFS= read -r line || [[ -n "$line" ]]; do
    line=${line%$'\r'}
    [[ "$line" =~ ^[[:space:]]*(export[[:space:]]+)?([A-Za-z_][A-Za-z0-9_]*)[[:space:]]*=[[:space:]]*(.*)$ ]] || continue
    key=${BASH_REMATCH[2]}
    val=${BASH_REMATCH[3]}
    if [[ "$val" =~ ^\"(.*)\"[[:space:]]*(#.*)?$ ]]; then
      val=${BASH_REMATCH[1]}
    elif [[ "$val" =~ ^\'(.*)\'[[:space:]]*(#.*)?$ ]]; then
      val=${BASH_REMATCH[1]}
    else
      val=${val%%[[:space:]]#*}            # inline comment
      val=${val%"${val##*[![:space:]]}"}   # trailing whitespace
    fi
    [[ -n "${!key+x}" ]] || export "$key=$val"
  done <"$file"
}

load_dotenv "$QUDAO_ROOT/.env"

# Defaults shared by every script. Prisma needs DATABASE_URL set even for
# `generate` (otherwise it tries to download an engine), and its update
# check phones home: switch it off.
export DATABASE_URL="${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/qudao}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
export CHECKPOINT_DISABLE=1
# Turbo's telemetry would try to reach the internet on every run.
export TURBO_TELEMETRY_DISABLED="${TURBO_TELEMETRY_DISABLED:-1}"
export PLATFORM_PORT="${PLATFORM_PORT:-3000}"
export PORTAL_PORT="${PORTAL_PORT:-3001}"

# ------------------------------------------------------------ URL helpers ---

# url_host_port URL DEFAULT_PORT -> "host port" (host defaults to 127.0.0.1).
# Node's WHATWG URL parser copes with passwords, IPv6 and query strings.
url_host_port() {
  node -e '
    const u = new URL(process.argv[1]);
    const host = u.hostname.replace(/^\[|\]$/g, "") || "127.0.0.1";
    console.log(host, u.port || process.argv[2]);
  ' "$1" "$2" || die "cannot parse URL: $(redact_url "$1")"
}

# Hide the password part of a URL in messages.
redact_url() { sed -E 's#(://[^:/@]*):[^@/]*@#\1:***@#' <<<"$1"; }

is_local_host() {
  case "$1" in 127.0.0.1 | localhost | ::1 | "") return 0 ;; *) return 1 ;; esac
}

# Plain TCP probe for when the service's own client tool is not installed.
tcp_open() { timeout 2 bash -c ">/dev/tcp/$1/$2" 2>/dev/null; }

# wait_until SECONDS CMD... : retry CMD once a second until it succeeds.
wait_until() {
  local deadline=$((SECONDS + $1))
  shift
  until "$@"; do
    ((SECONDS < deadline)) || return 1
    sleep 1
  done
}

# ------------------------------------------------------------ node / npm ---

# Install when node_modules is missing or older than the lockfile (or a
# package.json): a fresh clone installs, a warm checkout skips in ~0 s.
# `npm ci` does not work on this machine (see docs/STACK), `npm install`
# honours the lockfile.
ensure_node_modules() {
  have node || die "Node.js is not installed (need Node >= 20.19 and npm >= 11)"
  have npm || die "npm is not installed (need npm >= 11)"
  local marker=node_modules/.package-lock.json reason=""
  if [[ ! -d node_modules ]]; then
    reason="node_modules is missing"
  elif [[ ! -f "$marker" ]]; then
    reason="node_modules was not installed by npm"
  elif [[ package-lock.json -nt "$marker" ]]; then
    reason="package-lock.json changed"
  else
    local f
    for f in package.json apps/*/package.json packages/*/package.json; do
      if [[ -f "$f" && "$f" -nt "$marker" ]]; then
        reason="$f changed"
        break
      fi
    done
  fi
  if [[ -z "$reason" ]]; then
    log "node_modules is up to date"
    return 0
  fi
  log "npm install ($reason)"
  npm install --no-audit --no-fund || die "npm install failed"
  # npm leaves the hidden lockfile alone when nothing changed; touch it so
  # the next run sees node_modules as current and skips.
  touch "$marker"
}

# (Re)generate the Prisma client when it is missing or the schema is newer.
ensure_prisma_client() {
  export CHECKPOINT_DISABLE=1
  local client=packages/core/src/generated/prisma/client.ts
  local schema=packages/core/prisma/schema.prisma
  [[ -f "$schema" ]] || die "$schema not found"
  if [[ -f "$client" && ! "$schema" -nt "$client" ]]; then
    log "Prisma client is up to date"
    return 0
  fi
  log "generating the Prisma client"
  npm run generate -w @qudao/core || die "prisma generate failed"
}

# ------------------------------------------------------------- PostgreSQL ---

# _pg_admin check|create [DBNAME]
# Talks to PostgreSQL with the `pg` package from node_modules (works without
# psql), using DATABASE_URL's credentials against the `postgres` maintenance
# database. Exit codes: 0 ok, 2 unreachable, 3 login refused, 4 other error.
_pg_admin() {
  node - "$@" <<'JS'
const path = require("node:path");
const root = process.env.QUDAO_ROOT;
let pg;
try {
  pg = require(require.resolve("pg", { paths: [path.join(root, "packages/core"), root] }));
} catch {
  console.error("[qudao] ERROR: the `pg` package is not installed: run `npm install --no-audit --no-fund`");
  process.exit(4);
}
const [action, dbArg] = process.argv.slice(2);
const url = new URL(process.env.DATABASE_URL);
const shown = url.password ? process.env.DATABASE_URL.replace(`:${url.password}@`, ":***@") : process.env.DATABASE_URL;
const dbName = dbArg || decodeURIComponent(url.pathname.replace(/^\//, "")) || "qudao";
const admin = new URL(url.href);
admin.pathname = "/postgres";
admin.searchParams.delete("schema"); // Prisma-only parameter

function fail(err) {
  const code = err && err.code;
  const msg = (err && err.message) || String(err);
  if (code === "28P01" || code === "28000" || /password|SASL|SCRAM/i.test(msg)) {
    console.error(
      `[qudao] ERROR: PostgreSQL refused the login of user "${decodeURIComponent(url.username) || "(default)"}" (${msg}).\n` +
        `[qudao]   Set DATABASE_URL (in .env or the environment) to a user that can log in and create databases, e.g.\n` +
        `[qudao]     DATABASE_URL=postgresql://USER:PASSWORD@127.0.0.1:5432/qudao\n` +
        `[qudao]   or allow local TCP logins for "postgres" in pg_hba.conf:  host all postgres 127.0.0.1/32 trust\n` +
        `[qudao]   (currently DATABASE_URL=${shown})`,
    );
    process.exit(3);
  }
  if (["ECONNREFUSED", "ENOTFOUND", "ETIMEDOUT", "EHOSTUNREACH"].includes(code) || /timeout/i.test(msg)) {
    console.error(`[qudao] ERROR: cannot reach PostgreSQL at ${shown}: ${msg}`);
    process.exit(2);
  }
  if (code === "42501") {
    console.error(`[qudao] ERROR: the DATABASE_URL user may not create databases (${msg}). Create "${dbName}" yourself or use a user with CREATEDB.`);
    process.exit(4);
  }
  console.error(`[qudao] ERROR: PostgreSQL: ${msg}${code ? ` (${code})` : ""}`);
  process.exit(4);
}

(async () => {
  const client = new pg.Client({ connectionString: admin.href, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    if (action === "create") {
      const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [dbName]);
      if (rowCount) {
        console.error(`[qudao] database "${dbName}" exists`);
      } else {
        try {
          await client.query(`CREATE DATABASE "${dbName.replace(/"/g, '""')}"`);
          console.error(`[qudao] created database "${dbName}"`);
        } catch (err) {
          if (err.code !== "42P04") throw err; // created concurrently: fine
        }
      }
    } else {
      await client.query("SELECT 1");
    }
  } finally {
    await client.end();
  }
})().catch(fail);
JS
}

_pg_answers() {
  if have pg_isready; then
    pg_isready -q -t 2 -h "$1" -p "$2"
  else
    tcp_open "$1" "$2"
  fi
}

# Newest installed cluster version under /etc/postgresql, if any.
_pg_cluster_version() {
  local v
  v=$(find /etc/postgresql -mindepth 2 -maxdepth 2 -type d -name main 2>/dev/null |
    awk -F/ '{print $4}' | sort -V | tail -n1 || true)
  [[ -n "$v" ]] && echo "$v"
}

# A cluster we created ourselves: let `postgres` log in over local TCP without
# a password, as on the dev/CI machines (Debian's default is scram-sha-256).
_pg_trust_local_tcp() {
  local hba="/etc/postgresql/$1/main/pg_hba.conf"
  [[ -f "$hba" ]] || return 0
  grep -q '^host all postgres 127.0.0.1/32 trust' "$hba" && return 0
  log "allowing trust logins for postgres over 127.0.0.1/::1 in $hba (fresh cluster)"
  local tmp
  tmp=$(mktemp)
  # First matching line wins in pg_hba.conf: put ours on top.
  {
    echo "# added by qudao scripts/lib.sh: local TCP logins for postgres without password"
    echo "host all postgres 127.0.0.1/32 trust"
    echo "host all postgres ::1/128 trust"
    cat "$hba"
  } >"$tmp"
  cat "$tmp" >"$hba" # keep owner and mode of the original
  rm -f "$tmp"
}

ensure_postgres() {
  local hp host port shown
  hp=$(url_host_port "$DATABASE_URL" 5432) || exit 1
  read -r host port <<<"$hp"
  shown=$(redact_url "$DATABASE_URL")

  if ! _pg_answers "$host" "$port"; then
    if ! is_local_host "$host"; then
      log "waiting for PostgreSQL at $host:$port"
      wait_until 20 _pg_answers "$host" "$port" ||
        die "PostgreSQL at $host:$port (DATABASE_URL=$shown) is not answering. Start it, or point DATABASE_URL at a running server."
    else
      local fresh=0 ver
      if ! ver=$(_pg_cluster_version); then
        if ! have pg_ctlcluster && ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
          can_apt || die "PostgreSQL is not running on $host:$port and is not installed. Install PostgreSQL >= 15 (Debian: apt-get install -y postgresql) and start it, or set DATABASE_URL to a running server."
          log "PostgreSQL is not installed: installing it"
          apt_install postgresql
        fi
        if ! ver=$(_pg_cluster_version); then
          # Server binaries but no cluster (e.g. it was dropped): create one.
          if ! is_root || ! have pg_createcluster; then
            die "PostgreSQL is installed but has no cluster. Create one (pg_createcluster <version> main) or set DATABASE_URL."
          fi
          ver=$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' | sort -V | tail -n1)
          log "creating PostgreSQL $ver cluster 'main'"
          pg_createcluster "$ver" main
        fi
        fresh=1
      fi
      if ((fresh)); then _pg_trust_local_tcp "$ver"; fi
      if ! _pg_answers "$host" "$port"; then # the apt postinst may have started it
        log "starting PostgreSQL $ver (cluster main)"
        # No systemd here: --skip-systemctl-redirect runs pg_ctl directly.
        # A failure is not fatal yet: it may say "already running" while the
        # server is still starting up; the wait below decides.
        pg_ctlcluster --skip-systemctl-redirect "$ver" main start ||
          warn "pg_ctlcluster $ver main start did not succeed (see its message above); waiting anyway"
      elif ((fresh)); then
        pg_ctlcluster --skip-systemctl-redirect "$ver" main reload || true # pick up pg_hba.conf
      fi
      if ! wait_until 20 _pg_answers "$host" "$port"; then
        local conf_port
        conf_port=$(sed -nE 's/^[[:space:]]*port[[:space:]]*=[[:space:]]*([0-9]+).*/\1/p' \
          "/etc/postgresql/$ver/main/postgresql.conf" 2>/dev/null | tail -n1)
        [[ -z "$conf_port" || "$conf_port" == "$port" ]] ||
          warn "cluster $ver/main is configured for port $conf_port, DATABASE_URL says $port"
        die "PostgreSQL $ver did not come up on $host:$port within 20 s (see /var/log/postgresql/postgresql-$ver-main.log)"
      fi
    fi
  fi

  # Answering is not enough: check DATABASE_URL's user can actually log in
  # (a fresh Debian cluster wants a password over TCP).
  if [[ -d node_modules ]]; then
    _pg_admin check || die "PostgreSQL at $host:$port answers but DATABASE_URL=$shown cannot log in (see above)"
  fi
  log "PostgreSQL is up at $host:$port"
}

# ensure_database [DBNAME]: create the database (default: the one named in
# DATABASE_URL) if it does not exist yet.
# shellcheck disable=SC2120 # the argument is optional
ensure_database() {
  _pg_admin create "${1:-}" || die "could not ensure the database exists (see above)"
}

# ------------------------------------------------------------------ Redis ---

_redis_answers() {
  if have redis-cli && [[ "$REDIS_URL" == redis://* ]]; then
    # -u carries password and db from REDIS_URL.
    [[ "$(timeout 3 redis-cli -u "$REDIS_URL" --no-auth-warning ping 2>/dev/null)" == PONG ]]
  else
    tcp_open "$1" "$2"
  fi
}

ensure_redis() {
  local hp host port shown
  hp=$(url_host_port "$REDIS_URL" 6379) || exit 1
  read -r host port <<<"$hp"
  shown=$(redact_url "$REDIS_URL")

  if _redis_answers "$host" "$port"; then
    log "Redis is up at $host:$port"
    return 0
  fi
  if ! is_local_host "$host"; then
    log "waiting for Redis at $host:$port"
    wait_until 20 _redis_answers "$host" "$port" ||
      die "Redis at $host:$port (REDIS_URL=$shown) is not answering. Start it, or point REDIS_URL at a running server."
    log "Redis is up at $host:$port"
    return 0
  fi

  if ! have redis-server; then
    can_apt || die "Redis is not running on $host:$port and is not installed. Install Redis >= 7 (Debian: apt-get install -y redis-server) and start it, or set REDIS_URL to a running server."
    log "Redis is not installed: installing it"
    apt_install redis-server
    # The package's postinst may have started it already.
    if wait_until 2 _redis_answers "$host" "$port"; then
      log "Redis is up at $host:$port"
      return 0
    fi
  fi

  # Queue data is disposable here: no RDB/AOF persistence. Fall back to a
  # repo-local directory when the system ones are not writable (non-root).
  local dir=/var/lib/redis logdir=/var/log/redis
  mkdir -p "$dir" "$logdir" 2>/dev/null || true
  if [[ ! -w "$dir" || ! -w "$logdir" ]]; then
    dir="$QUDAO_ROOT/.qudao/redis"
    logdir="$dir"
    mkdir -p "$dir"
  fi
  log "starting redis-server on $host:$port (log: $logdir/ci.log)"
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$port" \
    --save "" --appendonly no --dir "$dir" --logfile "$logdir/ci.log" ||
    die "redis-server failed to start (see $logdir/ci.log)"
  wait_until 20 _redis_answers "$host" "$port" ||
    die "Redis did not answer on $host:$port within 20 s (see $logdir/ci.log)"
  log "Redis is up at $host:$port"
}

# --------------------------------------------------------------- Chromium ---

# Playwright drives Debian's chromium; `playwright install` downloads from a
# CDN that is not reachable here, so never use it.
ensure_chromium() {
  local want="${CHROMIUM_PATH:-/usr/bin/chromium}"
  if [[ ! -x "$want" ]]; then
    can_apt || die "Chromium not found at $want. Install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium/Chrome binary."
    log "Chromium not found at $want: installing Debian's chromium"
    apt_install chromium
    if [[ ! -x "$want" ]]; then
      [[ -x /usr/bin/chromium ]] || die "chromium installed but /usr/bin/chromium is missing"
      warn "CHROMIUM_PATH=$want does not exist; using /usr/bin/chromium"
      want=/usr/bin/chromium
    fi
  fi
  export CHROMIUM_PATH="$want"
  log "Chromium: $CHROMIUM_PATH ($(timeout 20 "$CHROMIUM_PATH" --version 2>/dev/null || echo 'version unknown'))"
}

# ------------------------------------------------------------- CJK font ---

# Plugin record documents (PDF, issue 7) embed a font covering Simplified and
# Traditional Chinese: WenQuanYi Micro Hei from Debian (one ~5 MB .ttc). The
# server reads it from this path, or from CJK_FONT_PATH when that is set.
QUDAO_CJK_FONT_DEFAULT=/usr/share/fonts/truetype/wqy/wqy-microhei.ttc
ensure_cjk_font() {
  local want="${CJK_FONT_PATH:-$QUDAO_CJK_FONT_DEFAULT}"
  if [[ ! -f "$want" ]]; then
    [[ -z "${CJK_FONT_PATH:-}" ]] || die "CJK_FONT_PATH=$CJK_FONT_PATH does not exist: point it at a .ttf/.otf with Chinese glyphs, or unset it to use Debian's fonts-wqy-microhei"
    can_apt || die "no CJK font at $want. Install it (Debian: apt-get install -y fonts-wqy-microhei) or set CJK_FONT_PATH to a .ttf/.otf with Chinese glyphs."
    log "CJK font not found at $want: installing Debian's fonts-wqy-microhei"
    apt_install fonts-wqy-microhei
    [[ -f "$want" ]] || die "fonts-wqy-microhei installed but $want is missing"
  fi
  log "CJK font (PDF documents): $want"
}

# --------------------------------------------------- app process handling ---

# Children started by start_child, for stop_children.
QUDAO_CHILD_PIDS=()
QUDAO_CHILD_NAMES=()

# start_child NAME CMD...: run CMD in the background in its own session /
# process group, every output line prefixed with "[NAME] ". Killing the group
# reaches npm, the shell npm spawns, the server, and the sed.
start_child() {
  local name=$1
  shift
  # The background subshell is not a group leader, so setsid does not fork
  # and $! is the new group's id.
  # The sed ignores TERM/INT so it still prints what the app logs while
  # shutting down; it ends at EOF, once the app has exited.
  # shellcheck disable=SC2016 # expanded by the inner bash, on purpose
  setsid bash -c 'set -o pipefail; n=$1; shift
    "$@" 2>&1 | { trap "" TERM INT; exec sed -u "s/^/[$n] /"; }' _ "$name" "$@" &
  QUDAO_CHILD_PIDS+=("$!")
  QUDAO_CHILD_NAMES+=("$name")
}

# Print the names of children that are no longer running.
dead_children() {
  local i
  for i in "${!QUDAO_CHILD_PIDS[@]}"; do
    kill -0 "${QUDAO_CHILD_PIDS[$i]}" 2>/dev/null || echo "${QUDAO_CHILD_NAMES[$i]}"
  done
}

# TERM every child group, give them time to close queues and connections
# (BullMQ needs a few seconds), then KILL what is left.
stop_children() {
  local pid i alive
  ((${#QUDAO_CHILD_PIDS[@]})) || return 0
  log "stopping ${QUDAO_CHILD_NAMES[*]}"
  for pid in "${QUDAO_CHILD_PIDS[@]}"; do
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  done
  for i in $(seq 1 50); do # up to 10 s
    alive=0
    for pid in "${QUDAO_CHILD_PIDS[@]}"; do
      kill -0 -- "-$pid" 2>/dev/null && alive=1
    done
    ((alive)) || break
    sleep 0.2
  done
  for pid in "${QUDAO_CHILD_PIDS[@]}"; do
    kill -KILL -- "-$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
  QUDAO_CHILD_PIDS=()
  QUDAO_CHILD_NAMES=()
}

# http_ok URL: does it answer with a status < 400 (redirects count as up)?
http_ok() {
  if have curl; then
    curl -fsS -o /dev/null --max-time 5 "$1" 2>/dev/null
  else
    node -e '
      fetch(process.argv[1], { redirect: "manual", signal: AbortSignal.timeout(5000) })
        .then((r) => process.exit(r.status < 400 ? 0 : 1), () => process.exit(1));
    ' "$1"
  fi
}

# wait_for_apps SECONDS URL...: poll until every URL answers; fail early if a
# child died. Returns 1 on timeout, 2 when a child exited.
wait_for_apps() {
  local deadline=$((SECONDS + $1)) url dead
  shift
  for url in "$@"; do
    until http_ok "$url"; do
      dead=$(dead_children)
      if [[ -n "$dead" ]]; then
        warn "exited before becoming ready: $(echo "$dead" | tr '\n' ' ')"
        return 2
      fi
      ((SECONDS < deadline)) || return 1
      sleep 1
    done
  done
}

# Block until any child exits; its name(s) end up in QUDAO_EXITED.
# Not meant for $(...): a subshell cannot wait for our children, and a
# TERM trap would be held back until the substitution returned.
QUDAO_EXITED=""
wait_any_child() {
  while :; do
    wait -n 2>/dev/null || true
    QUDAO_EXITED=$(dead_children | tr '\n' ' ')
    QUDAO_EXITED=${QUDAO_EXITED% }
    [[ -z "$QUDAO_EXITED" ]] || return 0
    # `wait -n` can also return without one of ours having exited (e.g.
    # after a trap ran); go round again.
    sleep 0.2
  done
}

# Make every exit path (error, Ctrl-C, SIGTERM) take the children down too.
# Call before the first start_child.
_qudao_on_signal() {
  trap '' INT TERM # a second Ctrl-C must not cut the shutdown short
  log "shutting down"
  stop_children
  exit "$1"
}
install_child_traps() {
  trap 'stop_children' EXIT
  trap '_qudao_on_signal 130' INT
  trap '_qudao_on_signal 143' TERM
}

_print_banner() {
  local mode=$1 platform=$2 portal=$3
  cat <<BANNER

==============================================================================
 Qudao is running ($mode)

   Platform         $platform
   Partner portal   $portal
   REST API         $platform/api/v1
   OpenAPI          $platform/api/v1/openapi.json

 Demo logins (DEMO CREDENTIALS - change or remove them in production):
BANNER
  # The seed knows the demo accounts; fall back to the bootstrap admin if it cannot say.
  if ! npx tsx packages/core/src/seed/print-demo-logins.cli.ts 2>/dev/null | sed 's/^/   /'; then
    echo "   Platform admin   ${QUDAO_ADMIN_EMAIL:-admin@qudao.demo} / ${QUDAO_ADMIN_PASSWORD:-qudao-demo-2026}"
  fi
  cat <<BANNER

 Press Ctrl-C to stop.
==============================================================================

BANNER
}

# supervise_apps MODE: wait until platform and portal answer, print the
# banner, then block until any child exits -> stop the rest, exit non-zero.
supervise_apps() {
  local mode=$1 rc=0
  local platform="http://127.0.0.1:$PLATFORM_PORT" portal="http://127.0.0.1:$PORTAL_PORT"
  local timeout="${QUDAO_READY_TIMEOUT:-60}"
  log "waiting for the apps to answer (up to ${timeout}s)"
  wait_for_apps "$timeout" "$platform/login" "$portal/login" || rc=$?
  case $rc in
    0) _print_banner "$mode" "$platform" "$portal" ;;
    1) warn "the apps did not answer within ${timeout}s; leaving them running - check the output above" ;;
    *) die "an app exited during startup (see its output above)" ;;
  esac
  wait_any_child
  die "$QUDAO_EXITED exited; stopping everything"
}
