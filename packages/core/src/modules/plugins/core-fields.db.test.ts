/**
 * Plugin fields on core list rows, over /api/v1: a partner that installed a plugin sees its field's
 * values on the lead list (staff too), never a value another plugin left on the record, and nothing
 * of the plugin once it is uninstalled (quarantined) until it is restored.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TPluginPackage } from "@qudao/plugins/package-format";
import { buildOpenApiDocument } from "../../api/index.ts";
import { baseDb, disconnectDb } from "../../db/index.ts";
import { api, apiToken, createTestDeveloper, createTestPartner, createTestPartnerUser, createTestPlatformUser } from "../../testing/index.ts";
import { flushHookStats, resetPluginHost } from "./index.ts";

const tag = `t${randomBytes(4).toString("hex")}`;
const PLUGIN_ID = `acme.${tag}`;
const BEDS = `acme_${tag}__beds`;
const PERMISSIONS = ["records:read:lead"];

function pkg(): TPluginPackage {
  const label = (zh: string, en: string) => ({ "zh-CN": zh, en });
  return {
    format: 1,
    manifest: {
      id: PLUGIN_ID,
      name: label("医院档案", "Hospital profile"),
      description: label("记录医院的床位数", "Records a hospital's beds"),
      version: "1.0.0",
      publisher: { name: "Acme" },
      engines: { qudao: ">=0.1.0" },
      surfaces: ["platform", "portal"],
      categories: ["industry"],
      permissions: PERMISSIONS,
      hooks: [{ name: "checkBeds", kind: "validate", object: "lead", on: ["create", "update"], failMode: "closed" }],
      contributes: {
        fields: [{ object: "lead", name: BEDS, type: "integer", label: label("床位数", "Beds") }],
        listColumns: [{ object: "lead", field: BEDS }],
        recordPanels: [{ name: `acme_${tag}__profile`, object: "lead", title: label("医院档案", "Hospital profile"), fields: [BEDS], surfaces: ["platform", "portal"] }],
      },
    } as TPluginPackage["manifest"],
    hooks: `globalThis.__qudaoPlugin = { hooks: {
      checkBeds(ctx) {
        // Plugin fields of a core record come under customFields.
        const fields = ctx.record.customFields || {};
        const beds = fields[${JSON.stringify(BEDS)}] !== undefined ? fields[${JSON.stringify(BEDS)}] : ctx.record[${JSON.stringify(BEDS)}];
        return beds !== null && beds !== undefined && beds < 10 ? [{ field: ${JSON.stringify(BEDS)}, messageKey: "errors.bedsTooFew", params: { min: 10 } }] : [];
      }
    } };`,
    tests: null,
    locales: { "zh-CN": { "errors.bedsTooFew": "床位数至少 {{min}} 张" }, en: { "errors.bedsTooFew": "A hospital has at least {{min}} beds" } },
    assets: {},
  };
}

let adminToken: string, partnerAdminToken: string, otherPartnerToken: string;
let partnerId: string;
let installId: string;
let leadId: string;

beforeAll(async () => {
  const [developer, admin, partner, otherPartner] = await Promise.all([createTestDeveloper(), createTestPlatformUser(["admin"]), createTestPartner(), createTestPartner()]);
  partnerId = partner.id;
  const [partnerAdmin, otherAdmin] = await Promise.all([createTestPartnerUser(partner.id, "admin"), createTestPartnerUser(otherPartner.id, "admin")]);
  const devToken = await apiToken(developer);
  [adminToken, partnerAdminToken, otherPartnerToken] = await Promise.all([apiToken(admin), apiToken(partnerAdmin), apiToken(otherAdmin)]);

  const uploaded = await api("POST", `/plugins/${PLUGIN_ID}/versions`, { token: devToken, body: pkg() });
  expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
  expect((await api("POST", `/plugin-reviews/${uploaded.body.id}/approve`, { token: adminToken, body: {} })).status).toBe(200);
  expect((await api("PUT", `/plugins/${PLUGIN_ID}/policy`, { token: adminToken, body: { partnerInstallAllowed: true } })).status).toBe(200);
  const installed = await api("POST", "/plugin-installs", { token: partnerAdminToken, body: { pluginId: PLUGIN_ID, scope: "partner", consentedPermissions: PERMISSIONS } });
  expect(installed.status, JSON.stringify(installed.body)).toBe(201);
  installId = installed.body.id;

  const lead = await api("POST", "/leads", { token: partnerAdminToken, body: { name: `仁和医院 ${tag}` } });
  expect(lead.status, JSON.stringify(lead.body)).toBe(201);
  leadId = lead.body.id;
});

afterAll(async () => {
  await flushHookStats();
  resetPluginHost();
  await disconnectDb();
});

async function leadRow(token: string, query = ""): Promise<{ id: string; customFields: Record<string, unknown> } | undefined> {
  const response = await api("GET", `/leads?limit=100${query}`, { token });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.items.find((item: { id: string }) => item.id === leadId);
}

describe("plugin fields on list rows", () => {
  it("the plugin's validate hook refuses a value on the field, in its words; nothing is written", async () => {
    const refused = await api("PUT", `/custom-fields/lead/${leadId}`, { token: partnerAdminToken, body: { object: "lead", id: leadId, values: { [BEDS]: 5 } }, headers: { "accept-language": "en" } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details).toEqual([{ path: BEDS, message: "A hospital has at least 10 beds" }]);
    expect((await leadRow(partnerAdminToken))?.customFields).toEqual({});
  });

  it("a saved value is on the lead list for the partner and for staff; another plugin's value on the record is not", async () => {
    const saved = await api("PUT", `/custom-fields/lead/${leadId}`, { token: partnerAdminToken, body: { object: "lead", id: leadId, values: { [BEDS]: 320 } } });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    // A value an uninstalled (or another partner's) plugin left behind stays stored, unseen.
    const stored = await baseDb().lead.findUniqueOrThrow({ where: { id: leadId }, select: { customFields: true } });
    await baseDb().lead.update({ where: { id: leadId }, data: { customFields: { ...(stored.customFields as object), other_plugin__secret: "hidden" } } });

    expect((await leadRow(partnerAdminToken))?.customFields).toEqual({ [BEDS]: 320 });
    expect((await leadRow(adminToken, `&partnerId=${partnerId}`))?.customFields).toEqual({ [BEDS]: 320 });
  });

  it("every core list carries customFields (empty where nothing is installed)", async () => {
    for (const path of ["/customers", "/opportunities", "/tasks", "/activities?mine=true", "/orders"]) {
      const response = await api("GET", `${path}${path.includes("?") ? "&" : "?"}limit=5`, { token: partnerAdminToken });
      expect(response.status, `${path}: ${JSON.stringify(response.body)}`).toBe(200);
      for (const item of response.body.items) expect(item.customFields).toEqual({});
    }
    const orders = await api("GET", "/orders?limit=5", { token: adminToken });
    expect(orders.status).toBe(200);
    const other = await api("GET", "/leads?limit=5", { token: otherPartnerToken });
    expect(other.status).toBe(200);
    for (const item of other.body.items) expect(item.customFields).toEqual({});
  });

  it("uninstalled: the field is hidden from everyone; restored: it is back", async () => {
    expect((await api("POST", `/plugin-installs/${installId}/uninstall`, { token: partnerAdminToken })).status).toBe(200);
    expect((await leadRow(partnerAdminToken))?.customFields).toEqual({});
    expect((await leadRow(adminToken, `&partnerId=${partnerId}`))?.customFields).toEqual({});
    expect((await api("POST", `/plugin-installs/${installId}/restore`, { token: partnerAdminToken })).status).toBe(200);
    expect((await leadRow(partnerAdminToken))?.customFields).toEqual({ [BEDS]: 320 });
  });

  it("the OpenAPI document describes customFields on the list rows", () => {
    const document = buildOpenApiDocument("http://127.0.0.1/api/v1") as { paths: Record<string, { get?: { responses: Record<string, { content: Record<string, { schema: unknown }> }> } }> };
    for (const path of ["/leads", "/customers", "/opportunities", "/tasks", "/activities", "/orders"]) {
      const schema = JSON.stringify(document.paths[path]?.get?.responses["200"]?.content["application/json"]?.schema);
      expect(schema, path).toContain('"customFields"');
    }
  });
});
