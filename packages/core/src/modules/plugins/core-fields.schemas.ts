import { z } from "zod";

/**
 * Plugin field values on a core record as list outputs carry them: only the fields of the plugins
 * installed for the reader (ADR 024), by namespaced name (`acme_pharma__hcpLevel`).
 */
export const ZCustomFieldValues = z
  .record(z.string(), z.unknown())
  .meta({ description: "Values of the installed plugins' fields on this record, by namespaced field name; fields without a value are left out" });
export type TCustomFieldValues = z.infer<typeof ZCustomFieldValues>;

