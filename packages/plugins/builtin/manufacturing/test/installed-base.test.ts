import { expect, invoke, test } from "@qudao/plugins/sdk";
import { OBJ } from "../src/model.ts";
import { DEALER, OTHER_CUSTOMER, REP, SPINDLE, catalog, equipment, id, type Ctx } from "./fixtures.ts";

/** Equipment values as a before-save hook gets them (no id, object or partner). */
const values = (n: number, over: Record<string, unknown> = {}) => {
  const { id: _id, object: _object, partnerId: _partnerId, ...rest } = equipment(n, over);
  return rest;
};
const compute = (record: Record<string, unknown>, ctx: Ctx = {}) => invoke<Record<string, unknown>>("computeEquipment", { actor: REP, recordPartnerId: DEALER, record, ...ctx }, { records: catalog });
const check = (record: Record<string, unknown>, records: Record<string, unknown>[] = [], ctx: Ctx = {}) =>
  invoke("checkEquipment", { actor: REP, recordPartnerId: DEALER, record, ...ctx }, { records: [...catalog, ...records] as never });

test("warranty: the product's 18 months from the install date, the last day covered being the day before the anniversary", () => {
  expect(compute(values(1))).toEqual({ warrantyEnd: "2026-09-09", inWarranty: true });
});

test("the equipment's own warranty overrides the product's, the product line's applies when the product has none", () => {
  expect(compute(values(1, { warrantyMonths: 6 }))).toEqual({ warrantyEnd: "2025-09-09", inWarranty: false });
  expect(compute(values(1, { product: SPINDLE, installDate: "2025-08-01" }))).toEqual({ warrantyEnd: "2026-01-31", inWarranty: true });
  expect(compute(values(1, { warrantyMonths: 0 }))).toEqual({ warrantyEnd: null, inWarranty: false });
});

test("in warranty is decided on China's calendar date, up to and including the last day", () => {
  const record = values(1, { warrantyMonths: 10 }); // ends 2026-01-09
  expect(compute(record, { now: "2026-01-09T15:59:59.000Z" })).toEqual({ warrantyEnd: "2026-01-09", inWarranty: true });
  expect(compute(record, { now: "2026-01-09T16:00:00.000Z" })).toEqual({ warrantyEnd: "2026-01-09", inWarranty: false });
});

test("a 31st install date ends at the end of a shorter month", () => {
  expect(compute(values(1, { installDate: "2025-08-31", warrantyMonths: 6 }))).toEqual({ warrantyEnd: "2026-02-28", inWarranty: true });
  expect(compute(values(1, { installDate: "2024-02-29", warrantyMonths: 12 }))).toEqual({ warrantyEnd: "2025-02-28", inWarranty: false });
});

test("the serial number must have the product line's format", () => {
  expect(check(values(1))).toEqual([]);
  const refused = (serial: string) => [{ field: "serialNumber", messageKey: "equipment.serialFormat", params: { serial, format: "CK-####-AA####", line: "数控车床" } }];
  expect(check(values(1, { serialNumber: "CK-2025-ab1001" }))).toEqual(refused("CK-2025-ab1001"));
  expect(check(values(1, { serialNumber: "CK-2025-AB10011" }))).toEqual(refused("CK-2025-AB10011"));
  expect(check(values(1, { serialNumber: "CK-20X5-AB1001" }))).toEqual(refused("CK-20X5-AB1001"));
  expect(check(values(1, { product: SPINDLE, serialNumber: "SP20250001" }))).toEqual([]);
});

test("the install date cannot be in the future", () => {
  expect(check(values(1, { installDate: "2026-01-06" }))).toEqual([{ field: "installDate", messageKey: "equipment.installDateFuture" }]);
});

test("a part of a machine belongs to the same customer", () => {
  const machine = equipment(2);
  expect(check(values(1, { product: SPINDLE, serialNumber: "SP20250001", parent: machine.id }), [machine])).toEqual([]);
  expect(check(values(1, { product: SPINDLE, serialNumber: "SP20250001", parent: machine.id, customer: OTHER_CUSTOMER }), [machine])).toEqual([
    { field: "parent", messageKey: "equipment.parentOtherCustomer", params: { parent: "CK-2025-AB1002" } },
  ]);
});

test("the hierarchy has no cycles and at most five levels", () => {
  // Line 3 → 4 → 5 → 6 → 7: making 7's parent 3's child would loop; a sixth level is too deep.
  const chain = [3, 4, 5, 6, 7].map((n, i, all) => equipment(n, { parent: i + 1 < all.length ? id(300 + all[i + 1]!) : null }));
  const record = values(7, { parent: id(303) });
  expect(check(record, chain, { operation: "update", previous: values(7) })).toEqual([{ field: "parent", messageKey: "equipment.parentCycle" }]);
  expect(check(values(8, { parent: id(303) }), chain)).toEqual([{ field: "parent", messageKey: "equipment.hierarchyTooDeep", params: { max: 5 } }]);
  expect(check(values(8, { parent: id(304) }), chain)).toEqual([]);
});

test("the hourly refresh flips 'in warranty' for equipment whose warranty ended or began, and only those", () => {
  const records = [
    equipment(1, { warrantyEnd: "2026-01-04", inWarranty: true }),
    equipment(2, { warrantyEnd: "2026-01-05", inWarranty: true }),
    equipment(3, { installDate: "2026-01-05", warrantyEnd: "2027-01-04", inWarranty: false }),
    equipment(4, { warrantyEnd: null, inWarranty: false }),
  ];
  expect(invoke("refreshWarranty", {}, { records })).toEqual([
    { type: "patch", object: OBJ.equipment, id: id(301), set: { inWarranty: false } },
    { type: "patch", object: OBJ.equipment, id: id(303), set: { inWarranty: true } },
  ]);
});
