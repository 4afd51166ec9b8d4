import { z } from "zod";
import { describeActor } from "../../actor/actor.ts";
import { login, logout, ZLoginInput } from "../../auth/index.ts";
import { DomainError } from "../../errors/index.ts";
import { getProfile } from "../../modules/users/index.ts";
import { publicProcedure, router, signedInProcedure } from "../init.ts";

export const ZMe = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  kind: z.enum(["platform", "partner", "developer"]),
  partnerId: z.string().optional(),
  roles: z.array(z.string()),
});

export const authRouter = router({
  login: publicProcedure
    .meta({ openapi: { method: "POST", path: "/sessions", tags: ["sessions"], summary: "Sign in and get a bearer token" }, successStatus: 201 })
    .input(ZLoginInput)
    .output(z.object({ token: z.string(), expiresAt: z.date(), user: ZMe }))
    .mutation(async ({ input, ctx }) => {
      const result = await login(input, ctx.channel === "api" ? "api" : ctx.channel, ctx.origin);
      return { token: result.token, expiresAt: result.expiresAt, user: result.user };
    }),
  logout: signedInProcedure
    .meta({ openapi: { method: "DELETE", path: "/sessions/current", tags: ["sessions"], protect: true, summary: "Sign out: the token stops working" }, successStatus: 204 })
    .input(z.object({}).optional())
    .output(z.void())
    .mutation(async ({ ctx }) => {
      // API keys are revoked in the UI, not signed out.
      if (!ctx.sessionId) throw new DomainError("RULE_VIOLATION", { i18nKey: "auth.apiKeyCannotSignOut" });
      await logout(ctx.sessionId);
    }),
  me: signedInProcedure
    .meta({ openapi: { method: "GET", path: "/me", tags: ["sessions"], protect: true, summary: "The signed-in actor" } })
    .input(z.object({}).optional())
    .output(ZMe.extend({ locale: z.string(), partnerName: z.string().nullable() }))
    .query(async ({ ctx }) => ({ ...describeActor(ctx.actor), ...(await getProfile(ctx.actor)) })),
});
