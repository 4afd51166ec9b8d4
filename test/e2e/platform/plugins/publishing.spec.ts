/**
 * Plugin publishing and review in the platform console (issue 6 items 5–6). A new developer signs up
 * on the public page, creates an API key and uploads a packed version with it over /api/v1 (the
 * package is built here as the CLI's `pack` would write it); the developer sees the version in review
 * with its automated checks. A reviewer finds it in the queue with the permission diff highlighted,
 * is told that a rejection needs notes, and rejects it with notes the developer then reads. The
 * developer uploads a fixed version, the reviewer approves (signs) it, and a platform admin lets
 * partners install the plugin themselves. The next upload's diff is against the approved version.
 */
import { expect, test, type Browser, type Page } from "@playwright/test";
import { API } from "../../support/api";
import { DEMO_PASSWORD } from "../../support/sign-in";
import { signInAsPlatformAdmin } from "../platform-admin";

const BASE = process.env.PLATFORM_BASE_URL!;
test.use({ baseURL: BASE });

const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
const PLUGIN_ID = `e2e${run}.notes`;
const OBJECT = `${PLUGIN_ID.replace(".", "_")}__note`;
const NAME = `拜访笔记 ${run}`;
const REJECT_NOTES = `不需要读取客户的联系方式，请去掉 customers:read:contact（${run}）`;

const label = (zh: string, en: string) => ({ "zh-CN": zh, en });

/** A packed version (.qpkg JSON) as `qudao-plugin pack` writes it: manifest, one hooks bundle, tests, locales. */
function pluginPackage(version: string, permissions: string[]) {
  return {
    format: 1,
    manifest: {
      id: PLUGIN_ID,
      name: label(NAME, `Visit notes ${run}`),
      description: label("记录拜访笔记，太短的笔记不能保存。", "Visit notes; notes that are too short are refused."),
      version,
      publisher: { name: "E2E 工作室" },
      engines: { qudao: ">=0.1.0" },
      surfaces: ["platform", "portal"],
      categories: ["sales"],
      permissions,
      hooks: [{ name: "checkNote", kind: "validate", object: OBJECT, on: ["create", "update"], failMode: "closed" }],
      contributes: {
        objects: [
          {
            name: OBJECT,
            label: label("拜访笔记", "Visit note"),
            labelPlural: label("拜访笔记", "Visit notes"),
            titleField: "note",
            fields: [{ name: "note", type: "longText", label: label("内容", "Note"), required: true }],
            views: { list: { columns: ["note"] }, detail: { sections: [{ title: label("笔记", "Note"), fields: ["note"] }] }, form: { fields: ["note"] } },
          },
        ],
      },
    },
    hooks: `globalThis.__qudaoPlugin = { hooks: { checkNote(ctx) { const t = String(ctx.record.note || ""); return t.length < 5 ? [{ field: "note", messageKey: "errors.noteTooShort", params: { min: 5 } }] : []; } } };`,
    tests: `globalThis.__qudaoTests = [{ name: "short notes are refused", run: function () {} }];`,
    locales: { "zh-CN": { "errors.noteTooShort": "笔记至少 {{min}} 个字" }, en: { "errors.noteTooShort": "A note needs at least {{min}} characters" } },
    assets: {},
  };
}

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: BASE, locale: "zh-CN" });
  return context.newPage();
}

async function upload(page: Page, apiKey: string, version: string, permissions: string[]) {
  const response = await page.request.post(`${API}/plugins/${PLUGIN_ID}/versions`, { headers: { authorization: `Bearer ${apiKey}` }, data: pluginPackage(version, permissions) });
  expect(response.status(), await response.text()).toBe(201);
  const body = (await response.json()) as { id: string; status: string };
  expect(body.status).toBe("in_review");
  return body.id;
}

