/**
 * The machinery behind the tenant-isolation probe (testing/isolation-suite.ts, ADR 003, issue 3 item 8).
 *
 * Nothing here names a procedure. The probe
 *  1. builds partner "worlds" (a partner, a sub-dealer, users of every role, and rows of every
 *     partner-owned model) from MODEL_REGISTRY; partner B's world has a unique marker in every text
 *     column, and worlds get rows that legitimately point at each other's (crossSeed);
 *  2. reads every procedure of the app router and generates inputs from its zod schemas
 *     (generateInput): required fields get plausible values (e-mails, E.164 phones, USCCs with a valid
 *     check character, months, strings matching the field's regex…), retried per validation issue;
 *     id-like fields (`id`, `…Id`, `…Ids`, uuid format) are the slots the test fills with B's ids;
 *  3. sends each input through tRPC (createCaller with the portal's real cookie → createContext path)
 *     and, for procedures with OpenAPI meta, through /api/v1 (handleApiRequest with a bearer token);
 *  4. gives the test what it needs to judge: findLeaks (B's marker, ids, secrets in an answer), and a
 *     snapshot of every row, in every table, that mentions one of B's ids (diffSnapshots).
 *
 * A new procedure is covered with no edit here. A new partner-owned model fails the probe until it has
 * a MODEL_REGISTRY entry; a new kind of row that may legitimately point at another partner's rows must
 * say so in ALLOWED_NEW_REFERENCES.
 */
import { randomBytes, randomInt } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { handleApiRequest } from "../api/rest-handler.ts";
import { login, sessionCookieName } from "../auth/index.ts";
import { baseDb, Prisma } from "../db/index.ts";
import { createContext, type Context } from "../trpc/context.ts";
import { publicError, toDomainError } from "../trpc/error-mapping.ts";
import type { Meta } from "../trpc/init.ts";
import { appRouter, createCaller } from "../trpc/router.ts";
import { createTestPartner, createTestPartnerUser, DEFAULT_TEST_PASSWORD, type TestPartnerUser } from "./factories.ts";
import { uuidv7 } from "../db/uuidv7.ts";

// ── small helpers ───────────────────────────────────────────────────────────────────────────────

const UUID_RE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

export function newMarker(label: string): string {
  // Lower-case hex only: it survives e-mail normalisation and case-insensitive search unchanged.
  return `qdmark${label.toLowerCase()}${randomBytes(6).toString("hex")}`;
}

function hex(bytes: number): string {
  return randomBytes(bytes).toString("hex");
}

/** A CN mobile number in E.164 (what identity normalisation stores), e.g. +8613912345678. */
export function randomMobile(): string {
  return `+86139${String(randomInt(0, 100_000_000)).padStart(8, "0")}`;
}

const USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** A random 统一社会信用代码 with a correct GB 32100-2015 check character. */
export function randomUscc(): string {
  let body = "91330100";
  while (body.length < 17) body += USCC_CHARSET[randomInt(0, USCC_CHARSET.length)];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARSET.indexOf(body[i]!) * USCC_WEIGHTS[i]!;
  return body + USCC_CHARSET[(31 - (sum % 31)) % 31];
}

export function safeStringify(value: unknown): string {
  try {
    return (
      JSON.stringify(value ?? null, (_key, v: unknown) => {
        if (typeof v === "bigint") return v.toString();
        if (v instanceof Map) return Object.fromEntries(v);
        if (v instanceof Set) return [...v];
        return v;
      }) ?? "null"
    );
  } catch {
    return String(value);
  }
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

// ── schema.prisma ───────────────────────────────────────────────────────────────────────────────

export type SchemaField = {
  name: string;
  type: string;
  list: boolean;
  optional: boolean;
  attributes: string;
  /** The model a relation field points at. */
  relationTo?: string;
  /** For the side of a relation that holds the foreign key: its scalar fields. */
  relationFields: string[];
};
export type SchemaModel = { name: string; fields: SchemaField[] };
export type PrismaSchemaInfo = { models: Map<string, SchemaModel>; enums: Map<string, string[]> };

export const SCHEMA_PATH = fileURLToPath(new URL("../../prisma/schema.prisma", import.meta.url));

export function readPrismaSchema(text: string = readFileSync(SCHEMA_PATH, "utf8")): PrismaSchemaInfo {
  const models = new Map<string, SchemaModel>();
  const enums = new Map<string, string[]>();
  const blocks = [...text.matchAll(/^(model|enum)\s+(\w+)\s*\{([\s\S]*?)^\}/gm)];
  const lines = (body: string) =>
    body
      .split("\n")
      .map((l) => l.replace(/\/\/.*$/, "").trim())
      .filter((l) => l && !l.startsWith("@@"));
  for (const [, kind, name, body] of blocks) {
    if (kind === "enum") enums.set(name!, lines(body!).map((l) => l.split(/\s+/)[0]!));
  }
  const modelNames = new Set(blocks.filter((b) => b[1] === "model").map((b) => b[2]!));
  for (const [, kind, name, body] of blocks) {
    if (kind !== "model") continue;
    const fields: SchemaField[] = [];
    for (const line of lines(body!)) {
      const match = /^(\w+)\s+(\w+)(\[\])?(\?)?\s*(.*)$/.exec(line);
      if (!match) continue;
      const [, fieldName, type, list, optional, attributes] = match;
      const relationFields = /@relation\([^)]*fields:\s*\[([^\]]*)\]/.exec(attributes!)?.[1];
      fields.push({
        name: fieldName!,
        type: type!,
        list: Boolean(list),
        optional: Boolean(optional),
        attributes: attributes ?? "",
        ...(modelNames.has(type!) ? { relationTo: type! } : {}),
        relationFields: relationFields ? relationFields.split(",").map((f) => f.trim()).filter(Boolean) : [],
      });
    }
    models.set(name!, { name: name!, fields });
  }
  return { models, enums };
}

/** Columns that say "this row belongs to a partner or to a user". */
export const TENANT_COLUMN = /^(partnerId|userId|assigneeId|ownerId|memberId)$|PartnerId$|UserId$|ById$/;
const TENANT_ROOTS = new Set(["Partner", "User"]);

/**
 * Models whose rows belong to a partner or a user: a relation to Partner/User, a partner/user id
 * column, or a foreign key to such a model (e.g. a customer's identities). Model → why.
 */
export function tenantLinkedModels(schema: PrismaSchemaInfo): Map<string, string> {
  const linked = new Map<string, string>();
  for (const root of TENANT_ROOTS) if (schema.models.has(root)) linked.set(root, "a tenant itself");
  for (const model of schema.models.values()) {
    if (linked.has(model.name)) continue;
    const relation = model.fields.find((f) => f.relationTo && TENANT_ROOTS.has(f.relationTo) && f.relationFields.length > 0);
    const column = model.fields.find((f) => !f.relationTo && TENANT_COLUMN.test(f.name));
    if (relation) linked.set(model.name, `relation ${relation.name} → ${relation.relationTo}`);
    else if (column) linked.set(model.name, `column ${column.name}`);
  }
  for (let changed = true; changed; ) {
    changed = false;
    for (const model of schema.models.values()) {
      if (linked.has(model.name)) continue;
      const parent = model.fields.find((f) => f.relationTo && f.relationFields.length > 0 && linked.has(f.relationTo));
      if (parent) {
        linked.set(model.name, `relation ${parent.name} → ${parent.relationTo} (partner-owned)`);
        changed = true;
      }
    }
  }
  return linked;
}

/** Scalar fields the generated Prisma client knows for a model; undefined when the client lacks the model. */
function clientScalarFields(model: string): Set<string> | undefined {
  const fieldEnum = (Prisma as unknown as Record<string, Record<string, string> | undefined>)[`${model}ScalarFieldEnum`];
  return fieldEnum ? new Set(Object.values(fieldEnum)) : undefined;
}

type Delegate = { create(args: { data: Record<string, unknown> }): Promise<Record<string, unknown>> };
function delegate(model: string): Delegate | undefined {
  return (baseDb() as unknown as Record<string, Delegate | undefined>)[lowerFirst(model)];
}

// ── worlds ──────────────────────────────────────────────────────────────────────────────────────

export type WorldRole = "admin" | "manager" | "rep";

export type World = {
  label: string;
  /** In every text field of this world's rows. */
  marker: string;
  partnerId: string;
  subPartnerId: string;
  users: Record<WorldRole | "spare" | "subAdmin", TestPartnerUser>;
  /** Model → ids of this world's rows. */
  ids: Map<string, string[]>;
  /** Other values that must never reach another partner (key hashes, session tokens…). */
  secrets: string[];
  /** A customer of this world whose identity (name, phone, e-mail, USCC, city) carries no marker. */
  identity: IdentityValues;
  /** Models of the registry that the generated client does not have yet (not seeded). */
  notInClient: string[];
};

export type IdentityValues = { name: string; phone: string; email: string; uscc: string; city: string };

export function allIds(world: World): string[] {
  return [...world.ids.values()].flat();
}

export function modelOfId(world: World, id: string): string | undefined {
  for (const [model, ids] of world.ids) if (ids.includes(id)) return model;
  return undefined;
}

export type SeedContext = {
  world: World;
  /** Marked text for a field. */
  text(field: string): string;
  /** Insert a row (unscoped), completing unset text/JSON columns with marked values; undefined when the client lacks the model. */
  create(model: string, data: Record<string, unknown>): Promise<Record<string, unknown> | undefined>;
  first(model: string): string | undefined;
  add(model: string, id: string): void;
};

