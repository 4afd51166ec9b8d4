/**
 * Plugin commission rules in the plan editor (ADR 025). Set up over the API: a developer's plugin
 * offering a "tiered volume rebate" rule type is approved and installed platform-wide, and finance
 * has a draft version. In the console, finance opens the draft, adds the rebate rule through the
 * params form the rule type declares (labels from the manifest): a break that is not a number is
 * refused under its field, with nothing saved; the fixed rule is saved with the version, listed with
 * its params and quarterly settlement, and part of the rules JSON; removing it saves the version
 * without it. The plugin is uninstalled at the end (other specs share the database).
 */
import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { signInAsPlatformAdmin } from "../platform-admin";
import { API, apiAuth } from "../../support/api";
import { createDeveloper } from "../../support/plugin-fixture";

test.use({ baseURL: process.env.PLATFORM_BASE_URL });

const text = (zh: string, en: string) => ({ "zh-CN": zh, en });

test("finance adds a plugin's rebate rule to a draft through its params form, and removes it", async ({ page, request }) => {
  const tag = randomBytes(4).toString("hex");
  const pluginId = `e2e.r${tag}`;
  const ruleType = `e2e_r${tag}__tieredRebate`;
  const pluginName = `阶梯返利 ${tag}`;
  const pkg = {
    format: 1,
    manifest: {
      id: pluginId,
      name: text(pluginName, `Tiered rebates ${tag}`),
      description: text("按产品线按季度阶梯返利", "Quarterly tiered rebates per product line"),
      version: "1.0.0",
      publisher: { name: "E2E 工作室" },
      engines: { qudao: ">=0.1.0" },
      surfaces: ["platform"],
      categories: ["finance"],
      hooks: [{ name: "rebate", kind: "commission" }],
      contributes: {
        commissionRuleTypes: [
          {
            name: ruleType,
            label: text("季度阶梯返利", "Quarterly tiered rebate"),
            hook: "rebate",
            params: [
              { name: "productLine", type: "text", label: text("产品线", "Product line"), required: true },
              { name: "tier1Min", type: "decimal", label: text("返利起点", "Rebate from"), required: true },
              { name: "tier1Rate", type: "decimal", label: text("返利比例", "Rebate rate"), required: true, min: 0, max: 1 },
            ],
          },
        ],
      },
    },
    hooks: "globalThis.__qudaoPlugin = { hooks: { rebate() { return []; } } };",
    tests: null,
    locales: { "zh-CN": {}, en: {} },
    assets: {},
  };
  const developer = await apiAuth(request, await createDeveloper());
  const uploaded = await request.post(`${API}/plugins/${pluginId}/versions`, { headers: developer, data: pkg });
  expect(uploaded.status(), await uploaded.text()).toBe(201);
  const admin = await apiAuth(request, "admin@qudao.demo");
  const version = (await uploaded.json()) as { id: string };
  expect((await request.post(`${API}/plugin-reviews/${version.id}/approve`, { headers: admin, data: { notes: "e2e" } })).status()).toBe(200);
  const installed = await request.post(`${API}/plugin-installs`, { headers: admin, data: { pluginId, scope: "platform", consentedPermissions: [] } });
  expect(installed.status(), await installed.text()).toBe(201);
  const installId = ((await installed.json()) as { id: string }).id;

  try {
    const finance = await apiAuth(request, "finance@qudao.demo");
    const start = new Date(Date.UTC(2100 + Math.floor(Math.random() * 800), Math.floor(Math.random() * 12), 5, 2)).toISOString();
    const draft = await request.post(`${API}/commission-plans`, { headers: finance, data: { name: `插件规则草稿 ${tag}`, effectiveFrom: start, rules: { rates: [{ rate: "0.05" }] } } });
    expect(draft.status(), await draft.text()).toBe(201);
    const planId = ((await draft.json()) as { id: string }).id;

    await signInAsPlatformAdmin(page, "finance@qudao.demo");
    await page.goto(`/commission-plans/${planId}`);
    const section = page.locator("#plugin-rules-section");
    await expect(section.getByRole("heading", { name: "插件佣金规则" })).toBeVisible();
    await expect(section).toContainText("这个版本还没有插件规则。");

    const add = section.locator(`details[data-rule-type="${ruleType}"]`);
    await add.locator("summary").click();
    await expect(add.locator("summary")).toContainText(`添加“季度阶梯返利”`);
    await expect(add.locator("summary")).toContainText(pluginName);
    await add.getByLabel(/产品线/).fill("pumps");
    await add.getByLabel(/返利起点/).fill("一万");
    await add.getByLabel(/返利比例/).fill("0.02");
    await add.getByLabel("结算周期").selectOption("quarter");
    await add.getByRole("button", { name: "添加规则" }).click();

    const from = section.locator(`details[data-rule-type="${ruleType}"]`).getByLabel(/返利起点/);
    await expect(from).toHaveAttribute("aria-invalid", "true");
    await expect(from).toHaveAccessibleDescription("请输入数字（最多 6 位小数）");
    await expect(section.locator(`details[data-rule-type="${ruleType}"]`).getByLabel(/产品线/)).toHaveValue("pumps");
    expect(((await (await request.get(`${API}/commission-plans/${planId}`, { headers: finance })).json()) as { rules: Record<string, unknown> }).rules.pluginRules).toBeUndefined();

    await from.fill("10000");
    await section.locator(`details[data-rule-type="${ruleType}"]`).getByLabel("结算周期").selectOption("quarter");
    await section.locator(`details[data-rule-type="${ruleType}"]`).getByRole("button", { name: "添加规则" }).click();
    await expect(page.getByRole("status")).toHaveText("已添加插件规则，版本已保存。");
    const row = section.locator(`tr[data-plugin-rule="${ruleType}"]`);
    await expect(row.getByRole("rowheader")).toHaveText("季度阶梯返利");
    await expect(row).toContainText(pluginName);
    // The params as the rule type declares them, in its order.
    await expect(row.locator("[data-param]")).toHaveText(["产品线: pumps", "返利起点: 10000", "返利比例: 0.02"]);
    await expect(row).toContainText("每季度（季末月份，按整季订单）");
    // The rules box shows the version as saved now, and the add form starts empty again.
    await expect(page.getByLabel("规则（JSON）")).toHaveValue(new RegExp(`"type": "${ruleType}"`));
    await section.locator(`details[data-rule-type="${ruleType}"] summary`).click();
    await expect(section.locator(`details[data-rule-type="${ruleType}"]`).getByLabel(/产品线/)).toHaveValue("");
    const saved = (await (await request.get(`${API}/commission-plans/${planId}`, { headers: finance })).json()) as { rules: { pluginRules: unknown[] } };
    expect(saved.rules.pluginRules).toEqual([{ type: ruleType, window: "quarter", params: { productLine: "pumps", tier1Min: "10000", tier1Rate: "0.02" } }]);

    await row.getByRole("button", { name: "移除" }).click();
    await expect(page.getByRole("status")).toHaveText("已移除插件规则，版本已保存。");
    await expect(section).toContainText("这个版本还没有插件规则。");
    expect(((await (await request.get(`${API}/commission-plans/${planId}`, { headers: finance })).json()) as { rules: { pluginRules: unknown[] } }).rules.pluginRules).toEqual([]);
  } finally {
    await request.post(`${API}/plugin-installs/${installId}/uninstall`, { headers: admin });
  }
});
