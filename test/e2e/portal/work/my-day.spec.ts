/** A rep adds a task due today on a phone, finds it under "Today" in My day, and completes it with one tap. */
import { expect, test } from "@playwright/test";
import { signInToPortal } from "../portal-sign-in";
import { PHONE, REP } from "./support";

/** A day (0 today, 1 tomorrow) in the platform's zone (Asia/Shanghai), as a datetime-local value at `time`. */
function shanghai(days: number, time: string): string {
  const day = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(Date.now() + days * 86_400_000));
  return `${day}T${time}`;
}

test.describe("portal: My day on a phone", () => {
  test.use({ baseURL: process.env.PORTAL_BASE_URL, locale: "zh-CN", ...PHONE });

  test("a rep creates a task due today, sees it in My day, and completes it", async ({ page }) => {
    const title = `回电确认报价 ${Date.now()}`;
    await signInToPortal(page, REP);

    // My day is in the navigation (under "More" on a phone).
    const nav = page.getByRole("navigation", { name: "主导航" });
    await nav.locator("summary", { hasText: "更多" }).tap();
    await nav.getByRole("link", { name: "我的一天", exact: true }).tap();
    await expect(page.getByRole("heading", { level: 1, name: "我的一天" })).toBeVisible();

    await page.getByRole("link", { name: "新建任务" }).tap();
    await expect(page).toHaveURL(/\/tasks\/new$/);
    // The reminder may not be after the due time: said as soon as the field is left.
    const task = page.getByLabel("任务", { exact: true });
    await task.fill(title);
    await page.getByLabel("截止时间").fill(shanghai(0, "23:59"));
    await page.getByLabel("提醒时间").fill(shanghai(1, "09:00"));
    await task.focus();
    await expect(page.getByLabel("提醒时间")).toHaveAccessibleDescription(/提醒时间不能晚于截止时间。/);
    // Fixed: the message goes as the field changes, before the next tap.
    await page.getByLabel("提醒时间").fill("");
    await expect(page.getByText("提醒时间不能晚于截止时间。")).toHaveCount(0);
    await page.getByRole("button", { name: "创建任务" }).tap();

    await expect(page).toHaveURL(/\/tasks$/);
    await expect(page.getByRole("status")).toContainText("任务已创建。");
    const today = page.getByRole("region", { name: /^今天/ });
    const item = today.getByRole("listitem").filter({ hasText: title });
    await expect(item).toBeVisible();

    // One tap: done.
    await item.getByRole("button", { name: `完成任务：${title}` }).tap();
    await expect(page.getByRole("status")).toContainText(`已完成「${title}」。`);
    await expect(page.getByRole("listitem").filter({ hasText: title })).toHaveCount(0);

    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(375);
  });
});
