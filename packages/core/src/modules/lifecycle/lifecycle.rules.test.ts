import { describe, expect, it } from "vitest";
import { ZLifecyclePolicy, type TLifecyclePolicy } from "../settings/lifecycle-policy.ts";
import { decideLifecycle, type LifecycleFacts, type StoredLifecycle } from "./lifecycle.rules.ts";

const DAY = 86_400_000;
const now = new Date("2026-06-01T00:00:00.000Z");
const ago = (days: number, ms = 0) => new Date(now.getTime() - days * DAY - ms);
const defaults: TLifecyclePolicy = ZLifecyclePolicy.parse({});

const facts = (f: Partial<LifecycleFacts>): LifecycleFacts => ({ firstOrderAt: null, lastOrderAt: null, lastEngagementAt: null, previousTouchAt: null, ...f });
const stored = (stage: string, changedAt: Date | null = null): StoredLifecycle => ({ stage, changedAt });
/** One order, `days` ago, and nothing else. */
const orderedOnce = (days: number, ms = 0) => facts({ firstOrderAt: ago(days, ms), lastOrderAt: ago(days, ms) });

describe("lifecycle stage (defaults: new 30, active 90, dormant 180, churned 365, reactivated 30 days)", () => {
  it.each<[string, LifecycleFacts, StoredLifecycle, string, string | null]>([
    // before the first order
    ["no order: prospect", facts({}), stored("prospect"), "prospect", null],
    ["no order, but logins: still a prospect", facts({ lastEngagementAt: ago(1) }), stored("prospect"), "prospect", null],
    ["no order: a stage set elsewhere (a plugin's, an opportunity) is kept", facts({ lastEngagementAt: ago(1) }), stored("opportunity"), "opportunity", null],
    ["no order: a computed customer stage falls back to prospect", facts({}), stored("active", ago(3)), "prospect", null],
    ["Customer.lastOrderAt alone counts as an order (issue 5 writes it)", facts({ lastOrderAt: ago(2) }), stored("prospect"), "new", null],
    // new
    ["first order today: new", orderedOnce(0), stored("prospect"), "new", null],
    ["first order 30 days less 1 ms ago: still new", orderedOnce(29, DAY - 1), stored("new", ago(29)), "new", null],
    ["first order exactly 30 days ago: active", orderedOnce(30), stored("new", ago(30)), "active", null],
    ["a second order does not make an old customer new", facts({ firstOrderAt: ago(200), lastOrderAt: ago(1) }), stored("active", ago(100)), "active", null],
    // active and its grace zone
    ["engagement 89 days ago: active", facts({ firstOrderAt: ago(150), lastOrderAt: ago(150), lastEngagementAt: ago(89) }), stored("active", ago(150)), "active", null],
    ["last touch exactly 90 days ago: still active until dormant", orderedOnce(90), stored("active", ago(60)), "active", null],
    ["last touch 180 days less 1 ms ago: still active", orderedOnce(179, DAY - 1), stored("active", ago(150)), "active", null],
    ["new decays to active in the grace zone too", orderedOnce(100), stored("new", ago(100)), "active", null],
    // dormant and churned
    ["nothing for exactly 180 days: dormant", orderedOnce(180), stored("active", ago(150)), "dormant", null],
    ["nothing for 365 days less 1 ms: dormant", orderedOnce(364, DAY - 1), stored("dormant", ago(10)), "dormant", null],
    ["nothing for exactly 365 days: churned", orderedOnce(365), stored("dormant", ago(185)), "churned", null],
    ["an engagement resets the clock like an order", facts({ firstOrderAt: ago(400), lastOrderAt: ago(400), lastEngagementAt: ago(200) }), stored("dormant", ago(20)), "dormant", null],
    ["an old customer computed for the first time: churned", orderedOnce(500), stored("prospect"), "churned", null],
    // reactivation after dormant and after churned
    ["dormant, logs in today: reactivated from dormant", facts({ firstOrderAt: ago(200), lastOrderAt: ago(200), lastEngagementAt: ago(0), previousTouchAt: ago(200) }), stored("dormant", ago(20)), "reactivated", "dormant"],
    ["churned, logs in today: reactivated from churned", facts({ firstOrderAt: ago(400), lastOrderAt: ago(400), lastEngagementAt: ago(0), previousTouchAt: ago(400) }), stored("churned", ago(35)), "reactivated", "churned"],
    ["dormant, orders again: reactivated", facts({ firstOrderAt: ago(300), lastOrderAt: ago(0), previousTouchAt: ago(300) }), stored("dormant", ago(120)), "reactivated", "dormant"],
    ["dormant, a touch 89 days ago surfaces: inside the active window, reactivated", facts({ firstOrderAt: ago(300), lastOrderAt: ago(300), lastEngagementAt: ago(89) }), stored("dormant", ago(5)), "reactivated", "dormant"],
    ["dormant, a touch 100 days ago surfaces: not a return, stays dormant", facts({ firstOrderAt: ago(300), lastOrderAt: ago(300), lastEngagementAt: ago(100) }), stored("dormant", ago(5)), "dormant", null],
    ["churned, a touch 100 days ago surfaces: dormant, not reactivated", facts({ firstOrderAt: ago(500), lastOrderAt: ago(500), lastEngagementAt: ago(100) }), stored("churned", ago(5)), "dormant", null],
    // the stored stage had not caught up with the silence
    [
      "stale active, silent 400 days, logs in: reactivated from churned",
      facts({ firstOrderAt: ago(400), lastOrderAt: ago(400), lastEngagementAt: ago(0), previousTouchAt: ago(400) }),
      stored("active", ago(410)),
      "reactivated",
      "churned",
    ],
    [
      "never computed, silent 200 days, logs in: reactivated from dormant",
      facts({ firstOrderAt: ago(200), lastOrderAt: ago(200), lastEngagementAt: ago(0), previousTouchAt: ago(200) }),
      stored("prospect"),
      "reactivated",
      "dormant",
    ],
    [
      "silence of exactly 180 days: a return",
      facts({ firstOrderAt: ago(181), lastOrderAt: ago(181), lastEngagementAt: ago(1), previousTouchAt: ago(181) }),
      stored("active", ago(250)),
      "reactivated",
      "dormant",
    ],
    [
      "silence of 180 days less 1 ms: no return",
      facts({ firstOrderAt: ago(181), lastOrderAt: ago(181), lastEngagementAt: ago(1), previousTouchAt: ago(181, -1) }),
      stored("active", ago(250)),
      "active",
      null,
    ],
    [
      "a first order after long silent logins is new, not a return",
      facts({ firstOrderAt: ago(0), lastOrderAt: ago(0), lastEngagementAt: ago(0), previousTouchAt: ago(300) }),
      stored("prospect"),
      "new",
      null,
    ],
    [
      "a return already processed (stage entered after the touch) does not fire again",
      facts({ firstOrderAt: ago(300), lastOrderAt: ago(300), lastEngagementAt: ago(40), previousTouchAt: ago(300) }),
      stored("active", ago(10)),
      "active",
      null,
    ],
    // decay
    [
      "reactivated 30 days less 1 ms ago: still reactivated, not announced again",
      facts({ firstOrderAt: ago(300), lastOrderAt: ago(300), lastEngagementAt: ago(0), previousTouchAt: ago(29) }),
      stored("reactivated", ago(29, DAY - 1)),
      "reactivated",
      null,
    ],
    [
      "reactivated exactly 30 days ago: active",
      facts({ firstOrderAt: ago(300), lastOrderAt: ago(300), lastEngagementAt: ago(0), previousTouchAt: ago(30) }),
      stored("reactivated", ago(30)),
      "active",
      null,
    ],
    [
      "reactivated and silent since: active, then dormant at 180 days",
      facts({ firstOrderAt: ago(500), lastOrderAt: ago(500), lastEngagementAt: ago(180), previousTouchAt: ago(500) }),
      stored("active", ago(150)),
      "dormant",
      null,
    ],
  ])("%s", (_name, f, s, stage, from) => {
    expect(decideLifecycle(f, s, defaults, now)).toEqual({ stage, reactivatedFrom: from });
  });

  it("follows the configured thresholds", () => {
    const tight = ZLifecyclePolicy.parse({ newCustomerDays: 7, activeDays: 14, dormantDays: 30, churnedDays: 60, reactivatedDays: 7 });
    expect(decideLifecycle(orderedOnce(6), stored("prospect"), tight, now).stage).toBe("new");
    expect(decideLifecycle(orderedOnce(7), stored("new", ago(7)), tight, now).stage).toBe("active");
    expect(decideLifecycle(orderedOnce(29), stored("active", ago(7)), tight, now).stage).toBe("active");
    expect(decideLifecycle(orderedOnce(30), stored("active", ago(7)), tight, now).stage).toBe("dormant");
    expect(decideLifecycle(orderedOnce(60), stored("dormant", ago(30)), tight, now).stage).toBe("churned");
    const back = facts({ firstOrderAt: ago(40), lastOrderAt: ago(40), lastEngagementAt: ago(0), previousTouchAt: ago(40) });
    expect(decideLifecycle(back, stored("dormant", ago(10)), tight, now)).toEqual({ stage: "reactivated", reactivatedFrom: "dormant" });
    expect(decideLifecycle(back, stored("reactivated", ago(7)), tight, now).stage).toBe("active");
  });
});

