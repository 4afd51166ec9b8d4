/**
 * What a plugin hook may read (`ctx.records`), for every hook kind (ADR 024, ADR 026): only objects
 * the install holds `records:read:` for, only through the tenant's scope (another partner's record is
 * absent), only its own plugin's custom objects — plus `partner`, the tenant's own organisations
 * (itself and its sub-dealers; the platform: every partner), which needs no permission. Everything
 * else answers null / [] — the hook cannot tell "not allowed" from "not there" — and a read beyond
 * the permissions is recorded for the developer.
 *
 * Before-save hooks (validate, compute) may run inside the caller's transaction, which holds one
 * connection of the main pool. Were their reads to need a second connection of the same pool, a
 * burst of such saves could hold every connection while each waits for one more: the pool would
 * stall. Their reads therefore go through `hookReadDb()`, a small pool of its own whose connections
 * are only ever held by a single read statement (never by a transaction, never waiting on anything
 * but Postgres, and plain reads take no row locks), so a read always finishes and frees its
 * connection, and the cycle cannot form. Such a read does not see the caller's uncommitted writes;
 * hooks get the record being saved in `ctx.record`.
 */
import pg from "pg";
import { hasPermission, isCoreObject } from "@qudao/plugins/permissions";
import type { HostRecordReader, RecordWhere } from "@qudao/plugins/runtime";
import { systemActor, type Actor, type PartnerActor } from "../../actor/index.ts";
import { db, Prisma, runAsActor, type ScopedDb } from "../../db/index.ts";
import { createBaseClient, scopeExtension } from "../../db/scoped-client.ts";
import { env } from "../../env/index.ts";
import { recordHookFailure } from "./hook-stats.service.ts";
import type { InstalledPlugin } from "./installed-plugins.ts";

/** The reference target and reader object that is a partner organisation. */
export const PARTNER_OBJECT = "partner";

/** A partner's view limited to that partner (no sub-dealers): what an install for it may read (also commission and report hooks). */
export function tenantReader(partnerId: string, userId: string): PartnerActor {
  return { kind: "partner", userId, email: "plugin@qudao.local", name: "plugin", partnerId, role: "admin", visiblePartnerIds: [partnerId], via: "job" };
}

/** The scope a hook of this tenant reads in: the partner's (and the platform's records), or everything for the platform. */
export function readScopeOf(partnerId: string | null, userId: string | null): Actor {
  return partnerId ? tenantReader(partnerId, userId ?? NO_USER) : systemActor("plugin hook");
}

const NO_USER = "00000000-0000-0000-0000-000000000000";

type HookReadClients = { pool: pg.Pool; scoped: ScopedDb };
const hookReadKey = Symbol.for("qudao.hookReadDb");
const holder = globalThis as unknown as { [hookReadKey]?: HookReadClients };

/** The scoped client over the hook-read pool (see the file comment): for reads of before-save hooks. */
export function hookReadDb(): ScopedDb {
  if (!holder[hookReadKey]) {
    const pool = new pg.Pool({
      connectionString: env().DATABASE_URL,
      max: env().PLUGIN_HOOK_READ_POOL_SIZE,
      connectionTimeoutMillis: 10_000,
      // Idle connections do not keep a test process or a short script alive.
      allowExitOnIdle: true,
    });
    pool.on("error", (error) => console.warn(`[plugins] idle hook-read connection lost: ${error.message}`));
    holder[hookReadKey] = { pool, scoped: createBaseClient(pool).$extends(scopeExtension()) as unknown as ScopedDb };
  }
  return holder[hookReadKey].scoped;
}

/** Tests: close the hook-read pool (the next read opens a new one on the then current DATABASE_URL). */
export async function disconnectHookReadDb(): Promise<void> {
  const current = holder[hookReadKey];
  if (!current) return;
  delete holder[hookReadKey];
  await current.scoped.$disconnect();
}

