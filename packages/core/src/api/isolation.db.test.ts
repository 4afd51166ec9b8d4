/**
 * Tenant isolation probe: partner A's users, through every tRPC procedure and every /api/v1 route,
 * can neither read, list nor change partner B's rows, and the answer for B's record is the same as
 * for a record that does not exist (404, never 403, never the row).
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../actor/actor.ts";
import { actorForUserId } from "../auth/actor-loader.ts";
import { baseDb, disconnectDb } from "../db/index.ts";
import { appRouter, createCaller } from "../trpc/router.ts";
import type { Context } from "../trpc/context.ts";
import { api, apiToken, createTestLead, createTestPartner, createTestPartnerUser, type TestPartnerUser } from "../testing/index.ts";
import { generateApiKey } from "../auth/index.ts";

const MARKER = `B-SECRET-${randomUUID()}`;
let bAdmin: TestPartnerUser;
let aAdmin: TestPartnerUser;
let aRep: TestPartnerUser;
let aManager: TestPartnerUser;
const ids = { bPartner: "", bLead: "", bNotification: "", bApiKey: "", bUser: "", aPartner: "" };

beforeAll(async () => {
  const a = await createTestPartner({ name: "A 伙伴" });
  const b = await createTestPartner({ name: `B 伙伴 ${MARKER}` });
  ids.aPartner = a.id;
  ids.bPartner = b.id;
  aAdmin = await createTestPartnerUser(a.id, "admin");
  aManager = await createTestPartnerUser(a.id, "manager");
  aRep = await createTestPartnerUser(a.id, "rep");
  bAdmin = await createTestPartnerUser(b.id, "admin", { name: `B admin ${MARKER}` });
  ids.bUser = bAdmin.id;
  ids.bLead = (await createTestLead(b.id, { createdById: bAdmin.id, name: `Lead ${MARKER}`, company: MARKER, status: "new" })).id;
  ids.bNotification = (
    await baseDb().notification.create({ data: { userId: bAdmin.id, type: "lead.assigned", messageKey: "common.notification.leadAssigned", params: { leadName: MARKER } } })
  ).id;
  const key = generateApiKey();
  ids.bApiKey = (await baseDb().apiKey.create({ data: { userId: bAdmin.id, name: MARKER, prefix: key.prefix, hash: key.hash } })).id;
});

afterAll(async () => {
  await disconnectDb();
});

async function contextFor(user: TestPartnerUser): Promise<Context> {
  const loaded = await actorForUserId(user.id, "session");
  return {
    actor: loaded!.actor as Actor,
    locale: "en",
    channel: "portal",
    sessionId: null,
    origin: { ip: "127.0.0.1", userAgent: null },
    refreshedExpiresAt: null,
  };
}

type Probe = { input: (target: "B" | "missing") => unknown };
const other = (target: "B" | "missing", b: string) => (target === "B" ? b : randomUUID());

/** Every procedure, with an input that aims at partner B's data (or at nothing, for comparison). */
const PROBES: Record<string, Probe> = {
  "auth.login": { input: (t) => ({ email: t === "B" ? bAdmin.email : "nobody@x.test", password: "wrong-password" }) },
  "auth.logout": { input: () => ({}) },
  "auth.me": { input: () => ({}) },
  "partners.list": { input: () => ({ q: MARKER }) },
  "partners.options": { input: () => undefined },
  "partners.get": { input: (t) => ({ id: other(t, ids.bPartner) }) },
  "partners.create": { input: () => ({ name: `${MARKER} new`, parentPartnerId: ids.bPartner }) },
  "partners.update": { input: (t) => ({ id: other(t, ids.bPartner), name: "taken over" }) },
  "partners.createUser": { input: (t) => ({ id: other(t, ids.bPartner), email: `x-${randomUUID()}@x.test`, name: "x", role: "admin", password: "password-123" }) },
  "partners.listUsers": { input: (t) => ({ id: other(t, ids.bPartner) }) },
  "leads.list": { input: (t) => ({ partnerId: other(t, ids.bPartner), q: MARKER }) },
  "leads.get": { input: (t) => ({ id: other(t, ids.bLead) }) },
  "leads.create": { input: () => ({ name: "x", assigneeId: ids.bUser }) },
  "leads.update": { input: (t) => ({ id: other(t, ids.bLead), name: "hijacked", status: "disqualified" }) },
  "leads.assignees": { input: (t) => ({ partnerId: other(t, ids.bPartner) }) },
  "notifications.list": { input: () => ({}) },
  "notifications.unreadCount": { input: () => undefined },
  "notifications.markRead": { input: (t) => ({ id: other(t, ids.bNotification) }) },
  "notifications.markAllRead": { input: () => undefined },
  "apiKeys.list": { input: () => undefined },
  "apiKeys.create": { input: () => ({ name: "mine" }) },
  "apiKeys.revoke": { input: (t) => ({ id: other(t, ids.bApiKey) }) },
  "audit.list": { input: () => ({ q: MARKER }) },
  "preferences.setLocale": { input: () => ({ locale: "en" }) },
};

