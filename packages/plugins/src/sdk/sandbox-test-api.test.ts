import { describe, expect as vitestExpect, it } from "vitest";
import { ExpectationError, expect, invoke } from "./sandbox-test-api.ts";

function outcome(assertion: () => void): string {
  try {
    assertion();
    return "pass";
  } catch (error) {
    if (error instanceof ExpectationError) return `fail ${error.negated ? "not." : ""}${error.matcher} expected=${error.expected} received=${error.received}`;
    throw error;
  }
}

describe("the in-sandbox expect", () => {
  it.each<[string, () => void, string]>([
    ["toBe, same primitive", () => expect(3).toBe(3), "pass"],
    ["toBe, different number", () => expect(3).toBe(4), "fail toBe expected=4 received=3"],
    ["toBe, equal but distinct objects", () => expect({ a: 1 }).toBe({ a: 1 }), 'fail toBe expected={"a":1} received={"a":1}'],
    ["toBe, NaN is NaN", () => expect(Number.NaN).toBe(Number.NaN), "pass"],
    ["toEqual, deep", () => expect({ a: [1, { b: "x" }] }).toEqual({ a: [1, { b: "x" }] }), "pass"],
    ["toEqual, undefined properties count as absent", () => expect({ a: 1, b: undefined }).toEqual({ a: 1 }), "pass"],
    ["toEqual, array length differs", () => expect([1, 2]).toEqual([1, 2, 3]), "fail toEqual expected=[1,2,3] received=[1,2]"],
    ["toEqual, array vs object", () => expect([]).toEqual({}), "fail toEqual expected={} received=[]"],
    ["toBeNull", () => expect(null).toBeNull(), "pass"],
    ["toBeNull on undefined", () => expect(undefined).toBeNull(), "fail toBeNull expected=null received=undefined"],
    ["toBeTruthy", () => expect("x").toBeTruthy(), "pass"],
    ["toBeTruthy on 0", () => expect(0).toBeTruthy(), "fail toBeTruthy expected=truthy received=0"],
    ["toBeFalsy", () => expect("").toBeFalsy(), "pass"],
    ["toHaveLength of an array", () => expect([1, 2]).toHaveLength(2), "pass"],
    ["toHaveLength of a string", () => expect("abc").toHaveLength(2), 'fail toHaveLength expected=length 2 received="abc"'],
    ["toContain in an array", () => expect(["a", "b"]).toContain("b"), "pass"],
    ["toContain in a string", () => expect("follow up").toContain("up"), "pass"],
    ["toContain, missing", () => expect([1]).toContain(2), "fail toContain expected=2 received=[1]"],
    ["toMatchObject, subset", () => expect({ type: "createTask", title: "Call", note: "x" }).toMatchObject({ type: "createTask" }), "pass"],
    ["toMatchObject, nested subset", () => expect({ a: { b: 1, c: 2 } }).toMatchObject({ a: { b: 1 } }), "pass"],
    ["toMatchObject, arrays element by element", () => expect([{ a: 1, b: 2 }]).toMatchObject([{ a: 1 }]), "pass"],
    ["toMatchObject, wrong value", () => expect({ a: 1 }).toMatchObject({ a: 2 }), 'fail toMatchObject expected={"a":2} received={"a":1}'],
    ["not.toBe", () => expect(1).not.toBe(2), "pass"],
    ["not.toBe, equal", () => expect(1).not.toBe(1), "fail not.toBe expected=1 received=1"],
    ["not.toContain", () => expect([1, 2]).not.toContain(2), "fail not.toContain expected=2 received=[1,2]"],
    ["not.toBeNull", () => expect({}).not.toBeNull(), "pass"],
  ])("%s", (_name, assertion, expected) => {
    vitestExpect(outcome(assertion)).toBe(expected);
  });

  it("shortens long values in the failure", () => {
    const error = (() => {
      try {
        expect("x".repeat(1000)).toBe("y");
      } catch (caught) {
        return caught as ExpectationError;
      }
      return null;
    })();
    vitestExpect(error?.received.length).toBeLessThan(400);
  });

  it("circular values do not break a failure report", () => {
    const loop: Record<string, unknown> = { a: 1 };
    loop.self = loop;
    vitestExpect(outcome(() => expect(loop).toBeNull())).toBe('fail toBeNull expected=null received={"a":1,"self":"[Circular]"}');
  });
});

describe("the in-sandbox invoke", () => {
  it("outside the sandbox it refuses with a code the harness can translate", () => {
    vitestExpect(() => invoke("checkVisit")).toThrow(vitestExpect.objectContaining({ name: "QudaoTestError", code: "outside_sandbox" }));
  });
});
