/**
 * Platform staff onboard partners: a sub-dealer under a parent, its first admin user, and the
 * hierarchy rule (no partner may sit below its own sub-dealer) shown in the user's language.
 */
import { expect, test } from "@playwright/test";
import { createPartner, signInAsPlatformAdmin } from "../platform-admin";

test.use({ baseURL: process.env.PLATFORM_BASE_URL });

test("an empty name is refused with a translated message under the field", async ({ page }) => {
  await signInAsPlatformAdmin(page);
  await page.goto("/partners/new");
  const form = page.locator("main form");
  await form.locator("input[name=region]").fill("杭州");
  await form.getByRole("button", { name: "新建" }).click();

  const name = form.locator("input[name=name]");
  await expect(name).toHaveAttribute("aria-invalid", "true");
  await expect(name).toHaveAccessibleDescription("必填项。");
  await expect(form.getByRole("alert")).toHaveText("提交的内容有误，请检查标出的字段。");
  // What was typed is still there, and nothing was created.
  await expect(form.locator("input[name=region]")).toHaveValue("杭州");
  await expect(page).toHaveURL(/\/partners\/new$/);
});

test("the admin creates a sub-dealer, gives it an admin user, and cannot put the parent below it", async ({ page }) => {
  const run = Date.now();
  const parentName = `华东测试总代理 ${run}`;
  const childName = `苏州测试分销商 ${run}`;
  const userEmail = `zhou.${run}@example.com`;

  await signInAsPlatformAdmin(page);
  const parentId = await createPartner(page, { name: parentName, tier: "gold", region: "上海" });
  const childId = await createPartner(page, { name: childName, region: "苏州", parentName });
  await expect(page.locator("main")).toContainText(parentName);

  // The list shows the sub-dealer with its parent's name and the chosen tier.
  await page.goto(`/partners?q=${encodeURIComponent(childName)}`);
  const row = page.locator("tbody tr", { hasText: childName });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(parentName);
  await expect(row).toContainText("铜牌");
  await expect(row).toContainText("正常");

  // The parent's page lists the sub-dealer.
  await page.goto(`/partners/${parentId}`);
  const subDealers = page.locator("section", { has: page.getByRole("heading", { name: /下级经销商/ }) });
  await expect(subDealers.getByRole("link", { name: childName })).toHaveAttribute("href", `/partners/${childId}`);

  // Add the sub-dealer's admin.
  await page.goto(`/partners/${childId}`);
  const addUser = page.locator("form", { has: page.locator("input[name=intent][value=addUser]") });
  await addUser.locator("input[name=email]").fill(userEmail);
  await addUser.locator("input[name=name]").fill("周志远");
  await addUser.locator("select[name=role]").selectOption("admin");
  await addUser.locator("input[name=password]").fill("sub-dealer-2026");
  await addUser.getByRole("button", { name: "添加成员" }).click();
  await expect(page).toHaveURL(/notice=userAdded/);
  const userRow = page.locator("tbody tr", { hasText: userEmail });
  await expect(userRow).toContainText("周志远");
  await expect(userRow).toContainText("管理员");
  await expect(userRow).toContainText("从未登录");

  // The same email again: refused under the email field, the other typed values kept.
  await addUser.locator("input[name=email]").fill(userEmail);
  await addUser.locator("input[name=name]").fill("周志远二号");
  await addUser.locator("input[name=password]").fill("sub-dealer-2026");
  await addUser.getByRole("button", { name: "添加成员" }).click();
  await expect(addUser.locator("input[name=email]")).toHaveAttribute("aria-invalid", "true");
  await expect(addUser.locator("input[name=email]")).toHaveAccessibleDescription("该邮箱已被使用。");
  await expect(addUser.locator("input[name=name]")).toHaveValue("周志远二号");
  await expect(page.locator("tbody tr", { hasText: userEmail })).toHaveCount(1);

  // Making the parent a child of its own sub-dealer is a cycle.
  await page.goto(`/partners/${parentId}`);
  const edit = page.locator("form", { has: page.locator("input[name=intent][value=update]") });
  const parentSelect = edit.locator("select[name=parentPartnerId]");
  await parentSelect.selectOption({ label: childName });
  await edit.getByRole("button", { name: "保存" }).click();
  await expect(parentSelect).toHaveAttribute("aria-invalid", "true");
  await expect(parentSelect).toHaveAccessibleDescription(/上级合作伙伴不能是它自己或它的下级。/);
  // Nothing changed: after a reload the parent is still top-level.
  await page.goto(`/partners/${parentId}`);
  await expect(edit.locator("select[name=parentPartnerId]")).toHaveValue("");
});
