/** partners.options: what the platform's partner selects show (tier) and refuse up front (status). */
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import type { PartnerActor, PlatformActor } from "../../actor/index.ts";
import { disconnectDb } from "../../db/index.ts";
import { createTestPartner, createTestPartnerUser, createTestPlatformUser } from "../../testing/index.ts";
import { createCaller } from "../../trpc/router.ts";

afterAll(disconnectDb);

const origin = { ip: "127.0.0.1", userAgent: "vitest" };

describe("partners.options", () => {
  it("gives each partner's tier and status, by name", async () => {
    const tag = randomUUID().slice(0, 6);
    const gold = await createTestPartner({ name: `${tag} A 金牌`, tier: "gold" });
    const suspended = await createTestPartner({ name: `${tag} B 暂停`, tier: "silver", status: "suspended" });
    const terminated = await createTestPartner({ name: `${tag} C 终止`, tier: "platinum", status: "terminated" });
    const user = await createTestPlatformUser(["channel_manager"]);
    const staff: PlatformActor = { kind: "platform", userId: user.id, email: user.email, name: user.name, roles: ["channel_manager"], via: "session" };
    const options = await createCaller({ actor: staff, locale: "zh-CN", channel: "platform", sessionId: null, origin, refreshedExpiresAt: null }).partners.options();
    expect(options.filter((o) => o.name.startsWith(tag))).toEqual([
      { id: gold.id, name: gold.name, tier: "gold", status: "active" },
      { id: suspended.id, name: suspended.name, tier: "silver", status: "suspended" },
      { id: terminated.id, name: terminated.name, tier: "platinum", status: "terminated" },
    ]);
  });

  it("is for platform staff only", async () => {
    const partner = await createTestPartner();
    const admin = await createTestPartnerUser(partner.id, "admin");
    const actor: PartnerActor = { kind: "partner", userId: admin.id, email: admin.email, name: admin.name, partnerId: partner.id, role: "admin", visiblePartnerIds: [partner.id], via: "session" };
    await expect(createCaller({ actor, locale: "zh-CN", channel: "portal", sessionId: null, origin, refreshedExpiresAt: null }).partners.options()).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
