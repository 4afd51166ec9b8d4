import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/**
 * Error page for routes inside the signed-in layout, so the navigation stays usable. Loaders throw
 * `json({ message }, { status })` with an already translated message (see errorResponse()).
 */
export function RouteErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const message =
    isRouteErrorResponse(error) && typeof error.data === "object" && error.data && "message" in error.data
      ? String((error.data as { message: unknown }).message)
      : status === 404
      ? t("errors.NOT_FOUND")
      : t("errors.INTERNAL");
  if (!isRouteErrorResponse(error)) console.error(error);
  return (
    <section className="error-page" aria-labelledby="error-status">
      <h1 id="error-status">{status}</h1>
      <p role="alert">{message}</p>
      <Link to="/leads" className="button">
        {t("portal.errorPage.home")}
      </Link>
    </section>
  );
}
