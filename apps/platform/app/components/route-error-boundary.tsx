import { isRouteErrorResponse, Link, useLocation, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/**
 * Errors of a page inside the console layout: the navigation stays, the message is the translated
 * one the loader threw (`json({ message }, { status })`), never a stack trace.
 */
export function RouteErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const location = useLocation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const thrownMessage =
    isRouteErrorResponse(error) && typeof error.data === "object" && error.data && "message" in error.data
      ? String((error.data as { message: unknown }).message)
      : null;
  const message =
    thrownMessage ??
    (status === 404 ? t("errors.NOT_FOUND") : status === 403 ? t("errors.FORBIDDEN") : t("errors.INTERNAL"));
  const params = new URLSearchParams(location.search);
  // A stale or mangled page cursor is the usual 400 on a list: offer the same list from its start.
  let firstPage: string | null = null;
  if (params.has("cursor")) {
    params.delete("cursor");
    firstPage = `${location.pathname}${params.toString() ? `?${params.toString()}` : ""}`;
  }
  return (
    <section className="error-page" aria-labelledby="error-title">
      <h1 id="error-title">
        {status} · {t("platform.errorPage.title")}
      </h1>
      <p role="alert">{message}</p>
      <p>
        {status === 400 && firstPage ? (
          <>
            <Link to={firstPage}>{t("platform.errorPage.firstPage")}</Link>
            {" · "}
          </>
        ) : null}
        <Link to="/">{t("platform.errorPage.backToConsole")}</Link>
      </p>
    </section>
  );
}