export type ModelSeed =
  | {
      seed: (ctx: SeedContext) => Promise<void>;
      /** Rows of this world that legitimately point at `other`'s rows (e.g. a registration that collided with its customer). */
      crossSeed?: (ctx: SeedContext, other: World) => Promise<void>;
      note?: string;
    }
  | { notSeeded: string };

const DAY = 86_400_000;
const daysFromNow = (days: number) => new Date(Date.now() + days * DAY);

/**
 * How to create a partner-owned row of every such model. Entries run in this order. A model in
 * schema.prisma that `tenantLinkedModels` finds and this registry lacks fails the probe. Rows are
 * kept "quiet" (protected far ahead, recently active, dispatched) so background jobs of other test
 * files never touch them.
 */
export const MODEL_REGISTRY: Record<string, ModelSeed> = {
  Partner: {
    seed: async (ctx) => {
      // Created by buildWorld (the partner and its sub-dealer); nothing more to add.
      void ctx;
    },
    note: "the partner and one sub-dealer, created first",
  },
  User: { seed: async () => {}, note: "admin, manager, rep, a spare rep, and the sub-dealer's admin, created first" },
  Membership: { seed: async () => {}, note: "created with the users" },
  PlatformRole: { notSeeded: "platform staff only; a partner's users have no platform roles" },
  PlatformSetting: { notSeeded: "platform-wide settings, not partner data" },
  CommissionPlan: { notSeeded: "the platform's commission plan versions, not partner data" },
  CommissionRun: { notSeeded: "the platform's statement runs (per period, not per partner)" },
  Session: {
    seed: async (ctx) => {
      for (const user of [ctx.world.users.admin, ctx.world.users.rep]) {
        const id = randomBytes(20).toString("hex");
        await ctx.create("Session", { id, userId: user.id, expiresAt: daysFromNow(25), client: "portal", ip: "127.0.0.1" });
        ctx.world.secrets.push(id);
      }
    },
  },
  ApiKey: {
    seed: async (ctx) => {
      const hash = randomBytes(32).toString("hex");
      const prefix = `qd_${hex(4)}`;
      await ctx.create("ApiKey", { userId: ctx.world.users.admin.id, prefix, hash, revokedAt: null });
      ctx.world.secrets.push(hash, prefix);
    },
  },
  Customer: {
    seed: async (ctx) => {
      const { world } = ctx;
      // Nothing a platform-wide sweep would change while the probe runs (another test file may run the
      // expiry or nightly segment passes meanwhile): protected, active, and no RFM score without orders.
      const quiet = { protectedUntil: daysFromNow(80), lastActivityAt: new Date(), inactivityWarnedAt: null, mergedIntoId: null, rfmScore: null, rfmSegment: null };
      // 1: fully marked.
      await ctx.create("Customer", {
        kind: "company",
        name: ctx.text("customer.name"),
        city: ctx.text("customer.city"),
        phone: randomMobile(),
        email: `${world.marker}-c1@customer.test`,
        uscc: randomUscc(),
        ownerPartnerId: world.partnerId,
        customFields: { note: ctx.text("customer.customFields") },
        ...quiet,
      });
      // 2: the identity another partner may type in (registration, search): no marker in it.
      await ctx.create("Customer", {
        kind: "company",
        name: world.identity.name,
        city: world.identity.city,
        phone: world.identity.phone,
        email: world.identity.email,
        uscc: world.identity.uscc,
        ownerPartnerId: world.partnerId,
        customFields: { note: ctx.text("customer2.customFields") },
        ...quiet,
      });
      // 3: the sub-dealer's.
      await ctx.create("Customer", {
        kind: "person",
        name: ctx.text("subCustomer.name"),
        city: ctx.text("subCustomer.city"),
        phone: randomMobile(),
        email: `${world.marker}-c3@customer.test`,
        uscc: null,
        ownerPartnerId: world.subPartnerId,
        ...quiet,
      });
    },
  },
  CustomerIdentity: {
    seed: async (ctx) => {
      const customers = ctx.world.ids.get("Customer") ?? [];
      const rows = await baseDb().customer.findMany({ where: { id: { in: customers } } });
      for (const c of rows) {
        const keys: Array<[string, string | null]> = [
          ["uscc", c.uscc],
          ["phone", c.phone],
          ["email", c.email],
        ];
        for (const [kind, value] of keys) if (value) await ctx.create("CustomerIdentity", { customerId: c.id, kind, value });
        const nameCity = await canonicalNameCity(c.name, c.city);
        if (nameCity && c.kind === "company") await ctx.create("CustomerIdentity", { customerId: c.id, kind: "name_city", value: nameCity });
      }
    },
  },
  Lead: {
    seed: async (ctx) => {
      const { world } = ctx;
      const [c1] = world.ids.get("Customer") ?? [];
      const lead = (partnerId: string, createdById: string, assigneeId: string | null, tag: string, customerId?: string) =>
        ctx.create("Lead", {
          partnerId,
          createdById,
          assigneeId,
          name: ctx.text(`${tag}.name`),
          company: ctx.text(`${tag}.company`),
          phone: "021-6234 5678",
          email: `${world.marker}-${tag.toLowerCase()}@lead.test`,
          status: "contacted",
          customerId: customerId ?? null,
          customFields: { note: ctx.text(`${tag}.customFields`) },
        });
      await lead(world.partnerId, world.users.admin.id, world.users.rep.id, "repLead", c1);
      await lead(world.partnerId, world.users.manager.id, null, "unassignedLead");
      await lead(world.subPartnerId, world.users.subAdmin.id, world.users.subAdmin.id, "subLead");
    },
  },
  Notification: {
    seed: async (ctx) => {
      for (const user of [ctx.world.users.admin, ctx.world.users.rep]) {
        await ctx.create("Notification", {
          userId: user.id,
          type: "lead.assigned",
          messageKey: "common.notification.leadAssigned",
          params: { leadName: ctx.text("notification.params") },
          link: `/leads/${ctx.first("Lead") ?? ""}`,
          readAt: null,
        });
      }
    },
  },
  Registration: {
    seed: async (ctx) => {
      const { world } = ctx;
      const [c1, c2, c3] = world.ids.get("Customer") ?? [];
      const submitted = (name: string) => ({ kind: "company", name, phone: null, email: null, uscc: null, city: ctx.text("registration.city") });
      const base = { reasonNote: ctx.text("registration.reasonNote"), note: ctx.text("registration.note"), extensionStatus: "none" };
      await ctx.create("Registration", {
        ...base,
        partnerId: world.partnerId,
        customerId: c1,
        status: "accepted",
        submitted: submitted(ctx.text("registration.accepted")),
        protectedUntil: daysFromNow(80),
        createdById: world.users.rep.id,
        decidedAt: new Date(),
      });
      await ctx.create("Registration", {
        ...base,
        partnerId: world.partnerId,
        customerId: c2,
        status: "accepted",
        submitted: { kind: "company", name: world.identity.name, phone: world.identity.phone, email: world.identity.email, uscc: world.identity.uscc, city: world.identity.city },
        protectedUntil: daysFromNow(80),
        createdById: world.users.admin.id,
        decidedAt: new Date(),
      });
      await ctx.create("Registration", {
        ...base,
        partnerId: world.partnerId,
        customerId: null,
        status: "rejected",
        reasonCode: "PROTECTED_BY_OTHER_PARTNER",
        submitted: submitted(ctx.text("registration.rejected")),
        createdById: world.users.manager.id,
        decidedAt: new Date(),
      });
      await ctx.create("Registration", {
        ...base,
        partnerId: world.subPartnerId,
        customerId: c3,
        status: "accepted",
        submitted: submitted(ctx.text("registration.sub")),
        protectedUntil: daysFromNow(80),
        createdById: world.users.subAdmin.id,
        decidedAt: new Date(),
      });
    },
    crossSeed: async (ctx, other) => {
      // This world's registrations that collided with the other world's customer: the match is recorded
      // for the platform and must never be shown to this world's users.
      const theirs = other.ids.get("Customer")?.[1];
      if (!theirs) return;
      const submitted = { kind: "company", name: other.identity.name, phone: other.identity.phone, email: other.identity.email, uscc: other.identity.uscc, city: other.identity.city };
      for (const status of ["rejected", "pending"] as const) {
        await ctx.create("Registration", {
          partnerId: ctx.world.partnerId,
          customerId: null,
          matchedCustomerId: theirs,
          status,
          reasonCode: status === "rejected" ? "PROTECTED_BY_OTHER_PARTNER" : null,
          reasonNote: null,
          note: ctx.text(`registration.${status}Collision`),
          submitted,
          extensionStatus: "none",
          createdById: ctx.world.users.spare.id,
          decidedAt: status === "rejected" ? new Date() : null,
        });
      }
    },
  },
  CustomerOwnership: {
    seed: async (ctx) => {
      const { world } = ctx;
      const customers = world.ids.get("Customer") ?? [];
      const registrations = world.ids.get("Registration") ?? [];
      const owners = [world.partnerId, world.partnerId, world.subPartnerId];
      const regIndex = [0, 1, 3];
      for (const [i, customerId] of customers.entries()) {
        await ctx.create("CustomerOwnership", {
          customerId,
          partnerId: owners[i] ?? world.partnerId,
          previousPartnerId: null,
          event: "registration_accepted",
          registrationId: registrations[regIndex[i] ?? 0] ?? null,
          protectedUntil: daysFromNow(80),
          reason: ctx.text("ownership.reason"),
          actorLabel: world.users.admin.email,
        });
      }
    },
  },
  CustomerMerge: {
    seed: async (ctx) => {
      const [c1, c2] = ctx.world.ids.get("Customer") ?? [];
      if (!c1 || !c2) return;
      // A reversed merge between two of this world's customers (history, nothing live).
      await ctx.create("CustomerMerge", {
        survivorId: c1,
        mergedId: c2,
        moved: { leads: [], note: ctx.text("merge.moved") },
        actorUserId: null,
        reversedAt: new Date(),
        reversedById: null,
      });
    },
  },
  Task: {
    seed: async (ctx) => {
      const { world } = ctx;
      for (const [partnerId, assigneeId] of [
        [world.partnerId, world.users.rep.id],
        [world.subPartnerId, world.users.subAdmin.id],
      ] as const) {
        await ctx.create("Task", {
          partnerId,
          assigneeId,
          titleKey: "common.notification.leadAssigned",
          title: null,
          params: { leadName: ctx.text("task.params") },
          link: `/leads/${ctx.first("Lead") ?? ""}`,
          dueAt: daysFromNow(60),
          status: "open",
          sourceKey: `isolation-probe:${world.marker}:${hex(4)}`,
        });
      }
    },
  },
  Pipeline: {
    seed: async (ctx) => {
      const { world } = ctx;
      const pipeline = await ctx.create("Pipeline", { partnerId: world.partnerId, pluginKey: null, nameKey: null, isDefault: false, archivedAt: null });
      if (!pipeline) return;
      for (const [position, kind, probability] of [[1, "open", 20], [2, "won", 100], [3, "lost", 0]] as const) {
        // A partner's own pipeline: its stages carry no plugin key (unique per pipeline when set).
        await ctx.create("PipelineStage", { pipelineId: pipeline.id, name: ctx.text(`stage.${kind}`), nameKey: null, pluginKey: null, position, probability, kind, archivedAt: null });
      }
    },
  },
  PipelineStage: { seed: async () => {}, note: "created with the partner's pipeline" },
  Opportunity: {
    seed: async (ctx) => {
      const { world } = ctx;
      const pipelineId = ctx.first("Pipeline");
      const stageId = ctx.first("PipelineStage");
      if (!pipelineId || !stageId) return;
      const [c1, , c3] = world.ids.get("Customer") ?? [];
      const opportunity = (partnerId: string, ownerId: string | null, createdById: string, tag: string, customerId: string | null) =>
        ctx.create("Opportunity", {
          partnerId,
          pipelineId,
          stageId,
          customerId,
          leadId: partnerId === world.partnerId ? (ctx.first("Lead") ?? null) : null,
          name: ctx.text(`${tag}.name`),
          amount: new Prisma.Decimal("123456.78"),
          currency: "CNY",
          expectedCloseDate: daysFromNow(30),
          ownerId,
          status: "open",
          lostReason: null,
          closedAt: null,
          createdById,
          customFields: { note: ctx.text(`${tag}.customFields`) },
        });
      const first = await opportunity(world.partnerId, world.users.rep.id, world.users.rep.id, "repOpportunity", c1 ?? null);
      await opportunity(world.partnerId, null, world.users.manager.id, "unassignedOpportunity", null);
      await opportunity(world.subPartnerId, world.users.subAdmin.id, world.users.subAdmin.id, "subOpportunity", c3 ?? null);
      if (first) {
        await ctx.create("OpportunityStageChange", { opportunityId: first.id, partnerId: world.partnerId, fromStageId: null, toStageId: stageId, changedById: world.users.rep.id, secondsInPrevious: null });
      }
    },
  },
  OpportunityStageChange: { seed: async () => {}, note: "created with the rep's opportunity" },
  Activity: {
    seed: async (ctx) => {
      const { world } = ctx;
      const [c1, , c3] = world.ids.get("Customer") ?? [];
      for (const [partnerId, authorId, customerId] of [
        [world.partnerId, world.users.rep.id, c1],
        [world.partnerId, world.users.manager.id, c1],
        [world.subPartnerId, world.users.subAdmin.id, c3],
      ] as const) {
        await ctx.create("Activity", {
          partnerId,
          kind: "visit",
          occurredAt: new Date(),
          durationMinutes: 30,
          leadId: partnerId === world.partnerId ? (ctx.first("Lead") ?? null) : null,
          customerId: customerId ?? null,
          opportunityId: partnerId === world.partnerId ? (ctx.first("Opportunity") ?? null) : null,
          authorId,
        });
      }
    },
  },
  Invite: {
    seed: async (ctx) => {
      const { world } = ctx;
      const tokenHash = randomBytes(32).toString("hex");
      await ctx.create("Invite", {
        partnerId: world.partnerId,
        email: `${world.marker}-invitee@invite.test`,
        role: "rep",
        tokenHash,
        invitedById: world.users.admin.id,
        expiresAt: daysFromNow(7),
        acceptedAt: null,
        revokedAt: null,
        userId: null,
      });
      world.secrets.push(tokenHash);
    },
  },
  Tag: {
    seed: async (ctx) => {
      const tag = await ctx.create("Tag", { partnerId: ctx.world.partnerId, color: "#c2410c" });
      const [c1] = ctx.world.ids.get("Customer") ?? [];
      if (tag && c1) {
        await ctx.create("CustomerTag", { customerId: c1, tagId: tag.id, partnerId: ctx.world.partnerId, createdById: ctx.world.users.manager.id });
      }
    },
    crossSeed: async (ctx, other) => {
      // This world's own tag on the other world's customer (as if it had been visible once): the other world must never see it.
      const tagId = ctx.first("Tag");
      const theirs = other.ids.get("Customer")?.[1];
      if (tagId && theirs) await ctx.create("CustomerTag", { customerId: theirs, tagId, partnerId: ctx.world.partnerId, createdById: ctx.world.users.manager.id });
    },
  },
  CustomerTag: { seed: async () => {}, note: "created with the partner's tag" },
  SavedFilter: {
    seed: async (ctx) => {
      const { world } = ctx;
      for (const [userId, shared] of [[world.users.rep.id, false], [world.users.manager.id, true]] as const) {
        await ctx.create("SavedFilter", { partnerId: world.partnerId, userId, entity: "leads", query: { q: ctx.text("savedFilter.query") }, shared });
      }
    },
  },
  CustomerEvent: {
    seed: async (ctx) => {
      const [c1] = ctx.world.ids.get("Customer") ?? [];
      if (c1) await ctx.create("CustomerEvent", { customerId: c1, type: "login", occurredAt: new Date(), externalId: `${ctx.world.marker}-event` });
    },
  },
  Order: {
    seed: async (ctx) => {
      const { world } = ctx;
      const [c1, c2, c3] = world.ids.get("Customer") ?? [];
      const [o1, , o3] = world.ids.get("CustomerOwnership") ?? [];
      const orderedAt = new Date(Date.now() - DAY);
      const order = async (customerId: string | undefined, attributedPartnerId: string | null, ownershipId: string | null, tag: string) => {
        if (!customerId) return;
        const row = await ctx.create("Order", {
          externalId: `${world.marker}-${tag}`,
          customerId,
          sentCustomerId: customerId,
          orderedAt,
          currency: "CNY",
          total: new Prisma.Decimal("246.90"),
          refundedTotal: new Prisma.Decimal("10.00"),
          attributedPartnerId,
          attributionOwnershipId: ownershipId,
          attributionReason: attributedPartnerId ? null : "NOT_YET_OWNED_AT_ORDER_TIME",
        });
        if (!row) return;
        await ctx.create("OrderItem", { orderId: row.id, position: 1, sku: ctx.text(`${tag}.sku`), category: ctx.text(`${tag}.category`), quantity: new Prisma.Decimal("2"), unitPrice: new Prisma.Decimal("123.45"), amount: new Prisma.Decimal("246.90") });
        await ctx.create("OrderRefund", { orderId: row.id, externalId: `${world.marker}-${tag}-refund`, amount: new Prisma.Decimal("10.00"), refundedAt: new Date() });
      };
      // The partner's own, its sub-dealer's, and one nobody earned (finance's list).
      await order(c1, world.partnerId, o1 ?? null, "order");
      await order(c3, world.subPartnerId, o3 ?? null, "subOrder");
      await order(c2, null, null, "unattributedOrder");
      // Quiet: the stage the lifecycle rules give a customer with an order yesterday, so a platform-wide pass changes nothing.
      const customers = [c1, c2, c3].filter((id): id is string => Boolean(id));
      await baseDb().customer.updateMany({ where: { id: { in: customers } }, data: { lifecycleStage: "new", lifecycleChangedAt: new Date(), lastOrderAt: orderedAt } });
    },
  },
  CommissionStatement: {
    seed: async (ctx) => {
      const { world } = ctx;
      // A statement of the partner and one of its sub-dealer (each partner sees only its own), each
      // with an earn line, a dispute on it, and a payout.
      for (const [partnerId, raisedById, tag] of [[world.partnerId, world.users.admin.id, "statement"], [world.subPartnerId, world.users.subAdmin.id, "subStatement"]] as const) {
        const statement = await ctx.create("CommissionStatement", {
          partnerId,
          period: "2026-01",
          status: "approved",
          earnTotal: new Prisma.Decimal("12.35"),
          total: new Prisma.Decimal("12.35"),
          lineCount: 1,
          paidAmount: new Prisma.Decimal("10.00"),
        });
        if (!statement) continue;
        const line = await ctx.create("CommissionLine", {
          statementId: statement.id,
          partnerId,
          period: "2026-01",
          key: `adjustment:probe:${world.marker}-${tag}`,
          kind: "adjustment",
          base: new Prisma.Decimal("12.35"),
          amount: new Prisma.Decimal("12.35"),
          detail: { note: ctx.text(`${tag}.line`) },
          digest: hex(16),
        });
        if (line) {
          await ctx.create("CommissionDispute", { statementId: statement.id, lineId: line.id, partnerId, raisedById, reason: ctx.text(`${tag}.dispute`) });
        }
        await ctx.create("Payout", { partnerId, statementId: statement.id, amount: new Prisma.Decimal("10.00"), paidOn: new Date(), reference: `${world.marker}-${tag}-payout`, note: ctx.text(`${tag}.payout`) });
      }
    },
  },
  CommissionLine: { seed: async () => {}, note: "created with the partner's statements" },
  CommissionDispute: { seed: async () => {}, note: "created with the partner's statements" },
  Payout: { seed: async () => {}, note: "created with the partner's statements" },
  Entitlement: {
    seed: async (ctx) => {
      const { world } = ctx;
      const [c1] = world.ids.get("Customer") ?? [];
      if (!c1) return;
      for (const [userId, status] of [[world.users.rep.id, "requested"], [world.users.manager.id, "issued"]] as const) {
        await ctx.create("Entitlement", {
          partnerId: world.partnerId,
          customerId: c1,
          type: "coupon",
          value: new Prisma.Decimal("50.00"),
          reason: ctx.text(`entitlement.${status}`),
          period: "2026-01",
          status,
          requestedById: userId,
          issuedAt: status === "issued" ? new Date() : null,
          issueReference: status === "issued" ? ctx.text("entitlement.reference") : null,
        });
      }
    },
  },
  OrderItem: { seed: async () => {}, note: "created with the partner's orders" },
  OrderRefund: { seed: async () => {}, note: "created with the partner's orders" },
  AutomationRule: {
    seed: async (ctx) => {
      const { world } = ctx;
      const rule = await ctx.create("AutomationRule", {
        partnerId: world.partnerId,
        enabled: true,
        triggerType: "event",
        triggerEvent: "customer.tagged",
        schedule: null,
        conditions: [],
        actions: [{ type: "notify", message: ctx.text("rule.action") }],
        createdById: world.users.admin.id,
      });
      if (rule) {
        await ctx.create("AutomationRun", { ruleId: rule.id, partnerId: world.partnerId, triggerKey: `${world.marker}:${hex(4)}`, status: "done", error: null });
      }
    },
  },
  AutomationRun: { seed: async () => {}, note: "created with the partner's rule" },
  ImportJob: {
    seed: async (ctx) => {
      const { world } = ctx;
      const csv = Buffer.from(`name,phone\n${ctx.text("import.row")},13900000000\n`);
      await ctx.create("ImportJob", {
        partnerId: world.partnerId,
        userId: world.users.rep.id,
        entity: "leads",
        // Only a plugin records import names a plugin object (a CHECK says so); the probe would fill it with a marker.
        object: null,
        fileName: `${world.marker}.csv`,
        format: "csv",
        file: csv,
        mapping: { name: "name" },
        mode: "valid_rows",
        status: "completed",
        totalRows: 1,
        processedRows: 1,
        importedRows: 1,
        errorRows: 0,
        errorFile: null,
        startedAt: new Date(),
        finishedAt: new Date(),
      });
    },
  },
  AuditLog: {
    seed: async (ctx) => {
      const { world } = ctx;
      await ctx.create("AuditLog", {
        actorUserId: world.users.admin.id,
        actorKind: "partner",
        actorLabel: world.users.admin.email,
        partnerId: world.partnerId,
        action: "lead.updated",
        entityType: "Lead",
        entityId: ctx.first("Lead") ?? world.partnerId,
        before: { name: ctx.text("audit.before") },
        after: { name: ctx.text("audit.after") },
        ip: "127.0.0.1",
      });
    },
  },
  Plugin: {
    seed: async (ctx) => {
      const { world } = ctx;
      // A plugin of this world's developer that is not listed (no approved version), installed for the
      // partner, with records, a plugin field on a customer and a logged hook failure: none of it may
      // reach the other world's partner or developer.
      const developer = await ctx.create("User", { email: `dev-${hex(6)}@probe.test`, kind: "developer", passwordHash: "x", locale: "zh-CN", deactivatedAt: null });
      if (!developer) return;
      const pluginId = `probe.x${hex(6)}`;
      const ns = pluginId.replace(".", "_");
      const plugin = await ctx.create("Plugin", { id: pluginId, developerId: developer.id, latestVersionId: null, delistedAt: null, categories: ["industry"] });
      if (!plugin) return;
      const version = await ctx.create("PluginVersion", {
        pluginId,
        version: "1.0.0",
        sha256: hex(32),
        sizeBytes: 100,
        hooksBytes: 10,
        permissions: [`records:write:${ns}__visit`],
        status: "in_review",
        // It sits in the reviewers' queue that other test files read: a name the queue can show.
        manifest: { id: pluginId, name: { "zh-CN": ctx.text("plugin.name"), en: ctx.text("plugin.name") }, probe: ctx.text("PluginVersion.manifest") },
        checks: [],
        permissionDiff: { added: [`records:write:${ns}__visit`], removed: [] },
        submittedById: developer.id,
        reviewerId: null,
        reviewedAt: null,
        signature: null,
        signingKeyId: null,
        signedAt: null,
      });
      if (!version) return;
      const install = await ctx.create("PluginInstall", {
        pluginId,
        partnerId: world.partnerId,
        versionId: version.id,
        previousVersionId: null,
        pendingVersionId: null,
        grantedPermissions: [`records:write:${ns}__visit`],
        status: "active",
        installedById: world.users.admin.id,
        consentedById: world.users.admin.id,
        consentedAt: new Date(),
        disabledAt: null,
        uninstalledAt: null,
        purgeAfter: null,
      });
      for (const user of [world.users.rep, world.users.manager]) {
        await ctx.create("CustomObjectRecord", { pluginId, object: `${ns}__visit`, partnerId: world.partnerId, ownerUserId: user.id, createdById: user.id, quarantinedAt: null });
      }
      await ctx.create("CustomObjectRecord", { pluginId, object: `${ns}__visit`, partnerId: world.subPartnerId, ownerUserId: world.users.subAdmin.id, createdById: world.users.subAdmin.id, quarantinedAt: null });
      await ctx.create("PluginError", { pluginId, versionId: version.id, installId: install?.id ?? null, partnerId: world.partnerId, hook: "onVisit", outcome: "timeout" });
      await ctx.create("PluginHookStat", { pluginId, versionId: version.id, hook: "onVisit", hour: new Date(), calls: 3, failures: 1, cpuTotalMicros: 1500n, cpuHistogram: [1, 2] });
    },
  },
  PluginVersion: { seed: async () => {}, note: "created with the world's plugin" },
  PluginInstall: { seed: async () => {}, note: "created with the world's plugin" },
  PluginError: { seed: async () => {}, note: "created with the world's plugin" },
  PluginHookStat: { seed: async () => {}, note: "created with the world's plugin" },
  CustomObjectRecord: { seed: async () => {}, note: "created with the world's plugin" },
  OutboxEvent: {
    seed: async (ctx) => {
      const { world } = ctx;
      // Already dispatched, so no dispatcher (of any test file) picks it up.
      await ctx.create("OutboxEvent", {
        type: "lead.assigned",
        aggregateType: "Lead",
        aggregateId: ctx.first("Lead") ?? world.partnerId,
        partnerId: world.partnerId,
        payload: { leadName: ctx.text("outbox.payload") },
        dispatchedAt: new Date(),
        attempts: 1,
        lastError: null,
      });
    },
  },
};

