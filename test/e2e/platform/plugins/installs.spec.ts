/**
 * A platform admin installs a plugin for the whole platform (issue 6 item 7). Set up over the API: a
 * developer account (POST /developers) uploads a version and the demo reviewer approves it. In the
 * console the admin finds it in the marketplace, reads the consent screen (every permission in plain
 * words), is told a setting is wrong, and installs it. A new version that asks for more waits for
 * consent on the installed plugins page while the old one keeps running; the admin consents, rolls
 * back, re-enables the plugin after the circuit breaker stopped it, uninstalls it (its data kept for
 * the quarantine window) and restores it.
 */
import { expect, test, type APIRequestContext } from "@playwright/test";
import pg from "pg";
import { API, apiAuth } from "../../support/api";
import { DEMO_PASSWORD } from "../../support/sign-in";
import { signInAsPlatformAdmin } from "../platform-admin";

test.use({ baseURL: process.env.PLATFORM_BASE_URL });

const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
const PLUGIN_ID = `e2e${run}.visits`;
const OBJECT = `${PLUGIN_ID.replace(".", "_")}__visit`;
const NAME = `拜访记录 ${run}`;

const label = (zh: string, en: string) => ({ "zh-CN": zh, en });

function pluginPackage(version: string, permissions: string[]) {
  return {
    format: 1,
    manifest: {
      id: PLUGIN_ID,
      name: label(NAME, `Visits ${run}`),
      description: label("记录客户拜访。", "Customer visits."),
      version,
      publisher: { name: "E2E 工作室" },
      engines: { qudao: ">=0.1.0" },
      surfaces: ["platform", "portal"],
      categories: ["sales"],
      permissions,
      settings: [{ key: "minLength", type: "integer", label: label("最短字数", "Minimum length"), default: 5, required: true }],
      contributes: {
        objects: [
          {
            name: OBJECT,
            label: label("拜访", "Visit"),
            labelPlural: label("拜访", "Visits"),
            titleField: "note",
            fields: [{ name: "note", type: "text", label: label("内容", "Note"), required: true }],
            views: { list: { columns: ["note"] }, detail: { sections: [{ title: label("拜访", "Visit"), fields: ["note"] }] }, form: { fields: ["note"] } },
          },
        ],
      },
    },
    hooks: "globalThis.__qudaoPlugin = { hooks: {} };",
    tests: null,
    locales: { "zh-CN": {}, en: {} },
    assets: {},
  };
}

async function publish(request: APIRequestContext, developer: { authorization: string }, reviewer: { authorization: string }, version: string, permissions: string[]) {
  const uploaded = await request.post(`${API}/plugins/${PLUGIN_ID}/versions`, { headers: developer, data: pluginPackage(version, permissions) });
  expect(uploaded.status(), await uploaded.text()).toBe(201);
  const { id, status } = (await uploaded.json()) as { id: string; status: string };
  expect(status).toBe("in_review");
  const approved = await request.post(`${API}/plugin-reviews/${id}/approve`, { headers: reviewer, data: {} });
  expect(approved.status(), await approved.text()).toBe(200);
}

/** What the public API cannot do: the circuit breaker stopping the install after repeated failures. */
async function openCircuit(): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.QUDAO_E2E_DATABASE_URL });
  await client.connect();
  try {
    const result = await client.query(`UPDATE "PluginInstall" SET status = 'disabled', "disabledAt" = now(), "disabledReason" = 'circuit_open' WHERE "pluginId" = $1 AND "partnerId" IS NULL`, [PLUGIN_ID]);
    expect(result.rowCount).toBe(1);
  } finally {
    await client.end();
  }
}