async function outcome(user: TestPartnerUser, path: string, input: unknown): Promise<{ ok: boolean; code?: string; json: string }> {
  const caller = createCaller(await contextFor(user)) as unknown as Record<string, Record<string, (i: unknown) => Promise<unknown>>>;
  const [ns, name] = path.split(".") as [string, string];
  try {
    const result = await caller[ns]![name]!(input);
    return { ok: true, json: JSON.stringify(result ?? null) };
  } catch (error) {
    const shape = error as { code?: string; cause?: { code?: string } };
    return { ok: false, code: shape.cause?.code ?? shape.code, json: JSON.stringify(error) };
  }
}

describe("tenant isolation over tRPC", () => {
  it("probes every procedure of the router", () => {
    expect(Object.keys(appRouter._def.procedures).sort()).toEqual(Object.keys(PROBES).sort());
  });

  for (const role of ["rep", "manager", "admin"] as const) {
    it.each(Object.keys(PROBES))(`a partner ${role}: %s never returns or changes partner B's data`, async (path) => {
      const user = role === "rep" ? aRep : role === "manager" ? aManager : aAdmin;
      const aimedAtB = await outcome(user, path, PROBES[path]!.input("B"));
      expect(aimedAtB.json).not.toContain(MARKER);
      if (!aimedAtB.ok) {
        // Same answer as for a record that does not exist: no existence oracle.
        const aimedAtNothing = await outcome(user, path, PROBES[path]!.input("missing"));
        expect(aimedAtB.code).toBe(aimedAtNothing.code);
        expect(aimedAtB.code).not.toBe("INTERNAL_SERVER_ERROR");
      }
    });
  }

  it("left partner B's rows untouched", async () => {
    const lead = await baseDb().lead.findUniqueOrThrow({ where: { id: ids.bLead } });
    expect(lead.name).toBe(`Lead ${MARKER}`);
    expect(lead.status).not.toBe("disqualified");
    expect((await baseDb().partner.findUniqueOrThrow({ where: { id: ids.bPartner } })).name).toContain(MARKER);
    expect((await baseDb().apiKey.findUniqueOrThrow({ where: { id: ids.bApiKey } })).revokedAt).toBeNull();
    expect((await baseDb().notification.findUniqueOrThrow({ where: { id: ids.bNotification } })).readAt).toBeNull();
    expect(await baseDb().membership.count({ where: { partnerId: ids.bPartner } })).toBe(1);
  });
});

describe("tenant isolation over /api/v1", () => {
  it("GET, PATCH /leads/{id} of partner B are 404 for partner A's admin, like a missing id", async () => {
    const token = await apiToken(aAdmin);
    for (const [method, body] of [["GET", undefined], ["PATCH", { name: "hijacked" }]] as const) {
      const b = await api(method, `/leads/${ids.bLead}`, { token, body });
      const missing = await api(method, `/leads/${randomUUID()}`, { token, body });
      expect(b.status).toBe(404);
      expect(b.body).toEqual(missing.body);
      expect(JSON.stringify(b.body)).not.toContain(MARKER);
    }
  });

  it("GET /leads never lists partner B's leads, even when asked by partner id or search", async () => {
    const token = await apiToken(aAdmin);
    for (const query of [`?partnerId=${ids.bPartner}`, `?q=${encodeURIComponent(MARKER)}`, "?limit=200"]) {
      const response = await api("GET", `/leads${query}`, { token });
      expect(response.status).toBe(200);
      expect(JSON.stringify(response.body)).not.toContain(MARKER);
      expect(response.body.items.every((l: { partnerId: string }) => l.partnerId === ids.aPartner)).toBe(true);
    }
  });

  it("POST /partners/{B}/users is a 404 for partner A's admin and adds nobody", async () => {
    const token = await apiToken(aAdmin);
    const response = await api("POST", `/partners/${ids.bPartner}/users`, {
      token,
      body: { email: `intruder-${randomUUID()}@x.test`, name: "x", role: "admin", password: "password-123" },
    });
    expect(response.status).toBe(404);
    expect(await baseDb().membership.count({ where: { partnerId: ids.bPartner } })).toBe(1);
  });

  it("partner-only routes answer partners the same for B's ids and for missing ids", async () => {
    const token = await apiToken(aRep);
    for (const path of [`/partners/${ids.bPartner}`, `/partners/${ids.bPartner}/users`]) {
      const b = await api("GET", path, { token });
      const missing = await api("GET", path.replace(ids.bPartner, randomUUID()), { token });
      expect(b.status).toBe(missing.status);
      expect([403, 404]).toContain(b.status);
      expect(JSON.stringify(b.body)).not.toContain(MARKER);
    }
  });
});