/** name_city identity key as the identity module computes it, when that module exists. */
async function canonicalNameCity(name: string, city: string | null): Promise<string | undefined> {
  if (!city) return undefined;
  try {
    const specifier = "../modules/identity/index.ts";
    const identity = (await import(/* @vite-ignore */ specifier)) as {
      canonicalCompanyName?: (s: string) => string;
      canonicalCity?: (s: string) => string;
    };
    if (!identity.canonicalCompanyName || !identity.canonicalCity) return undefined;
    return `${identity.canonicalCompanyName(name)}|${identity.canonicalCity(city)}`;
  } catch {
    return undefined;
  }
}

/**
 * A partner with a sub-dealer, users of every role, and one or more rows of every partner-owned model
 * in MODEL_REGISTRY. `marker` is written into every text column that can carry it.
 */
export async function buildWorld(label: string, schema: PrismaSchemaInfo = readPrismaSchema()): Promise<World> {
  const marker = newMarker(label);
  const partner = await createTestPartner({ name: `${marker} partner`, region: `${marker} region` });
  const sub = await createTestPartner({ name: `${marker} sub-dealer`, region: `${marker} sub-region`, parentPartnerId: partner.id });
  const user = (partnerId: string, role: WorldRole, tag: string) =>
    createTestPartnerUser(partnerId, role, { email: `${marker}-${tag}@${label.toLowerCase()}.test`, name: `${marker} ${tag}` });
  const users = {
    admin: await user(partner.id, "admin", "admin"),
    manager: await user(partner.id, "manager", "manager"),
    rep: await user(partner.id, "rep", "rep"),
    spare: await user(partner.id, "rep", "spare"),
    subAdmin: await user(sub.id, "admin", "subadmin"),
  };
  const world: World = {
    label,
    marker,
    partnerId: partner.id,
    subPartnerId: sub.id,
    users,
    ids: new Map([
      ["Partner", [partner.id, sub.id]],
      ["User", Object.values(users).map((u) => u.id)],
      ["Membership", Object.values(users).map((u) => u.membership.id)],
    ]),
    secrets: [],
    identity: {
      name: `探针${label}${hex(3)}科技有限公司`,
      phone: randomMobile(),
      email: `ident-${hex(5)}@${label.toLowerCase()}-customer.test`,
      uscc: randomUscc(),
      city: "杭州",
    },
    notInClient: [],
  };
  let counter = 0;
  const ctx: SeedContext = {
    world,
    text: (field) => `${marker} ${field}`,
    first: (model) => world.ids.get(model)?.[0],
    add: (model, id) => world.ids.set(model, [...(world.ids.get(model) ?? []), id]),
    create: async (model, data) => {
      const target = delegate(model);
      const known = clientScalarFields(model);
      if (!target || !known) {
        if (!world.notInClient.includes(model)) world.notInClient.push(model);
        return undefined;
      }
      const full: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(data)) if (known.has(key)) full[key] = value;
      for (const field of schema.models.get(model)?.fields ?? []) {
        if (field.relationTo || field.list || field.name in full || !known.has(field.name)) continue;
        const attrs = field.attributes;
        if (/@id\b|@updatedAt\b/.test(attrs) || /Id$/.test(field.name)) continue;
        const unique = /@unique\b/.test(attrs) ? ` ${++counter}` : "";
        if (field.type === "String" && !/@default\(/.test(attrs)) full[field.name] = `${marker} ${model}.${field.name}${unique}`;
        else if (field.type === "Json") full[field.name] = { probe: `${marker} ${model}.${field.name}` };
        else if (!field.optional && !/@default\(/.test(attrs)) {
          const enumValues = schema.enums.get(field.type);
          if (enumValues) full[field.name] = enumValues[0];
          else if (field.type === "DateTime") full[field.name] = new Date();
          else if (field.type === "Boolean") full[field.name] = false;
          else if (["Int", "Float", "BigInt"].includes(field.type)) full[field.name] = 0;
          else if (field.type === "Decimal") full[field.name] = "0";
        }
      }
      let row: Record<string, unknown>;
      try {
        row = await target.create({ data: full });
      } catch (error) {
        throw new Error(`isolation probe: MODEL_REGISTRY could not seed ${model} for world ${label}: ${(error as Error).message}`);
      }
      if (typeof row.id === "string") ctx.add(model, row.id);
      return row;
    },
  };
  for (const [model, entry] of Object.entries(MODEL_REGISTRY)) {
    if ("seed" in entry) {
      if (!clientScalarFields(model)) {
        if (!world.notInClient.includes(model)) world.notInClient.push(model);
        continue;
      }
      await entry.seed(ctx);
    }
  }
  seedContexts.set(world, ctx);
  return world;
}

const seedContexts = new WeakMap<World, SeedContext>();

/** Rows of `world` that legitimately point at `other`'s rows (MODEL_REGISTRY crossSeed). */
export async function crossSeed(world: World, other: World): Promise<void> {
  const ctx = seedContexts.get(world);
  if (!ctx) throw new Error("crossSeed: build the world with buildWorld first");
  for (const [model, entry] of Object.entries(MODEL_REGISTRY)) {
    if ("seed" in entry && entry.crossSeed && clientScalarFields(model)) await entry.crossSeed(ctx, other);
  }
}

// ── procedures and their inputs ─────────────────────────────────────────────────────────────────

type ZodNode = {
  _zod: { def: Record<string, unknown> & { type: string }; optin?: string };
  safeParseAsync(value: unknown): Promise<{ success: boolean; error?: { issues: ZodIssue[] } }>;
};
type ZodIssue = { path: PropertyKey[]; code: string; message: string; input?: unknown };

export type RestRoute = { method: string; path: string; protect: boolean };
export type ProcedureInfo = {
  path: string;
  type: "query" | "mutation" | "subscription";
  inputs: ZodNode[];
  rest?: RestRoute;
};

export function listProcedures(): ProcedureInfo[] {
  const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: ProcedureInfo["type"]; inputs?: unknown[]; meta?: Meta } }>;
  return Object.entries(procedures).map(([path, procedure]) => {
    const openapi = procedure._def.meta?.openapi;
    return {
      path,
      type: procedure._def.type,
      inputs: (procedure._def.inputs ?? []) as ZodNode[],
      ...(openapi ? { rest: { method: openapi.method.toUpperCase(), path: openapi.path, protect: openapi.protect !== false } } : {}),
    };
  });
}

