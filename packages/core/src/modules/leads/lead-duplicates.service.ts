/**
 * "Looks like one you already have" while a lead is being typed: the actor's own visible leads and
 * customers (the scoped client never returns another partner's) that share a normalised phone,
 * e-mail, company or person name with what was typed so far.
 */
import { can, requirePermission, type Actor } from "../../actor/index.ts";
import { findDuplicateCustomerCandidates, findDuplicateLeadCandidates } from "./leads.repository.ts";
import { customerMatches, duplicateProbe, isEmptyProbe, leadMatches } from "./leads.rules.ts";
import { ZLeadDuplicateInput, type TLeadDuplicateInput, type TLeadDuplicates } from "./leads.schemas.ts";

const SHOWN = 5;

export async function findLeadDuplicates(actor: Actor, rawInput: TLeadDuplicateInput): Promise<TLeadDuplicates> {
  requirePermission(actor, "lead:read");
  const input = ZLeadDuplicateInput.parse(rawInput);
  const probe = duplicateProbe(input);
  if (isEmptyProbe(probe)) return { leads: [], customers: [] };
  const [leadRows, customerRows] = await Promise.all([
    findDuplicateLeadCandidates(probe, input.excludeLeadId),
    can(actor, "customer:read") ? findDuplicateCustomerCandidates(probe) : Promise.resolve([]),
  ]);
  const leads = leadRows
    .map((row) => ({ id: row.id, name: row.name, company: row.company, status: row.status, assigneeName: row.assignee?.name ?? null, matchedOn: leadMatches(probe, row) }))
    .filter((row) => row.matchedOn.length > 0)
    .slice(0, SHOWN);
  const customers = customerRows
    .map((row) => ({ id: row.id, name: row.name, city: row.city, matchedOn: customerMatches(probe, row) }))
    .filter((row) => row.matchedOn.length > 0)
    .slice(0, SHOWN);
  return { leads, customers };
}
