import { describe, expect, it } from "vitest";
import { createsHierarchyCycle } from "./partners.rules.ts";

const parents = new Map<string, string | null>([["a1", "a"], ["a1x", "a1"], ["a", null]]);

describe("createsHierarchyCycle", () => {
  it.each([
    ["self as parent", "a", "a", true],
    ["own grandchild as parent", "a", "a1x", true],
    ["own child as parent", "a", "a1", true],
    ["an unrelated partner", "b", "a1x", false],
    ["moving a child under its sibling's tree", "a1x", "a", false],
    ["clearing the parent", "a", null, false],
  ] as const)("%s", (_n, partnerId, parentId, expected) => {
    expect(createsHierarchyCycle(partnerId, parentId, (id) => parents.get(id))).toBe(expected);
  });
});