type Path = Array<string | number>;
const pathKey = (path: readonly PropertyKey[]) => path.map(String).join(".");

export type SlotKind = "id" | "identity" | "search";
export type Slot = { kind: SlotKind; path: Path; key: string; required: boolean; leaf: ZodNode };

const OMIT = Symbol("omit");

type GenState = {
  collect: Slot[] | null;
  overrides: Map<string, unknown>;
  /** Ancestors of overrides: optional wrappers on the way are generated, not omitted. */
  forced: Set<string>;
  /** Objects whose optional fields are filled (after a validation issue on the object). */
  fillOptional: Set<string>;
  /** Per path: which candidate to use (bumped after a validation issue at that path). */
  tweak: Map<string, number>;
  /** Value for a required id-like field that has no override. */
  idFor(slot: { path: Path; key: string }): string;
  /** Fill every optional field that is not id-like (so a write that wrongly succeeds really changes the row). */
  fillAll?: boolean;
};

export function isIdKey(key: string): boolean {
  return key === "id" || key === "ids" || /[a-z0-9]Ids?$/.test(key);
}
const IDENTITY_KEYS: Record<string, keyof IdentityValues> = {
  name: "name",
  company: "name",
  companyname: "name",
  customername: "name",
  phone: "phone",
  mobile: "phone",
  email: "email",
  uscc: "uscc",
  city: "city",
};
export function identityField(key: string): keyof IdentityValues | undefined {
  return IDENTITY_KEYS[key.toLowerCase()];
}
export function isSearchKey(key: string): boolean {
  return /^(q|query|search|keyword|keywords|term)$/i.test(key);
}

