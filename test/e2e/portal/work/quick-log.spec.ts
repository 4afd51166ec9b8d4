/**
 * On a phone, logging a visit on a lead takes at most three taps — the kind, (a note,) save — and the
 * visit is on the lead's timeline straight away; the new lead becomes "contacted".
 */
import { expect, test } from "@playwright/test";
import { signInToPortal } from "../portal-sign-in";
import { createLead, PHONE, REP } from "./support";

test.describe("portal: quick log on a phone", () => {
  test.use({ baseURL: process.env.PORTAL_BASE_URL, locale: "zh-CN", ...PHONE });

  test("a rep logs a visit on a lead in two taps and sees it in the timeline", async ({ page, request }) => {
    const name = `快速记录 ${Date.now()}`;
    const lead = await createLead(request, { name, company: `宁波快记${Date.now()}机械有限公司` });
    await signInToPortal(page, REP);
    await page.goto(`/leads/${lead.id}`);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("新线索");

    const quickLog = page.getByRole("region", { name: "记录跟进" });
    const timeline = page.getByRole("region", { name: "跟进记录" });
    await expect(timeline).toContainText("还没有跟进记录。");

    // Tap 1: the kind. Tap 2: save.
    await quickLog.getByText("拜访", { exact: true }).tap();
    await expect(quickLog.getByRole("radio", { name: "拜访" })).toBeChecked();
    await quickLog.getByRole("button", { name: "保存" }).tap();

    await expect(quickLog.getByRole("status")).toHaveText("已记录拜访。");
    const entry = timeline.getByRole("listitem").first();
    await expect(entry).toContainText("拜访");
    await expect(timeline).not.toContainText("还没有跟进记录。");
    // Work on a new lead means it has been contacted.
    await expect(page.getByRole("heading", { level: 1 })).toContainText("已联系");
    // The form is ready for the next one.
    await expect(quickLog.getByRole("radio", { name: "拜访" })).not.toBeChecked();

    // With a note: kind, note, save — three taps (typing is not a tap).
    await quickLog.getByText("电话", { exact: true }).tap();
    await quickLog.getByLabel("备注（可选）").fill("约了下周三上门演示");
    await quickLog.getByRole("button", { name: "保存" }).tap();
    await expect(quickLog.getByRole("status")).toHaveText("已记录电话。");
    await expect(timeline.getByRole("listitem").first()).toContainText("约了下周三上门演示");
    await expect(timeline.getByRole("listitem")).toHaveCount(2);

    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(375);
  });
});
