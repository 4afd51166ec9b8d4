import { z } from "zod";
import { partnerChoices } from "../../modules/plugins/partner-references.ts";
import { authedProcedure, router } from "../init.ts";

const ZPartnerChoice = z.object({ id: z.uuid(), name: z.string(), tier: z.string(), parentId: z.uuid().nullable() });

/**
 * Partners a plugin's `partner` reference field may hold (issue 7, ADR 026): what record forms offer
 * and record pages name — a partner's user its own partner and its sub-dealers, staff every partner.
 */
export const pluginPartnersRouter = router({
  choices: authedProcedure
    .meta({ openapi: { method: "GET", path: "/plugin-partner-choices", tags: ["plugin records"], protect: true, summary: "The partners the caller may choose in a plugin's partner reference field" } })
    .input(z.object({}).optional())
    .output(z.object({ items: z.array(ZPartnerChoice) }))
    .query(async ({ ctx }) => ({ items: await partnerChoices(ctx.actor) })),
});