test("a developer publishes a plugin: rejected with notes, fixed, approved, and opened to partners", async ({ browser }) => {
  test.slow();
  const developerEmail = `dev-${run}@e2e.demo`;

  // A developer signs up on the public page and lands on their (empty) plugins with the publishing steps.
  const developer = await newPage(browser);
  await developer.goto("/developers/signup");
  await developer.getByLabel("姓名或团队名称").fill(`开发者${run}`);
  await developer.getByLabel("邮箱").fill(developerEmail);
  await developer.getByLabel("密码").fill("short");
  await developer.getByRole("button", { name: "注册并登录" }).click();
  await expect(developer.locator(".field-error")).toHaveText("密码至少需要 10 个字符。");
  await developer.getByLabel("密码").fill(DEMO_PASSWORD);
  await developer.getByRole("button", { name: "注册并登录" }).click();
  await expect(developer).toHaveURL(/\/developer\?welcome=1$/);
  await expect(developer.getByRole("heading", { level: 1 })).toHaveText("我的插件");
  await expect(developer.getByRole("navigation", { name: "主导航" }).getByRole("link")).toHaveText(["我的插件", "API 密钥", "通知"]);
  await expect(developer.locator("pre.code").last()).toContainText(`npx qudao-plugin publish --url ${BASE} --key <API key>`);

  // Staff pages are not theirs: they land back on their own area.
  await developer.goto("/partners");
  await expect(developer).toHaveURL(/\/developer$/);

  // An API key for the CLI.
  await developer.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "API 密钥" }).click();
  await developer.getByLabel("名称").fill(`CLI ${run}`);
  await developer.getByRole("button", { name: "创建密钥" }).click();
  const apiKey = (await developer.getByTestId("api-key-secret").textContent())!.trim();
  expect(apiKey).toMatch(/^qd_/);

  // Version 1.0.0 asks for customers' contact details too.
  await upload(developer, apiKey, "1.0.0", [`records:write:${OBJECT}`, "customers:read:contact", "tasks:create"]);
  await developer.goto("/developer");
  const row = developer.locator(`tr[data-plugin-id="${PLUGIN_ID}"]`);
  await expect(row).toContainText(NAME);
  await expect(row.locator("[data-version-status]")).toHaveText("审核中");
  await row.getByRole("link", { name: NAME }).click();
  const v1 = developer.locator('details[data-version="1.0.0"]');
  await expect(v1.locator("[data-version-status]")).toHaveText("审核中");
  await expect(v1.locator('[data-check="static_scan"]')).toHaveAttribute("data-status", "passed");
  await expect(v1.locator('[data-check="tests"] [data-test="short notes are refused"]')).toContainText("通过");
  await expect(v1.locator('[data-check="permissions"]')).toContainText("首个版本：申请 3 项权限。");

  // The reviewer finds it in the queue: three added permissions, no failed checks.
  const reviewer = await newPage(browser);
  await signInAsPlatformAdmin(reviewer, "reviewer@qudao.demo");
  await reviewer.goto("/plugin-reviews");
  const queued = reviewer.locator(`tr[data-plugin-id="${PLUGIN_ID}"]`);
  await expect(queued).toHaveCount(1);
  await expect(queued.locator("td").nth(3)).toHaveText("3");
  await expect(queued.locator("td").nth(4)).toHaveText("0");
  await queued.getByRole("link", { name: "审核" }).click();
  await expect(reviewer.getByRole("heading", { level: 1 })).toContainText(`${NAME} 1.0.0`);

  // Every permission is new and highlighted as added, each said in plain words.
  const diff = reviewer.locator("[data-permission-diff]");
  await expect(diff.locator('li[data-change="added"]')).toHaveCount(3);
  await expect(diff.locator('li[data-change="removed"], li[data-change="unchanged"]')).toHaveCount(0);
  await expect(diff.locator('li[data-permission="customers:read:contact"] ins')).toHaveText("读取客户的联系方式等个人信息");
  await expect(diff.locator('li[data-permission="tasks:create"]')).toContainText("新增");
  await expect(reviewer.locator("[data-hooks-source]")).toContainText("checkNote");
  await expect(reviewer.locator('[data-hook="checkNote"]')).toContainText("失败时阻止保存");

  // A rejection needs notes.
  const rejectForm = reviewer.getByRole("form", { name: "驳回" });
  await rejectForm.getByRole("button", { name: "驳回" }).click();
  await expect(rejectForm.locator(".field-error")).toHaveText("驳回时请写明原因，开发者会看到");
  await rejectForm.getByLabel("驳回原因").fill(REJECT_NOTES);
  await rejectForm.getByRole("button", { name: "驳回" }).click();
  await expect(reviewer.getByRole("status")).toHaveText("已驳回，开发者会看到审核意见。");
  await expect(reviewer.locator('[data-decision="rejected"]')).toContainText(REJECT_NOTES);

  // The developer reads the notes.
  await developer.reload();
  await expect(v1.locator("[data-version-status]")).toHaveText("已驳回");
  await expect(v1.locator("[data-review-notes]")).toContainText(REJECT_NOTES);

  // The fixed version drops the contact details; the reviewer approves it.
  const v2Id = await upload(developer, apiKey, "1.0.1", [`records:write:${OBJECT}`, "tasks:create"]);
  await reviewer.goto("/plugin-reviews");
  await reviewer.locator(`tr[data-version-id="${v2Id}"]`).getByRole("link", { name: "审核" }).click();
  await expect(reviewer.locator('[data-permission-diff] li[data-change="added"]')).toHaveCount(2);
  await expect(reviewer.locator('[data-permission-diff] li[data-permission="customers:read:contact"]')).toHaveCount(0);
  await reviewer.getByRole("form", { name: "批准并签名发布" }).getByRole("button", { name: "批准并签名发布" }).click();
  await expect(reviewer.getByRole("status")).toHaveText("已批准并签名，此版本已上架。");
  await expect(reviewer.getByRole("heading", { level: 1 }).locator("[data-version-status]")).toHaveText("已通过");
  await reviewer.goto("/plugin-reviews");
  await expect(reviewer.locator(`tr[data-plugin-id="${PLUGIN_ID}"]`)).toHaveCount(0);

  await developer.reload();
  await expect(developer.locator('details[data-version="1.0.1"] [data-version-status]')).toHaveText("已通过");
  await expect(developer.locator("main")).toContainText("已上架版本 1.0.1");

  // A platform admin lets partners install it themselves.
  const admin = await newPage(browser);
  await signInAsPlatformAdmin(admin);
  await admin.goto("/plugins");
  await admin.locator(`tr[data-plugin-id="${PLUGIN_ID}"]`).getByRole("link", { name: NAME }).click();
  const partnerPolicy = admin.locator('form[data-policy="partnerInstallAllowed"]');
  await expect(partnerPolicy).toHaveAttribute("data-on", "false");
  await partnerPolicy.getByRole("button", { name: "允许合作伙伴安装" }).click();
  await expect(admin.getByRole("status")).toHaveText("策略已保存。");
  await expect(partnerPolicy).toHaveAttribute("data-on", "true");
  await admin.goto("/marketplace");
  await expect(admin.locator(`li[data-plugin-id="${PLUGIN_ID}"]`)).toContainText("合作伙伴可自行安装");

  // The developer sees the policy on their page too.
  await developer.reload();
  await expect(developer.locator("main")).toContainText("合作伙伴可自行安装");

  // The next version is compared with the approved one: added highlighted, removed struck through, the rest plain.
  const v3Id = await upload(developer, apiKey, "1.1.0", [`records:write:${OBJECT}`, "notify"]);
  await reviewer.goto(`/plugin-reviews/${v3Id}`);
  await expect(reviewer.locator("#diff-title + p")).toHaveText("与已通过的版本 1.0.1 相比：");
  const nextDiff = reviewer.locator("[data-permission-diff]");
  await expect(nextDiff.locator('li[data-change="added"] ins')).toHaveText(["向您的用户发送站内通知"]);
  await expect(nextDiff.locator('li[data-change="removed"] del').first()).toHaveText("为您的团队创建任务");
  await expect(nextDiff.locator('li[data-change="unchanged"]')).toHaveAttribute("data-permission", `records:write:${OBJECT}`);
  await expect(nextDiff.locator('li[data-change="unchanged"] ins, li[data-change="unchanged"] del')).toHaveCount(0);
});
