/** Plugin field values of core records, read through the scoped client (rows the actor cannot see are absent). */
import { db } from "../../db/index.ts";
import type { CoreFieldObject } from "./core-fields.rules.ts";

type Row = { id: string; customFields: unknown };

function rowsOf(object: CoreFieldObject, ids: string[]): Promise<Row[]> {
  const query = { where: { id: { in: ids } }, select: { id: true, customFields: true } } as const;
  switch (object) {
    case "customer":
      return db.customer.findMany(query);
    case "lead":
      return db.lead.findMany(query);
    case "opportunity":
      return db.opportunity.findMany(query);
    case "activity":
      return db.activity.findMany(query);
    case "task":
      return db.task.findMany(query);
    case "order":
      return db.order.findMany(query);
  }
}

/** The stored `customFields` of each record, by id. */
export async function findCustomFieldValues(object: CoreFieldObject, ids: string[]): Promise<Map<string, unknown>> {
  if (ids.length === 0) return new Map();
  const rows = await rowsOf(object, [...new Set(ids)]);
  return new Map(rows.map((row) => [row.id, row.customFields]));
}