const PERSONAL = new Set(["phone", "email"]);
const CORE_SELECT: Record<string, string[]> = {
  customer: ["id", "kind", "name", "city", "phone", "email", "ownerPartnerId", "protectedUntil", "lifecycleStage", "customFields", "createdAt"],
  lead: ["id", "partnerId", "customerId", "assigneeId", "status", "name", "company", "source", "customFields", "createdAt"],
  opportunity: ["id", "partnerId", "customerId", "ownerId", "stageId", "status", "name", "amount", "currency", "expectedCloseDate", "customFields", "createdAt"],
  activity: ["id", "partnerId", "authorId", "customerId", "leadId", "opportunityId", "kind", "subject", "occurredAt", "customFields", "createdAt"],
  task: ["id", "partnerId", "assigneeId", "customerId", "leadId", "opportunityId", "title", "status", "dueAt", "customFields", "createdAt"],
  order: ["id", "externalId", "customerId", "attributedPartnerId", "orderedAt", "currency", "total", "customFields", "createdAt"],
};
const CORE_QUERY_KEYS: Record<string, string[]> = {
  customer: ["lifecycleStage", "city", "kind"],
  lead: ["customerId", "assigneeId", "status"],
  opportunity: ["customerId", "ownerId", "stageId", "status"],
  activity: ["customerId", "leadId", "opportunityId", "kind", "authorId"],
  task: ["customerId", "leadId", "opportunityId", "assigneeId", "status"],
  order: ["customerId", "externalId"],
};
/** Partner fields a query may filter on, and the column each is. */
const PARTNER_QUERY_KEYS: Record<string, string> = { tier: "tier", territory: "region", parentId: "parentPartnerId" };

function plain(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Prisma.Decimal.isDecimal(value)) return (value as Prisma.Decimal).toString();
  return value;
}

/** A core row as a hook sees it: public columns, personal ones only with the contact permission, own plugin fields only. */
function coreRecord(install: InstalledPlugin, object: string, row: Record<string, unknown>): Record<string, unknown> & { id: string; object: string } {
  const canContact = install.grantedPermissions.includes("customers:read:contact");
  const out: Record<string, unknown> = { object };
  for (const [key, value] of Object.entries(row)) {
    if (object === "customer" && PERSONAL.has(key) && !canContact) continue;
    if (key === "customFields") {
      const own = Object.entries((value ?? {}) as Record<string, unknown>).filter(([k]) => k.startsWith(`${install.namespace}__`));
      out.customFields = Object.fromEntries(own);
      continue;
    }
    out[key] = plain(value);
  }
  return out as Record<string, unknown> & { id: string; object: string };
}

type Delegate = { findFirst(args: unknown): Promise<Record<string, unknown> | null>; findMany(args: unknown): Promise<Array<Record<string, unknown>>> };

function delegateOf(client: ScopedDb, object: string): Delegate {
  return (client as unknown as Record<string, Delegate>)[object]!;
}

const money = (value: Prisma.Decimal) => value.toFixed(2);

/**
 * Orders come with their items (`{ sku, category, quantity, unitPrice, amount }`, decimal strings,
 * as a commission hook's `CommissionOrderItem` without the id): sell-in reports need them. The
 * orders were read in the tenant's scope; their items follow them.
 */
async function withOrderItems(client: ScopedDb, rows: Array<Record<string, unknown> & { id: string; object: string }>) {
  if (rows.length === 0) return rows;
  const items = await runAsActor(systemActor("plugin order items"), () =>
    client.orderItem.findMany({ where: { orderId: { in: rows.map((r) => r.id) } }, orderBy: [{ orderId: "asc" }, { position: "asc" }] }),
  );
  const byOrder = new Map<string, Array<Record<string, string>>>();
  for (const item of items) {
    const list = byOrder.get(item.orderId) ?? [];
    list.push({ sku: item.sku, category: item.category, quantity: item.quantity.toString(), unitPrice: money(item.unitPrice), amount: money(item.amount) });
    byOrder.set(item.orderId, list);
  }
  return rows.map((row) => ({ ...row, items: byOrder.get(row.id) ?? [] }));
}

type PartnerRow = { id: string; name: string; tier: string; region: string | null; parentPartnerId: string | null };

/** A partner as `records.get("partner", id)` answers it. */
export function partnerRecord(row: PartnerRow): { id: string; object: "partner"; name: string; tier: string; territory: string | null; parentId: string | null } {
  return { id: row.id, object: "partner", name: row.name, tier: row.tier, territory: row.region, parentId: row.parentPartnerId };
}

/** The partners a tenant may see: itself and its sub-dealers at any depth; null = the platform, every partner. */
export async function tenantPartnerIds(client: ScopedDb, partnerId: string | null): Promise<string[] | null> {
  if (partnerId === null) return null;
  const rows = await runAsActor(systemActor("plugin partner read"), () =>
    client.$queryRaw<Array<{ id: string }>>`
      WITH RECURSIVE tree AS (
        SELECT id FROM "Partner" WHERE id = ${partnerId}::uuid
        UNION
        SELECT p.id FROM "Partner" p JOIN tree t ON p."parentPartnerId" = t.id
      )
      SELECT id::text AS id FROM tree`,
  );
  return rows.map((r) => r.id);
}

