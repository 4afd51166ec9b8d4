import { describe, expect, it } from "vitest";
import { installsApplyingTo } from "./installed-plugins.ts";

const installs = [
  { id: "pharma@platform", pluginId: "qudao.pharma", partnerId: null },
  { id: "pharma@p1", pluginId: "qudao.pharma", partnerId: "p1" },
  { id: "mfg@p2", pluginId: "qudao.manufacturing", partnerId: "p2" },
  { id: "visits@platform", pluginId: "acme.visits", partnerId: null },
];

describe("installsApplyingTo: the installs whose hooks run for a tenant's records, one per plugin", () => {
  it.each([
    ["a partner with its own install of a plugin also installed platform-wide runs its own only", "p1", ["pharma@p1", "visits@platform"]],
    ["a partner without its own install runs the platform-wide ones", "p3", ["pharma@platform", "visits@platform"]],
    ["a partner's install of a plugin the platform did not install runs beside the platform-wide ones", "p2", ["pharma@platform", "mfg@p2", "visits@platform"]],
    ["platform records run the platform-wide installs", null, ["pharma@platform", "visits@platform"]],
  ] as const)("%s", (_name, partnerId, expected) => {
    expect(installsApplyingTo(installs, partnerId).map((i) => i.id)).toEqual(expected);
  });
});
