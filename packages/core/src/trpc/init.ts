import { initTRPC } from "@trpc/server";
import type { OpenApiMeta } from "trpc-to-openapi";
import type { MembershipRole, PlatformRoleName } from "../actor/actor.ts";
import { DomainError } from "../errors/index.ts";
import { runAsActor } from "../db/index.ts";
import type { Context } from "./context.ts";
import { publicError, toTrpcError } from "./error-mapping.ts";

export type Meta = OpenApiMeta & { successStatus?: 200 | 201 | 202 | 204 };

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    errorFormatter({ shape, error, ctx }) {
      const mapped = publicError(error, ctx?.locale ?? "zh-CN");
      return {
        ...shape,
        message: mapped.message,
        data: { ...shape.data, code: mapped.code, httpStatus: mapped.status, details: mapped.details, stack: undefined },
      };
    },
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Every procedure runs its resolver as the context's actor and turns what it throws into one error shape. */
const withActor = t.middleware(async ({ ctx, next }) => {
  const result = await runAsActor(ctx.actor, () => next());
  if (!result.ok) throw toTrpcError(result.error);
  return result;
});

export const publicProcedure = t.procedure.use(withActor);

export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (ctx.actor.kind !== "platform" && ctx.actor.kind !== "partner") throw toTrpcError(new DomainError("UNAUTHENTICATED"));
  return next({ ctx: { ...ctx, actor: ctx.actor } });
});

/** Staff, partner users and plugin developers: the account procedures every signed-in user has. */
export const signedInProcedure = publicProcedure.use(({ ctx, next }) => {
  const actor = ctx.actor;
  if (actor.kind !== "platform" && actor.kind !== "partner" && actor.kind !== "developer") throw toTrpcError(new DomainError("UNAUTHENTICATED"));
  return next({ ctx: { ...ctx, actor } });
});

/** Plugin developers (their own plugins only; every other procedure refuses them). */
export const developerProcedure = signedInProcedure.use(({ ctx, next }) => {
  const actor = ctx.actor;
  if (actor.kind !== "developer") throw toTrpcError(new DomainError("FORBIDDEN"));
  return next({ ctx: { ...ctx, actor } });
});

/** Platform staff holding one of `roles` (any role when none given). */
export function platformProcedure(...roles: PlatformRoleName[]) {
  return authedProcedure.use(({ ctx, next }) => {
    const actor = ctx.actor;
    if (actor.kind !== "platform" || (roles.length > 0 && !actor.roles.some((r) => roles.includes(r)))) {
      throw toTrpcError(new DomainError("FORBIDDEN"));
    }
    return next({ ctx: { ...ctx, actor } });
  });
}

/** Partner users holding one of `roles` (any role when none given). */
export function partnerProcedure(...roles: MembershipRole[]) {
  return authedProcedure.use(({ ctx, next }) => {
    const actor = ctx.actor;
    if (actor.kind !== "partner" || (roles.length > 0 && !roles.includes(actor.role))) throw toTrpcError(new DomainError("FORBIDDEN"));
    return next({ ctx: { ...ctx, actor } });
  });
}