const PARTNER_SELECT = { id: true, name: true, tier: true, region: true, parentPartnerId: true } as const;

/**
 * The reader of one hook call. `scope` is the tenant's read scope (`readScopeOf`), `partnerId` the
 * tenant (null: the platform), `client` the connection to read through (the main scoped client for
 * queued hooks, `hookReadDb()` for before-save hooks).
 */
export function readerFor(install: InstalledPlugin, scope: Actor, partnerId: string | null, hook: string, client: ScopedDb = db): HostRecordReader {
  const allowed = async (object: string): Promise<boolean> => {
    if (hasPermission(install.grantedPermissions, `records:read:${object}`) && (isCoreObject(object) || object.startsWith(`${install.namespace}__`))) return true;
    await recordHookFailure({ pluginId: install.pluginId, versionId: install.versionId, installId: install.installId, partnerId, hook, outcome: "read_refused", code: "permission", message: `records:read:${object}` });
    return false;
  };
  const asScope = <T>(fn: () => Promise<T>) => runAsActor(scope, fn);
  const asSystem = <T>(fn: () => Promise<T>) => runAsActor(systemActor("plugin partner read"), fn);
  let visiblePartners: Promise<string[] | null> | undefined;
  const partners = () => (visiblePartners ??= tenantPartnerIds(client, partnerId));
  const uuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
  return {
    async get(object, id) {
      if (object === PARTNER_OBJECT) {
        if (!uuid(id)) return null;
        const visible = await partners();
        if (visible !== null && !visible.includes(id)) return null;
        const row = await asSystem(() => client.partner.findFirst({ where: { id }, select: PARTNER_SELECT }));
        return row ? partnerRecord(row) : null;
      }
      if (!(await allowed(object)) || !uuid(id)) return null;
      if (isCoreObject(object)) {
        const select = Object.fromEntries(CORE_SELECT[object]!.map((k) => [k, true]));
        const row = await asScope(() => delegateOf(client, object).findFirst({ where: { id }, select }).catch(() => null));
        if (!row) return null;
        const record = coreRecord(install, object, row);
        return object === "order" ? (await withOrderItems(client, [record]))[0]! : record;
      }
      const row = await asScope(() => client.customObjectRecord.findFirst({ where: { id, object } }));
      return row ? { id: row.id, object, partnerId: row.partnerId, ...(row.values as Record<string, unknown>) } : null;
    },
    async query(object, where: RecordWhere, limit, offset = 0) {
      const skip = Math.max(0, Math.floor(offset));
      if (object === PARTNER_OBJECT) {
        const keys = Object.keys(where);
        if (keys.some((k) => !(k in PARTNER_QUERY_KEYS))) return [];
        const visible = await partners();
        const filter = Object.fromEntries(Object.entries(where).map(([k, v]) => [PARTNER_QUERY_KEYS[k]!, v]));
        const rows = await asSystem(() =>
          client.partner.findMany({ where: { ...filter, ...(visible === null ? {} : { id: { in: visible } }) } as Prisma.PartnerWhereInput, select: PARTNER_SELECT, take: limit, skip, orderBy: { id: "asc" } }).catch(() => []),
        );
        return rows.map(partnerRecord);
      }
      if (!(await allowed(object))) return [];
      if (isCoreObject(object)) {
        const keys = Object.keys(where);
        if (keys.some((k) => !CORE_QUERY_KEYS[object]!.includes(k))) return [];
        const select = Object.fromEntries(CORE_SELECT[object]!.map((k) => [k, true]));
        const rows = await asScope(() => delegateOf(client, object).findMany({ where, select, take: limit, skip, orderBy: { id: "desc" } }).catch(() => []));
        const records = rows.map((r) => coreRecord(install, object, r));
        return object === "order" ? withOrderItems(client, records) : records;
      }
      const rows = await asScope(() =>
        client.customObjectRecord.findMany({
          where: { object, AND: Object.entries(where).map(([key, value]) => ({ values: { path: [key], equals: value === null ? Prisma.AnyNull : (value as Prisma.InputJsonValue) } })) },
          take: limit,
          skip,
          orderBy: { id: "desc" },
        }),
      );
      return rows.map((row) => ({ id: row.id, object, partnerId: row.partnerId, ...(row.values as Record<string, unknown>) }));
    },
  };
}