type LeafInfo = { format?: string; minLength?: number; maxLength?: number; pattern?: string; minimum?: number; maximum?: number; exclusiveMinimum?: number; integer?: boolean };
const leafInfoCache = new WeakMap<object, LeafInfo>();
function leafInfo(node: ZodNode): LeafInfo {
  const cached = leafInfoCache.get(node);
  if (cached) return cached;
  let info: LeafInfo = {};
  try {
    const json = z.toJSONSchema(node as unknown as z.ZodType, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
    info = {
      ...(typeof json.format === "string" ? { format: json.format } : {}),
      ...(typeof json.minLength === "number" ? { minLength: json.minLength } : {}),
      ...(typeof json.maxLength === "number" ? { maxLength: json.maxLength } : {}),
      ...(typeof json.pattern === "string" ? { pattern: json.pattern } : {}),
      ...(typeof json.minimum === "number" ? { minimum: json.minimum } : {}),
      ...(typeof json.maximum === "number" ? { maximum: json.maximum } : {}),
      ...(typeof json.exclusiveMinimum === "number" ? { exclusiveMinimum: json.exclusiveMinimum } : {}),
      ...(json.type === "integer" ? { integer: true } : {}),
    };
  } catch {
    // not representable: no constraints known
  }
  leafInfoCache.set(node, info);
  return info;
}

const thisMonth = () => new Date().toISOString().slice(0, 7);

/**
 * One string matching a (validation-style) regular expression: literals, escapes (\d \w \s \.),
 * classes with ranges, groups with alternatives, and ? * + {n} {n,m}. Undefined for anything fancier.
 */
export function sampleRegex(pattern: string): string | undefined {
  let i = 0;
  const classChar = (): string | undefined => {
    // [...] → its first allowed character
    const negated = pattern[i] === "^";
    if (negated) i++;
    let first: string | undefined;
    while (i < pattern.length && pattern[i] !== "]") {
      let c = pattern[i++]!;
      if (c === "\\") {
        const e = pattern[i++]!;
        c = e === "d" ? "1" : e === "w" ? "a" : e === "s" ? " " : e;
      }
      if (pattern[i] === "-" && pattern[i + 1] !== "]" && i + 1 < pattern.length) i += 2;
      first ??= c;
    }
    i++; // ]
    return negated ? "x" : first;
  };
  const sequence = (): string | undefined => {
    let out = "";
    while (i < pattern.length && pattern[i] !== "|" && pattern[i] !== ")") {
      let atom: string | undefined;
      const c = pattern[i++]!;
      if (c === "^" || c === "$") continue;
      if (c === "(") {
        if (pattern.startsWith("?:", i)) i += 2;
        else if (pattern[i] === "?") return undefined; // lookarounds, named groups
        atom = alternatives();
        i++; // )
      } else if (c === "[") atom = classChar();
      else if (c === "\\") {
        const e = pattern[i++]!;
        atom = e === "d" ? "1" : e === "w" ? "a" : e === "s" ? " " : /[A-Za-z]/.test(e) && !"tnr".includes(e) ? undefined : e;
      } else if (c === ".") atom = "a";
      else atom = c;
      if (atom === undefined) return undefined;
      let times = 1;
      const q = pattern[i];
      if (q === "?" || q === "*" || q === "+") i++; // once is always allowed
      else if (q === "{") {
        const close = pattern.indexOf("}", i);
        const [min] = pattern.slice(i + 1, close).split(",");
        times = Number(min) || 0;
        i = close + 1;
      }
      if (pattern[i] === "?") i++; // lazy
      out += atom.repeat(times);
    }
    return out;
  };
  const alternatives = (): string | undefined => {
    const first = sequence();
    while (pattern[i] === "|") {
      i++;
      sequence();
    }
    return first;
  };
  try {
    const sample = alternatives();
    return sample !== undefined && new RegExp(pattern).test(sample) ? sample : undefined;
  } catch {
    return undefined;
  }
}

function stringCandidates(key: string, info: LeafInfo): string[] {
  const k = key.toLowerCase();
  const email = () => `probe-${hex(5)}@a.test`;
  const byFormat: Record<string, () => string> = {
    email,
    uuid: () => uuidv7(),
    guid: () => uuidv7(),
    url: () => "https://probe.a.test/hook",
    uri: () => "https://probe.a.test/hook",
    "date-time": () => new Date().toISOString(),
    date: () => new Date().toISOString().slice(0, 10),
    time: () => "12:00:00",
    ipv4: () => "127.0.0.1",
    e164: () => randomMobile(),
  };
  const primary: string[] = [];
  if (info.format && byFormat[info.format]) primary.push(byFormat[info.format]!());
  if (k.includes("email")) primary.push(email());
  if (k.includes("password")) primary.push("Probe-password-123");
  if (/phone|mobile|tel$/.test(k)) primary.push(randomMobile(), "13912345678");
  if (k.includes("uscc") || k.includes("creditcode")) primary.push(randomUscc());
  if (/url|link|website|href|callback|endpoint/.test(k)) primary.push("https://probe.a.test/hook");
  if (/locale|lang/.test(k)) primary.push("zh-CN", "en");
  if (k.includes("currency")) primary.push("CNY");
  if (/period|month/.test(k)) primary.push(thisMonth());
  if (/(date|at|time)$/.test(k)) primary.push(new Date().toISOString());
  if (/amount|price|total|rate/.test(k)) primary.push("1.00");
  if (/colou?r/.test(k)) primary.push("#336699");
  // After the meaningful guesses: any string the field's pattern accepts.
  const fromPattern = info.pattern ? sampleRegex(info.pattern) : undefined;
  if (fromPattern !== undefined) primary.push(fromPattern);
  const generic = [
    "probe",
    `probe-${hex(4)}`,
    email(),
    uuidv7(),
    thisMonth(),
    new Date().toISOString(),
    new Date().toISOString().slice(0, 10),
    "13912345678",
    randomMobile(),
    randomUscc(),
    "https://probe.a.test/hook",
    "CNY",
    "1.00",
    "1",
    "1.0.0",
    "false",
    "true",
  ];
  let all = [...primary, ...generic].map((s) => {
    let v = s;
    if (info.minLength !== undefined && v.length < info.minLength) v = v.padEnd(info.minLength, "x");
    if (info.maxLength !== undefined && v.length > info.maxLength) v = v.slice(0, info.maxLength);
    return v;
  });
  if (info.pattern) {
    try {
      const re = new RegExp(info.pattern);
      const matching = all.filter((v) => re.test(v));
      if (matching.length > 0) all = [...matching, ...all.filter((v) => !re.test(v))];
    } catch {
      // a pattern JS cannot read: keep the list
    }
  }
  return all;
}

function numberCandidates(info: LeafInfo): number[] {
  const min = info.minimum ?? (info.exclusiveMinimum !== undefined ? info.exclusiveMinimum + (info.integer ? 1 : 0.01) : undefined);
  const list = [min ?? 1, info.maximum ?? 100, 1, 0, 10];
  return list.filter((n) => (info.minimum === undefined || n >= info.minimum) && (info.maximum === undefined || n <= info.maximum));
}

function isOptionalWrapper(type: string): boolean {
  return type === "optional" || type === "default" || type === "prefault" || type === "catch";
}

function gen(node: ZodNode, path: Path, key: string, state: GenState, required: boolean): unknown {
  const def = node._zod.def;
  const k = pathKey(path);
  if (state.overrides.has(k) && !state.collect) return state.overrides.get(k);
  // A schema that declares examples (`.meta({ examples })`, e.g. whole commission rules whose parts
  // constrain each other) gets one of them, not a value assembled field by field.
  const examples = state.collect ? undefined : (z.globalRegistry.get(node as unknown as z.ZodType) as { examples?: unknown } | undefined)?.examples;
  if (Array.isArray(examples) && examples.length > 0) return structuredClone(examples[(state.tweak.get(k) ?? 0) % examples.length]);
  switch (def.type) {
    case "optional":
    case "default":
    case "prefault":
    case "catch": {
      const parent = pathKey(path.slice(0, -1));
      const want =
        state.collect !== null ||
        state.forced.has(k) ||
        state.fillOptional.has(parent) ||
        path.length === 0 ||
        (state.fillAll === true && !isIdKey(key) && !isSearchKey(key));
      if (!want) return OMIT;
      return gen(def.innerType as ZodNode, path, key, state, false);
    }
    case "nullable": {
      const inner = gen(def.innerType as ZodNode, path, key, state, required);
      return inner === OMIT ? null : inner;
    }
    case "nonoptional":
    case "readonly":
    case "success":
      return gen(def.innerType as ZodNode, path, key, state, required);
    case "lazy":
      return gen((def.getter as () => ZodNode)(), path, key, state, required);
    case "pipe": {
      const input = def.in as ZodNode;
      const output = def.out as ZodNode;
      if (input._zod.def.type === "transform") return gen(output, path, key, state, required);
      // z.stringbool() and friends: a string that must read as a boolean.
      if (input._zod.def.type === "string" && output._zod.def.type === "boolean" && !state.collect) {
        return (state.tweak.get(k) ?? 0) % 2 === 0 ? "false" : "true";
      }
      return gen(input, path, key, state, required && input._zod.optin !== "optional");
    }
    case "object": {
      const shape = def.shape as Record<string, ZodNode>;
      const out: Record<string, unknown> = {};
      for (const [field, child] of Object.entries(shape)) {
        const childRequired = required && child._zod.optin !== "optional";
        const value = gen(child, [...path, field], field, state, childRequired);
        if (value !== OMIT && value !== undefined) out[field] = value;
      }
      return out;
    }
    case "array": {
      const element = gen(def.element as ZodNode, [...path, 0], key, state, required);
      return element === OMIT ? [] : [element];
    }
    case "set": {
      const element = gen(def.valueType as ZodNode, [...path, 0], key, state, required);
      return element === OMIT ? new Set() : new Set([element]);
    }
    case "tuple":
      return (def.items as ZodNode[]).map((item, i) => {
        const v = gen(item, [...path, i], key, state, required);
        return v === OMIT ? undefined : v;
      });
    case "record":
      return {};
    case "map":
      return new Map();
    case "union": {
      const options = def.options as ZodNode[];
      const usable = options.filter((o) => !["null", "undefined", "void", "never"].includes(o._zod.def.type));
      const list = usable.length > 0 ? usable : options;
      const chosen = list[(state.tweak.get(k) ?? 0) % list.length]!;
      return gen(chosen, path, key, state, required);
    }
    case "intersection": {
      const left = gen(def.left as ZodNode, path, key, state, required);
      const right = gen(def.right as ZodNode, path, key, state, required);
      if (left && right && typeof left === "object" && typeof right === "object") return { ...left, ...right };
      return right === OMIT ? left : right;
    }
    case "enum": {
      const values = Object.values(def.entries as Record<string, string | number>);
      return values[(state.tweak.get(k) ?? 0) % values.length];
    }
    case "literal": {
      const values = def.values as unknown[];
      return values[(state.tweak.get(k) ?? 0) % values.length];
    }
    case "string":
      return stringLeaf(node, path, key, state, required);
    case "template_literal":
      return stringLeaf(node, path, key, state, required);
    case "number": {
      const list = numberCandidates(leafInfo(node));
      return list[(state.tweak.get(k) ?? 0) % Math.max(1, list.length)] ?? 1;
    }
    case "bigint":
      return BigInt(1);
    case "boolean":
      return (state.tweak.get(k) ?? 0) % 2 === 1;
    case "date":
      return new Date();
    case "null":
      return null;
    case "nan":
      return Number.NaN;
    case "undefined":
    case "void":
      return OMIT;
    case "any":
    case "unknown":
      return required || state.forced.has(k) ? "probe" : OMIT;
    default:
      // custom, file, function, promise, symbol, never, transform: nothing sensible to send
      return OMIT;
  }
}

function stringLeaf(node: ZodNode, path: Path, key: string, state: GenState, required: boolean): unknown {
  const k = pathKey(path);
  const info = leafInfo(node);
  const idLike = isIdKey(key) || info.format === "uuid" || info.format === "guid";
  if (state.collect) {
    if (idLike) state.collect.push({ kind: "id", path, key, required, leaf: node });
    if (identityField(key)) state.collect.push({ kind: "identity", path, key, required, leaf: node });
    if (isSearchKey(key)) state.collect.push({ kind: "search", path, key, required, leaf: node });
  }
  if (idLike && !state.tweak.has(k)) return state.idFor({ path, key });
  const list = stringCandidates(key, info);
  return list[(state.tweak.get(k) ?? 0) % list.length];
}

/** Every id-like, identity and search field of a procedure's input (optional ones too). */
export function collectSlots(procedure: ProcedureInfo): Slot[] {
  const slots: Slot[] = [];
  const state: GenState = { collect: slots, overrides: new Map(), forced: new Set(), fillOptional: new Set(), tweak: new Map(), idFor: () => uuidv7() };
  for (const input of procedure.inputs) gen(input, [], "", state, true);
  const seen = new Set<string>();
  return slots.filter((s) => {
    const key = `${s.kind}:${pathKey(s.path)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

async function validate(procedure: ProcedureInfo, value: unknown): Promise<ZodIssue[]> {
  const issues: ZodIssue[] = [];
  for (const input of procedure.inputs) {
    const result = await input.safeParseAsync(value);
    if (!result.success) issues.push(...(result.error?.issues ?? []));
  }
  return issues;
}

export type GeneratedInput = { value: unknown; issues: ZodIssue[]; overrideRejected: boolean };

/**
 * An input for the procedure that its zod schemas accept, with `overrides` (path → value) in place.
 * Starts from "required fields only" and, per validation issue, tries the next candidate at that path
 * or fills the optional fields of the object it names. `overrideRejected` when an override itself is
 * invalid there (e.g. a non-uuid id in a uuid field): such a call would only test validation.
 */
export async function generateInput(
  procedure: ProcedureInfo,
  overrides: Map<string, unknown>,
  idFor: GenState["idFor"],
  options: { fillAll?: boolean } = {},
): Promise<GeneratedInput> {
  if (procedure.inputs.length === 0) return { value: undefined, issues: [], overrideRejected: false };
  const forced = new Set<string>();
  for (const key of overrides.keys()) {
    const parts = key.split(".");
    for (let i = 0; i <= parts.length; i++) forced.add(parts.slice(0, i).join("."));
  }
  const state: GenState = { collect: null, overrides, forced, fillOptional: new Set(), tweak: new Map(), idFor, fillAll: options.fillAll ?? false };
  let value: unknown;
  let issues: ZodIssue[] = [];
  for (let round = 0; round < 16; round++) {
    value = undefined;
    for (const input of procedure.inputs) {
      const part = gen(input, [], "", state, true);
      if (part === OMIT) continue;
      value = value && typeof value === "object" && part && typeof part === "object" ? { ...value, ...part } : part;
    }
    issues = await validate(procedure, value);
    if (issues.length === 0) return { value, issues, overrideRejected: false };
    for (const issue of issues) {
      const key = pathKey(issue.path);
      if (overrides.has(key)) return { value, issues, overrideRejected: true };
      state.tweak.set(key, (state.tweak.get(key) ?? 0) + 1);
      state.fillOptional.add(key);
      state.forced.add(key);
    }
  }
  return { value, issues, overrideRejected: false };
}

// ── which B ids go into which field ─────────────────────────────────────────────────────────────

const USER_ALIASES = /^(assignee|owner|member|author|reviewer|actor|actorUser|creator|approver|user|.*By)$/i;

function singular(word: string): string {
  if (/ies$/.test(word)) return word.replace(/ies$/, "y");
  if (/(ss|us)$/.test(word)) return word;
  return word.replace(/s$/, "");
}

/**
 * The model an id-like field most likely points at: `leadId` → Lead, `parentPartnerId` → Partner,
 * `assigneeId`/`createdById` → User, `id` on `/leads/{id}` or `leads.get` → Lead. Undefined when unsure.
 */
export function inferModel(procedure: ProcedureInfo, slot: Pick<Slot, "key" | "path">, models: string[]): string | undefined {
  const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  let stems: string[];
  if (slot.key === "id" || slot.key === "ids") {
    const restSegment = procedure.rest ? /\/([\w-]+)\/\{id\}/.exec(procedure.rest.path)?.[1] : undefined;
    const segments = procedure.path.split(".");
    stems = [restSegment, segments[segments.length - 2]].filter((s): s is string => Boolean(s)).map((s) => singular(s.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())));
  } else {
    stems = [slot.key.replace(/Ids?$/, "")];
  }
  for (const stem of stems) {
    if (USER_ALIASES.test(stem) && models.includes("User")) return "User";
    const exact = models.find((m) => m.toLowerCase() === stem.toLowerCase());
    if (exact) return exact;
    const suffixOf = models.filter((m) => capital(stem).endsWith(m)).sort((a, b) => b.length - a.length)[0];
    if (suffixOf) return suffixOf;
    const endsWith = models.filter((m) => m.endsWith(capital(stem)));
    if (endsWith.length === 1) return endsWith[0];
    const startsWith = models.filter((m) => m.startsWith(capital(stem)));
    if (startsWith.length === 1) return startsWith[0];
  }
  return undefined;
}

// ── actors and calls ────────────────────────────────────────────────────────────────────────────

export type ProbeActor = {
  role: WorldRole;
  user: TestPartnerUser;
  /** A portal session (cookie), for tRPC. */
  portalToken: string;
  /** An API session (bearer), for /api/v1. */
  apiToken: string;
  /** Sessions this actor lost during the probe (e.g. auth.logout) and re-opened. */
  renewed: string[];
};

const ORIGIN = { ip: "127.0.0.1", userAgent: "isolation-probe" };

export async function openActor(role: WorldRole, user: TestPartnerUser): Promise<ProbeActor> {
  const password = user.password ?? DEFAULT_TEST_PASSWORD;
  const [portal, apiSession] = await Promise.all([
    login({ email: user.email, password }, "portal", ORIGIN),
    login({ email: user.email, password }, "api", ORIGIN),
  ]);
  return { role, user, portalToken: portal.token, apiToken: apiSession.token, renewed: [] };
}

/** After a procedure: re-open any of the actor's sessions it ended (auth.logout does, by design). */
export async function renewEndedSessions(actor: ProbeActor, because: string): Promise<void> {
  await renewIfEnded(actor, "trpc", because);
  await renewIfEnded(actor, "rest", because);
}

/** Re-open a session a probe call ended. True when one was renewed. */
async function renewIfEnded(actor: ProbeActor, transport: Transport, because: string): Promise<boolean> {
  const token = transport === "trpc" ? actor.portalToken : actor.apiToken;
  const alive = await baseDb().session.findUnique({ where: { id: token }, select: { id: true } });
  if (alive) return false;
  const session = await login({ email: actor.user.email, password: actor.user.password }, transport === "trpc" ? "portal" : "api", ORIGIN);
  if (transport === "trpc") actor.portalToken = session.token;
  else actor.apiToken = session.token;
  actor.renewed.push(`${transport} session ended by ${because}`);
  return true;
}

export type Transport = "trpc" | "rest";
export type Outcome = {
  transport: Transport;
  ok: boolean;
  status: number;
  code: string | null;
  /** What the caller sees (result or error message/details, and for REST the headers), serialised. */
  text: string;
  /** Error message and details with ids blanked, to compare "B's id" with "a missing id". */
  shape: string;
  /** For 5xx: the underlying cause (server side only). */
  cause?: string;
  request?: string;
};

function blankIds(text: string): string {
  return text.replace(UUID_RE, "<id>");
}

/** The portal's tRPC context for the actor's session, built once per session through the real cookie path. */
const contexts = new WeakMap<ProbeActor, { token: string; ctx: Promise<Context> }>();
function portalContext(actor: ProbeActor): Promise<Context> {
  const cached = contexts.get(actor);
  if (cached?.token === actor.portalToken) return cached.ctx;
  const request = new Request("http://127.0.0.1:3001/api/trpc", {
    headers: { cookie: `${sessionCookieName("portal")}=${encodeURIComponent(actor.portalToken)}`, "user-agent": ORIGIN.userAgent },
  });
  const ctx = createContext(request, "portal").then((c) => {
    if (c.actor.kind !== "partner") throw new Error(`isolation probe: the portal session of ${actor.user.email} did not authenticate`);
    return c;
  });
  contexts.set(actor, { token: actor.portalToken, ctx });
  return ctx;
}

async function callTrpcOnce(actor: ProbeActor, procedure: ProcedureInfo, input: unknown): Promise<Outcome> {
  const ctx = await portalContext(actor);
  const caller = createCaller(ctx) as unknown as Record<string, unknown>;
  const fn = procedure.path.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], caller) as (i: unknown) => Promise<unknown>;
  try {
    const result = await fn(input);
    return { transport: "trpc", ok: true, status: 200, code: null, text: safeStringify(result), shape: "" };
  } catch (error) {
    const mapped = publicError(error, ctx.locale);
    const shown = { code: mapped.code, message: mapped.message, details: mapped.details };
    const outcome: Outcome = {
      transport: "trpc",
      ok: false,
      status: mapped.status,
      code: mapped.code,
      text: safeStringify({ ...shown, trpcMessage: (error as Error).message }),
      shape: blankIds(safeStringify(shown)),
    };
    if (mapped.status >= 500) {
      const domain = toDomainError(error);
      outcome.cause = String((domain.cause as Error | undefined)?.stack ?? domain.cause ?? domain.params?.reason ?? domain.message).slice(0, 800);
    }
    return outcome;
  }
}

function queryValue(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (value instanceof Date) return [value.toISOString()];
  if (Array.isArray(value)) return value.flatMap(queryValue);
  if (typeof value === "object") return [JSON.stringify(value)];
  return [String(value)];
}

/** The REST request for a procedure input: path params substituted, the rest as query (GET/DELETE) or JSON body. */
export function restRequest(route: RestRoute, input: unknown, headers: Record<string, string>): { request: Request; url: string } {
  const rest: Record<string, unknown> = input && typeof input === "object" && !Array.isArray(input) ? { ...(input as Record<string, unknown>) } : {};
  const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = rest[name];
    delete rest[name];
    return encodeURIComponent(queryValue(value)[0] ?? "");
  });
  const withBody = !["GET", "DELETE", "HEAD"].includes(route.method);
  let url = `${path}`;
  if (!withBody) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(rest)) for (const v of queryValue(value)) params.append(key, v);
    const qs = params.toString();
    if (qs) url += `?${qs}`;
  }
  const hasBody = withBody && input !== undefined;
  const request = new Request(`http://127.0.0.1:3000/api/v1${url}`, {
    method: route.method,
    headers: { ...headers, ...(hasBody ? { "content-type": "application/json" } : {}) },
    ...(hasBody ? { body: safeStringify(rest) } : {}),
  });
  return { request, url: `${route.method} ${url}` };
}

async function callRestOnce(actor: ProbeActor | null, procedure: ProcedureInfo, input: unknown): Promise<Outcome> {
  const route = procedure.rest!;
  const headers: Record<string, string> = { "accept-language": "en", "user-agent": ORIGIN.userAgent };
  if (actor) headers.authorization = `Bearer ${actor.apiToken}`;
  const { request, url } = restRequest(route, input, headers);
  const response = await handleApiRequest(request);
  const body = await response.text();
  type ErrorBody = { error?: { code?: string; message?: string; details?: unknown } };
  let parsed: ErrorBody | null;
  try {
    parsed = body ? (JSON.parse(body) as ErrorBody) : null;
  } catch {
    parsed = null;
  }
  const headerText = [...response.headers.entries()].map(([k, v]) => `${k}: ${v}`).join("\n");
  const ok = response.status < 400;
  return {
    transport: "rest",
    ok,
    status: response.status,
    code: ok ? null : (parsed?.error?.code ?? `HTTP_${response.status}`),
    text: `${headerText}\n\n${body}`,
    shape: ok ? "" : blankIds(safeStringify(parsed?.error ?? body)),
    request: url,
  };
}

/** Anonymous REST call (no token): tells whether the route exists at all (401 for a protected one). */
export function callRestAnonymously(procedure: ProcedureInfo, input: unknown): Promise<Outcome> {
  return callRestOnce(null, procedure, input);
}

/** One call as the actor; if the actor's own session was ended by an earlier call, re-open it and retry. */
export async function call(actor: ProbeActor, transport: Transport, procedure: ProcedureInfo, input: unknown, because: string): Promise<Outcome> {
  const once = () => (transport === "trpc" ? callTrpcOnce(actor, procedure, input) : callRestOnce(actor, procedure, input));
  const outcome = await once();
  if (outcome.code === "UNAUTHENTICATED" && (await renewIfEnded(actor, transport, `an earlier call (noticed at ${because})`))) return once();
  return outcome;
}

// ── what counts as a leak ───────────────────────────────────────────────────────────────────────

/** Strings of an input (to tell an echo of the caller's own input from B's data). */
export function inputStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (value instanceof Date) out.push(value.toISOString());
  else if (Array.isArray(value)) for (const v of value) inputStrings(v, out);
  else if (value && typeof value === "object") for (const v of Object.values(value)) inputStrings(v, out);
  return out;
}