test("an admin installs a plugin platform-wide with consent, upgrades, rolls back, re-enables, uninstalls and restores it", async ({ page, request }) => {
  test.slow();
  const email = `dev-${run}@e2e.demo`;
  const signedUp = await request.post(`${API}/developers`, { data: { name: `开发者${run}`, email, password: DEMO_PASSWORD } });
  expect(signedUp.status(), await signedUp.text()).toBe(201);
  const developer = await apiAuth(request, email);
  const reviewer = await apiAuth(request, "reviewer@qudao.demo");
  await publish(request, developer, reviewer, "1.0.0", [`records:write:${OBJECT}`, "tasks:create"]);

  await signInAsPlatformAdmin(page);
  await page.goto("/marketplace");
  await page.getByRole("searchbox").fill(run);
  await page.getByRole("button", { name: "搜索" }).click();
  await page.locator(`li[data-plugin-id="${PLUGIN_ID}"]`).getByRole("link", { name: NAME }).click();
  await expect(page.locator('[data-install-status="none"]')).toContainText("尚未为平台安装。");
  await page.getByRole("link", { name: "为整个平台安装" }).click();

  // The consent screen says every permission in plain words and submits exactly those.
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`为整个平台安装「${NAME}」`);
  const permissions = page.locator(".plugin-permissions li");
  await expect(permissions).toHaveCount(2);
  await expect(page.locator(`li[data-permission="records:write:${OBJECT}"]`)).toContainText("读取和修改「拜访」记录");
  await expect(page.locator('li[data-permission="tasks:create"]')).toContainText("为您的团队创建任务");
  await page.getByLabel("最短字数").fill("abc");
  await page.getByRole("button", { name: "同意并安装" }).click();
  await expect(page.locator('[data-setting="minLength"] .field-error')).toHaveText("请输入整数");
  await page.getByLabel("最短字数").fill("8");
  await page.getByRole("button", { name: "同意并安装" }).click();
  await expect(page).toHaveURL(/\/marketplace\/installed\?done=installed/);
  await expect(page.getByRole("status")).toHaveText("插件已安装。");
  const card = page.locator(`section[data-plugin-id="${PLUGIN_ID}"]`);
  await expect(card).toHaveAttribute("data-status", "active");
  await expect(card).toContainText("版本 1.0.0");

  // A version asking for more waits for consent; the running one stays.
  await publish(request, developer, reviewer, "1.1.0", [`records:write:${OBJECT}`, "tasks:create", "notify"]);
  await page.reload();
  const upgrade = card.locator('[data-pending-version="1.1.0"]');
  await expect(upgrade).toContainText("新版本 1.1.0 等待授权");
  await expect(card).toContainText("版本 1.0.0");
  await expect(upgrade.locator(".plugin-permissions li")).toHaveCount(3);
  await expect(upgrade.locator("li.plugin-permission-added")).toHaveAttribute("data-permission", "notify");
  await upgrade.getByRole("button", { name: "授权并升级到 1.1.0" }).click();
  await expect(page.getByRole("status")).toHaveText("已授权，新版本已生效。");
  await expect(card).toContainText("版本 1.1.0");
  await expect(card.locator("[data-pending-version]")).toHaveCount(0);
  await expect(card.locator('li[data-permission="notify"]')).toBeVisible();

  // Roll back: 1.0.0 runs again and 1.1.0 is held.
  page.once("dialog", (dialog) => void dialog.accept());
  await card.getByRole("button", { name: "回滚到 1.0.0" }).click();
  await expect(page.getByRole("status")).toHaveText("已回滚到上一版本。");
  await expect(card).toContainText("版本 1.0.0");
  await expect(card.locator('[data-pending-version="1.1.0"]')).toContainText("已暂停升级");

  // The circuit breaker stopped it: the admin re-enables it.
  await openCircuit();
  await page.reload();
  await expect(card).toHaveAttribute("data-status", "disabled");
  await expect(card.locator(".plugin-alert")).toContainText("已被自动停用");
  await card.getByRole("button", { name: "重新启用" }).click();
  await expect(page.getByRole("status")).toHaveText("插件已重新启用。");
  await expect(card).toHaveAttribute("data-status", "active");

  // Uninstall keeps the data for the quarantine window, and restore brings it back.
  await card.getByText("卸载…").click();
  await expect(card.locator(".plugin-confirm-panel")).toContainText("隔离保存 30 天");
  await card.getByRole("button", { name: "确认卸载" }).click();
  await expect(page.getByRole("status")).toHaveText("插件已卸载，数据在保留期内可以恢复。");
  await expect(card).toHaveAttribute("data-status", "uninstalled");
  await expect(card).toContainText("数据保留至");
  await card.getByRole("button", { name: "恢复" }).click();
  await expect(page.getByRole("status")).toHaveText("插件已恢复。");
  await expect(card).toHaveAttribute("data-status", "active");
});
