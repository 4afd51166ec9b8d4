import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { createCaller } from "@qudao/core/server";
import { pluginTextIn } from "@qudao/ui/plugin-texts.server";
import { actionError, requestContext } from "~/.server/request.server";
import { DateTime } from "~/components/date-time";
import { pageTitle } from "~/components/page-title";
import { Pager } from "~/components/pager";
import { formText, throwPublicError } from "~/components/public-error.server";
import { RouteErrorBoundary } from "~/components/route-error-boundary";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "pluginDeveloper.notifications.title");

const PAGE_SIZE = 30;

/** Staff and developers alike: the layout already sent everyone else to sign in; core checks again. */
export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requestContext(request);
  const cursor = new URL(request.url).searchParams.get("cursor") || undefined;
  try {
    const page = await createCaller(ctx).notifications.list({ limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) });
    // A plugin's own notification title is a text per language; the reader gets theirs.
    const items = page.items.map((n) => ({
      ...n,
      params: Object.fromEntries(Object.entries((n.params ?? {}) as Record<string, unknown>).map(([key, value]) => [key, pluginTextIn(value, ctx.locale) ?? value])),
    }));
    return json({ items, nextCursor: page.nextCursor });
  } catch (error) {
    throwPublicError(error, ctx);
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requestContext(request);
  const caller = createCaller(ctx);
  const form = await request.formData();
  try {
    if (formText(form, "intent") === "markAllRead") {
      const count = await caller.notifications.markAllRead();
      return json({ markedAll: count, error: null });
    }
    await caller.notifications.markRead({ id: formText(form, "id") });
    return json({ markedAll: null, error: null });
  } catch (error) {
    const { body, status } = actionError(error, ctx);
    return json({ markedAll: null, ...body }, { status });
  }
}

/** Links come from core (`/developer/plugins/<id>`, `/plugins/<id>`); only same-site paths are followed. */
function internalLink(link: string | null): string | null {
  return link && link.startsWith("/") && !link.startsWith("//") ? link : null;
}

export default function Notifications() {
  const { items, nextCursor } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const anyUnread = items.some((n) => !n.readAt);
  return (
    <>
      <div className="page-head">
        <h1>{t("pluginDeveloper.notifications.title")}</h1>
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
      {typeof result?.markedAll === "number" ? (
        <p className="notice" role="status">
          {t("pluginDeveloper.notifications.markedAll", { count: result.markedAll })}
        </p>
      ) : null}
      {items.length === 0 ? (
        <p className="empty">{t("pluginDeveloper.notifications.empty")}</p>
      ) : (
        <ul className="plain-list" aria-label={t("pluginDeveloper.notifications.title")}>
          {items.map((n) => {
            const link = internalLink(n.link);
            const unread = !n.readAt;
            return (
              <li key={n.id} data-notification-id={n.id} className="inline-form">
                <span className={unread ? "strong" : undefined}>
                  {unread ? <span className="badge new">{t("pluginDeveloper.notifications.unread")}</span> : null} {t(n.messageKey, n.params as Record<string, string>)}
                </span>
                <span className="muted small nowrap">
                  <DateTime value={n.createdAt} />
                </span>
                {link ? (
                  <Link to={link} className="button">
                    {t("pluginDeveloper.notifications.open")}
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
              </li>
            );
          })}
        </ul>
      )}
      <Pager nextCursor={nextCursor} />
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