/**
 * What of `world` the text shows: its marker (outside exact echoes of the caller's input strings)
 * and its ids/secrets (other than ones the caller sent).
 */
export function findLeaks(text: string, world: World, input: unknown): string[] {
  const sent = inputStrings(input);
  let scrubbed = text;
  for (const s of sent) {
    if (!s.includes(world.marker)) continue;
    // Only a whole echoed value is forgiven; B's marker inside anything else is a leak.
    const literal = JSON.stringify(s);
    scrubbed = scrubbed.split(literal).join('"<echo of input>"');
  }
  const found: string[] = [];
  let at = scrubbed.indexOf(world.marker);
  while (at >= 0 && found.length < 5) {
    found.push(`marker in "…${scrubbed.slice(Math.max(0, at - 60), at + world.marker.length + 40)}…"`);
    at = scrubbed.indexOf(world.marker, at + 1);
  }
  const sentText = sent.join("\n");
  for (const [model, ids] of world.ids) {
    for (const id of ids) if (!sentText.includes(id) && scrubbed.includes(id)) found.push(`${model} id ${id}`);
  }
  for (const secret of world.secrets) if (!sentText.includes(secret) && scrubbed.includes(secret)) found.push(`a secret (${secret.slice(0, 6)}…)`);
  return found;
}

