import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { I18nextProvider, useTranslation } from "react-i18next";
import { DEFAULT_LOCALE, type Locale } from "@qudao/core/i18n";
import { displayTimeZone, requestContext } from "~/.server/request.server";
import { i18nFor, pageTitle } from "~/i18n";
import styles from "~/styles.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = ({ matches, error }) => pageTitle(matches, error ? "portal.meta.error" : "portal.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requestContext(request);
  return json({ locale: ctx.locale, timeZone: displayTimeZone() });
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const locale: Locale = data?.locale ?? DEFAULT_LOCALE;
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
        <meta name="theme-color" content="#c8102e" />
        <Meta />
        <Links />
      </head>
      <body>
        <I18nextProvider i18n={i18nFor(locale)}>{children}</I18nextProvider>
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  useLoaderData<typeof loader>();
  return <Outlet />;
}

/** Errors outside the signed-in layout (and anything the layout itself throws): a page of its own. */
export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const message =
    isRouteErrorResponse(error) && typeof error.data === "object" && error.data && "message" in error.data
      ? String((error.data as { message: unknown }).message)
      : status === 404
      ? t("errors.NOT_FOUND")
      : t("errors.INTERNAL");
  return (
    <main className="error-page">
      <h1>{status}</h1>
      <p>{message}</p>
      <a href="/" className="button">
        {t("portal.errorPage.home")}
      </a>
    </main>
  );
}
