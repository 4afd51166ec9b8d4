import { DomainError } from "../../errors/index.ts";
import { registerDeveloper, ZDeveloperAccount, ZDeveloperSignUpInput } from "../../modules/plugins/index.ts";
import { publicProcedure, router } from "../init.ts";

/** Public developer sign-up (issue 6 item 5); the new account then signs in like anyone else (POST /sessions). */
export const developerAccountsRouter = router({
  register: publicProcedure
    .meta({ openapi: { method: "POST", path: "/developers", tags: ["plugins"], protect: false, summary: "Create a plugin developer account; sign in afterwards with POST /sessions" }, successStatus: 201 })
    .input(ZDeveloperSignUpInput)
    .output(ZDeveloperAccount)
    .mutation(({ ctx, input }) => {
      // Accounts are opened signed out: a session or API key of any kind has no business creating another account.
      if (ctx.actor.kind !== "anonymous") throw new DomainError("FORBIDDEN", { i18nKey: "pluginDeveloper.errors.signedIn" });
      return registerDeveloper({ ...input, locale: input.locale ?? ctx.locale }, { ip: ctx.origin.ip });
    }),
});