// ── database snapshot ───────────────────────────────────────────────────────────────────────────

export type RowSnapshot = Map<string, { table: string; row: Record<string, unknown>; text: string }>;

let tableCache: Promise<Array<{ table: string; pk: string[] }>> | undefined;
function tables(): Promise<Array<{ table: string; pk: string[] }>> {
  tableCache ??= baseDb()
    .$queryRaw<Array<{ table_name: string; pk: string[] | null }>>`
      SELECT t.table_name::text AS table_name,
             (SELECT array_agg(k.column_name::text ORDER BY k.ordinal_position)
                FROM information_schema.table_constraints c
                JOIN information_schema.key_column_usage k
                  ON k.constraint_name = c.constraint_name AND k.table_schema = c.table_schema AND k.table_name = c.table_name
               WHERE c.table_schema = t.table_schema AND c.table_name = t.table_name AND c.constraint_type = 'PRIMARY KEY') AS pk
        FROM information_schema.tables t
       WHERE t.table_schema = current_schema() AND t.table_type = 'BASE TABLE' AND t.table_name <> '_prisma_migrations'
       ORDER BY t.table_name`
    .then((rows) => rows.map((r) => ({ table: r.table_name, pk: r.pk ?? [] })));
  return tableCache;
}

/** Every row of every table that mentions one of `ids` anywhere (any column, JSON included), by table and primary key. */
export async function snapshotRowsMentioning(ids: string[]): Promise<RowSnapshot> {
  const pattern = ids.map((id) => id.replace(/[^0-9a-zA-Z-]/g, "")).filter(Boolean).join("|");
  const snapshot: RowSnapshot = new Map();
  for (const { table, pk } of await tables()) {
    const rows = await baseDb().$queryRawUnsafe<Array<{ row: Record<string, unknown> }>>(
      `SELECT to_jsonb(t) AS row FROM "${table.replace(/"/g, '""')}" t WHERE to_jsonb(t)::text ~ $1`,
      pattern,
    );
    for (const { row } of rows) {
      const key = `${table}:${pk.length > 0 ? pk.map((c) => String(row[c])).join("/") : JSON.stringify(row)}`;
      snapshot.set(key, { table, row, text: JSON.stringify(row) });
    }
  }
  return snapshot;
}

