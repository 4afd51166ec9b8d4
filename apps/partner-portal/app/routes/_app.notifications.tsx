import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pluginTextIn } from "@qudao/ui/plugin-texts.server";
import { actionError, errorResponse, requireSignedIn } from "~/.server/request.server";
import { RouteErrorBoundary } from "~/components/route-error";
import { useDateFormat } from "~/date-format";
import { pageTitle } from "~/i18n";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "portal.meta.notifications");

const PAGE_SIZE = 20;

export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const cursor = new URL(request.url).searchParams.get("cursor") ?? "";
  const page = await caller.notifications
    .list({ limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) })
    .catch((error: unknown) => errorResponse(error, ctx));
  // A plugin's notification carries its title in every language ({zh-CN, zh-TW?, en}): keep the reader's.
  const items = page.items.map((n) => ({
    ...n,
    params: Object.fromEntries(Object.entries((n.params ?? {}) as Record<string, unknown>).map(([key, value]) => [key, pluginTextIn(value, ctx.locale) ?? value])),
  }));
  return json({ items, nextCursor: page.nextCursor, cursor });
}

export async function action({ request }: ActionFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const form = await request.formData();
  try {
    if (form.get("intent") === "markAllRead") {
      const count = await caller.notifications.markAllRead();
      return json({ markedAll: count, markedOne: false, error: null });
    }
    await caller.notifications.markRead({ id: String(form.get("id") ?? "") });
    return json({ markedAll: null, markedOne: true, error: null });
  } catch (error) {
    const { body, status } = actionError(error, ctx);
    return json({ markedAll: null, markedOne: false, ...body }, { status });
  }
}

/** Links come from core (`/leads/<id>`); only same-site paths are followed. */
function internalLink(link: string | null): string | null {
  return link && link.startsWith("/") && !link.startsWith("//") ? link : null;
}

export default function Notifications() {
  const { items, nextCursor, cursor } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const format = useDateFormat();
  const busy = useNavigation().state === "submitting";
  const anyUnread = items.some((n) => !n.readAt);
  return (
    <>
      <div className="page-head">
        <h1>{t("portal.notifications.title")}</h1>
        {anyUnread ? (
          <Form method="post">
            <button type="submit" name="intent" value="markAllRead" disabled={busy}>
              {t("common.actions.markAllRead")}
            </button>
          </Form>
        ) : null}
      </div>
      {result?.error ? (
        <p role="alert" className="form-error">
          {result.error.message}
        </p>
      ) : null}
      {result?.markedAll !== null && result?.markedAll !== undefined ? (
        <p className="notice" role="status">
          {t("portal.notifications.markedAll", { count: result.markedAll })}
        </p>
      ) : null}
      {items.length === 0 ? (
        <p className="empty">{t("portal.notifications.empty")}</p>
      ) : (
        <ul className="notification-list">
          {items.map((n) => {
            const link = internalLink(n.link);
            const unread = !n.readAt;
            return (
              <li key={n.id} className={unread ? "notification unread" : "notification"}>
                <div className="notification-body">
                  <p className="notification-text">
                    {unread ? <span className="unread-dot" aria-hidden="true" /> : null}
                    <span className="visually-hidden">{unread ? t("portal.notifications.unread") : t("portal.notifications.read")}</span>
                    {t(n.messageKey, n.params as Record<string, string>)}
                  </p>
                  {n.type === "plugin.notify" && typeof n.params.body === "string" && n.params.body ? <p className="notification-text muted">{n.params.body}</p> : null}
                  <time className="muted" dateTime={n.createdAt}>
                    {format.dateTime(n.createdAt)}
                  </time>
                </div>
                <div className="notification-actions">
                  {link ? (
                    <Link to={link} className="button">
                      {t("portal.notifications.open")}
                    </Link>
                  ) : null}
                  {unread ? (
                    <Form method="post">
                      <input type="hidden" name="id" value={n.id} />
                      <button type="submit" name="intent" value="markRead" disabled={busy}>
                        {t("common.actions.markRead")}
                      </button>
                    </Form>
                  ) : null}
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <nav className="pager" aria-label={t("portal.leads.pagination")}>
        {cursor ? (
          <Link to="/notifications" className="button">
            {t("common.actions.first")}
          </Link>
        ) : null}
        {nextCursor ? (
          <Link to={`/notifications?cursor=${encodeURIComponent(nextCursor)}`} className="button">
            {t("common.actions.next")}
          </Link>
        ) : null}
      </nav>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
