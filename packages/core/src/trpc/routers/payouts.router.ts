import { z } from "zod";
import {
  getPayoutPolicy,
  listBalances,
  listPayouts,
  partnerBalance,
  recordPayout,
  updatePayoutPolicy,
  ZBalanceListQuery,
  ZPartnerBalance,
  ZPartnerBalanceSummary,
  ZPayout,
  ZPayoutListInput,
  ZPayoutPolicy,
  ZRecordedPayout,
  ZRecordPayoutInput,
} from "../../modules/commissions/index.ts";
import { authedProcedure, platformProcedure, router } from "../init.ts";

/**
 * Payouts (ADR 022): finance records money paid against approved statements; the partner's balance
 * carries a debt (clawbacks beyond earnings) forward; partners' admins and managers read their own.
 */
export const payoutsRouter = router({
  record: platformProcedure("admin", "finance")
    .meta({
      openapi: {
        method: "POST",
        path: "/payouts",
        tags: ["payouts"],
        protect: true,
        summary: "Record a payout against an approved statement; 201 new, 200 when the same reference was recorded with the same body, 409 with another body; 422 (translated) above the balance or below the minimum payout",
      },
      successStatus: 201,
    })
    .input(ZRecordPayoutInput)
    .output(ZRecordedPayout)
    .mutation(({ ctx, input }) => recordPayout(ctx.actor, input)),
  list: authedProcedure
    .meta({ openapi: { method: "GET", path: "/payouts", tags: ["payouts"], protect: true, summary: "Payouts visible to the caller (a partner: its own), newest first" } })
    .input(ZPayoutListInput)
    .output(z.object({ items: z.array(ZPayout), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => listPayouts(ctx.actor, input)),
  balances: authedProcedure
    .meta({ openapi: { method: "GET", path: "/payout-balances", tags: ["payouts"], protect: true, summary: "Each partner's payable balance (a partner: its own); ?payable=true: those with at least the minimum payout" } })
    .input(ZBalanceListQuery)
    .output(z.object({ items: z.array(ZPartnerBalanceSummary), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => listBalances(ctx.actor, input)),
  balance: authedProcedure
    .meta({ openapi: { method: "GET", path: "/partners/{id}/balance", tags: ["payouts"], protect: true, summary: "A partner's balance statement by statement: approved and paid totals, payouts, what carries forward" } })
    .input(z.object({ id: z.string() }))
    .output(ZPartnerBalance)
    .query(({ ctx, input }) => partnerBalance(ctx.actor, input.id)),
  policy: authedProcedure
    .meta({ openapi: { method: "GET", path: "/settings/payout-policy", tags: ["settings"], protect: true, summary: "The minimum payout; smaller balances carry forward" } })
    .input(z.object({}).optional())
    .output(ZPayoutPolicy)
    .query(({ ctx }) => getPayoutPolicy(ctx.actor)),
  updatePolicy: platformProcedure("admin")
    .meta({ openapi: { method: "PUT", path: "/settings/payout-policy", tags: ["settings"], protect: true } })
    .input(ZPayoutPolicy)
    .output(ZPayoutPolicy)
    .mutation(({ ctx, input }) => updatePayoutPolicy(ctx.actor, input)),
});