/**
 * New rows that may point at another partner's rows by design, and in which columns. Anything else new
 * that mentions B's ids means partner A created something in B's world (or tied its own row to B's).
 */
export const ALLOWED_NEW_REFERENCES: Record<string, string[]> = {
  // A's registration that collided with B's customer records the match for platform review (never shown to A).
  Registration: ["matchedCustomerId"],
  // A's own audited actions and events may name what they collided with; B-owned ones (partnerId/actorUserId of B) are not allowed.
  AuditLog: ["entityId", "before", "after"],
  OutboxEvent: ["aggregateId", "payload"],
};

/**
 * Rows another partner owns that may disappear from B's world by design, and the column that says
 * whose they are: partner A deleting its own tag takes A's own applications of it with it, including
 * one on a customer that is B's now (B never saw it). A row of B's own in these tables must stay.
 */
export const ALLOWED_OWN_DELETIONS: Record<string, string> = {
  CustomerTag: "partnerId",
};

export type WorldChange = { kind: "changed" | "deleted" | "created"; key: string; before?: string; after?: string };

export function diffSnapshots(before: RowSnapshot, after: RowSnapshot, world: World): WorldChange[] {
  const changes: WorldChange[] = [];
  const ids = allIds(world);
  for (const [key, row] of before) {
    const now = after.get(key);
    const ownerColumn = ALLOWED_OWN_DELETIONS[row.table];
    const owner = ownerColumn ? row.row[ownerColumn] : undefined;
    if (!now && typeof owner === "string" && !ids.includes(owner)) continue;
    if (!now) changes.push({ kind: "deleted", key, before: row.text });
    else if (now.text !== row.text) changes.push({ kind: "changed", key, before: row.text, after: now.text });
  }
  for (const [key, row] of after) {
    if (before.has(key)) continue;
    const allowed = ALLOWED_NEW_REFERENCES[row.table] ?? [];
    const rest = Object.fromEntries(Object.entries(row.row).filter(([column]) => !allowed.includes(column)));
    const restText = JSON.stringify(rest);
    if (ids.some((id) => restText.includes(id))) changes.push({ kind: "created", key, after: row.text });
  }
  return changes;
}