describe("lifecycle settings", () => {
  it("has defaults", () => {
    expect(ZLifecyclePolicy.parse({})).toEqual({ newCustomerDays: 30, activeDays: 90, dormantDays: 180, churnedDays: 365, reactivatedDays: 30 });
  });

  it.each([
    [{ dormantDays: 90 }, "dormantDays", "segments.lifecycleSettings.errors.dormantAfterActive"],
    [{ churnedDays: 180 }, "churnedDays", "segments.lifecycleSettings.errors.churnedAfterDormant"],
    [{ newCustomerDays: 91 }, "newCustomerDays", "segments.lifecycleSettings.errors.newWithinActive"],
    [{ reactivatedDays: 120 }, "reactivatedDays", "segments.lifecycleSettings.errors.reactivatedWithinActive"],
    [{ activeDays: 0 }, "activeDays", "errors.field.invalid"],
    [{ activeDays: 1.5 }, "activeDays", "errors.field.invalid"],
    [{ churnedDays: "abc" }, "churnedDays", "errors.field.invalid"],
    [{ churnedDays: 3651 }, "churnedDays", "errors.field.invalid"],
  ])("refuses %j under %s", (input, path, message) => {
    const result = ZLifecyclePolicy.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error!.issues).toContainEqual(expect.objectContaining({ path: [path], message }));
  });

  it("accepts numbers typed into a form", () => {
    expect(ZLifecyclePolicy.parse({ newCustomerDays: "14", activeDays: "60", dormantDays: "120", churnedDays: "240", reactivatedDays: "14" }).dormantDays).toBe(120);
  });
});
