/**
 * The distributor's view of its sub-dealers (经销商): members, open leads, open opportunities and what
 * was won this month, per sub-dealer at any depth. Every count runs through the actor's scope, so a
 * manager or admin sees exactly the partners their sign-in already makes visible.
 */
import { requirePartnerActor, requirePermission, type Actor } from "../../actor/index.ts";
import { Prisma } from "../../db/index.ts";
import { env } from "../../env/index.ts";
import { DomainError } from "../../errors/index.ts";
import { countActiveMembers, countOpenLeads, findPartners, opportunityTotals, type OpportunityTotals } from "./team.repository.ts";
import { monthStartIn } from "./team.rules.ts";
import type { TCurrencyAmount, TSubDealerRollupList } from "./team.schemas.ts";

function totalsFor(rows: OpportunityTotals[], partnerId: string): { count: number; amounts: TCurrencyAmount[] } {
  const mine = rows.filter((r) => r.partnerId === partnerId);
  return {
    count: mine.reduce((sum, r) => sum + r.count, 0),
    amounts: mine
      .map((r) => ({ currency: r.currency, amount: new Prisma.Decimal(r.amount).toFixed(2) }))
      .sort((a, b) => a.currency.localeCompare(b.currency)),
  };
}

export async function listSubDealerRollup(actor: Actor, now = new Date()): Promise<TSubDealerRollupList> {
  requirePermission(actor, "partnerUser:list");
  const partner = requirePartnerActor(actor);
  if (partner.role === "rep") throw new DomainError("FORBIDDEN");
  const monthStart = monthStartIn(env().PLATFORM_TIMEZONE, now);
  const ids = partner.visiblePartnerIds.filter((id) => id !== partner.partnerId);
  if (ids.length === 0) return { monthStart, items: [] };
  const [partners, members, leads, open, won] = await Promise.all([
    findPartners(ids),
    countActiveMembers(ids),
    countOpenLeads(ids),
    opportunityTotals(ids, { status: "open" }),
    opportunityTotals(ids, { status: "won", wonSince: monthStart }),
  ]);
  return {
    monthStart,
    items: partners.map((p) => {
      const openTotals = totalsFor(open, p.id);
      const wonTotals = totalsFor(won, p.id);
      return {
        partnerId: p.id,
        name: p.name,
        tier: p.tier,
        status: p.status,
        parentPartnerId: p.parentPartnerId,
        activeMembers: members.get(p.id) ?? 0,
        openLeads: leads.get(p.id) ?? 0,
        openOpportunities: openTotals.count,
        openAmount: openTotals.amounts,
        wonThisMonth: wonTotals.count,
        wonAmount: wonTotals.amounts,
      };
    }),
  };
}
