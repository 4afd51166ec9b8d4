import { z } from "zod";
import { createApiKey, listApiKeys, revokeApiKey, ZApiKey, ZApiKeyCreateInput } from "../../modules/api-keys/index.ts";
import { listAuditLog, ZAuditEntry, ZAuditListInput } from "../../modules/audit/index.ts";
import {
  countUnreadNotifications,
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  ZNotification,
  ZNotificationListInput,
} from "../../modules/notifications/index.ts";
import { setLocale, ZLocale } from "../../modules/users/index.ts";
import { platformProcedure, router, signedInProcedure } from "../init.ts";

export const notificationsRouter = router({
  list: signedInProcedure
    .meta({ openapi: { method: "GET", path: "/notifications", tags: ["notifications"], protect: true } })
    .input(ZNotificationListInput)
    .output(z.object({ items: z.array(ZNotification), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => listNotifications(ctx.actor, input)),
  unreadCount: signedInProcedure.input(z.void()).query(({ ctx }) => countUnreadNotifications(ctx.actor)),
  markRead: signedInProcedure
    .meta({ openapi: { method: "POST", path: "/notifications/{id}/read", tags: ["notifications"], protect: true }, successStatus: 204 })
    .input(z.object({ id: z.string() }))
    .output(z.void())
    .mutation(({ ctx, input }) => markNotificationRead(ctx.actor, input.id)),
  markAllRead: signedInProcedure.input(z.void()).mutation(({ ctx }) => markAllNotificationsRead(ctx.actor)),
});

export const apiKeysRouter = router({
  list: signedInProcedure.input(z.void()).output(z.array(ZApiKey)).query(({ ctx }) => listApiKeys(ctx.actor)),
  create: signedInProcedure.input(ZApiKeyCreateInput).mutation(({ ctx, input }) => createApiKey(ctx.actor, input)),
  revoke: signedInProcedure.input(z.object({ id: z.string() })).mutation(({ ctx, input }) => revokeApiKey(ctx.actor, input.id)),
});

export const auditRouter = router({
  list: platformProcedure("admin")
    .meta({ openapi: { method: "GET", path: "/audit-log", tags: ["audit"], protect: true } })
    .input(ZAuditListInput)
    .output(z.object({ items: z.array(ZAuditEntry), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => listAuditLog(ctx.actor, input)),
});

export const preferencesRouter = router({
  setLocale: signedInProcedure
    .meta({ openapi: { method: "PUT", path: "/me/locale", tags: ["sessions"], protect: true } })
    .input(z.object({ locale: ZLocale }))
    .output(z.object({ locale: ZLocale }))
    .mutation(({ ctx, input }) => setLocale(ctx.actor, input.locale)),
});
