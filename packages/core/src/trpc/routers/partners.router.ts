import { z } from "zod";
import {
  createPartner,
  getPartner,
  listPartnerOptions,
  listPartners,
  updatePartner,
  ZPartner,
  ZPartnerCreateInput,
  ZPartnerListInput,
  ZPartnerOption,
  ZPartnerUpdateInput,
} from "../../modules/partners/index.ts";
import { createPartnerUser, listPartnerUsers, ZPartnerUser, ZPartnerUserCreateInput } from "../../modules/users/index.ts";
import { authedProcedure, platformProcedure, router } from "../init.ts";

const ZPartnerPublic = ZPartner;
const list = <T extends z.ZodTypeAny>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const partnersRouter = router({
  list: platformProcedure()
    .meta({ openapi: { method: "GET", path: "/partners", tags: ["partners"], protect: true } })
    .input(ZPartnerListInput)
    .output(list(ZPartnerPublic))
    .query(({ ctx, input }) => listPartners(ctx.actor, input)),
  options: platformProcedure()
    .input(z.void())
    .output(z.array(ZPartnerOption))
    .query(({ ctx }) => listPartnerOptions(ctx.actor)),
  get: platformProcedure()
    .meta({ openapi: { method: "GET", path: "/partners/{id}", tags: ["partners"], protect: true } })
    .input(z.object({ id: z.string() }))
    .output(ZPartnerPublic)
    .query(({ ctx, input }) => getPartner(ctx.actor, input.id)),
  create: platformProcedure()
    .meta({ openapi: { method: "POST", path: "/partners", tags: ["partners"], protect: true }, successStatus: 201 })
    .input(ZPartnerCreateInput)
    .output(ZPartnerPublic)
    .mutation(({ ctx, input }) => createPartner(ctx.actor, input)),
  update: platformProcedure()
    .meta({ openapi: { method: "PATCH", path: "/partners/{id}", tags: ["partners"], protect: true } })
    .input(ZPartnerUpdateInput.extend({ id: z.string() }))
    .output(ZPartnerPublic)
    .mutation(({ ctx, input: { id, ...patch } }) => updatePartner(ctx.actor, id, patch)),
  createUser: authedProcedure
    .meta({ openapi: { method: "POST", path: "/partners/{id}/users", tags: ["partners"], protect: true }, successStatus: 201 })
    .input(ZPartnerUserCreateInput.extend({ id: z.string() }))
    .output(ZPartnerUser)
    .mutation(({ ctx, input: { id, ...user } }) => createPartnerUser(ctx.actor, id, user)),
  listUsers: authedProcedure
    .meta({ openapi: { method: "GET", path: "/partners/{id}/users", tags: ["partners"], protect: true } })
    .input(z.object({ id: z.string() }))
    .output(z.object({ items: z.array(ZPartnerUser) }))
    .query(async ({ ctx, input }) => ({ items: await listPartnerUsers(ctx.actor, input.id) })),
});
