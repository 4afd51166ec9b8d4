import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { createCaller, env } from "@qudao/core/server";
import { usePluginText } from "@qudao/ui/plugin-texts";
import { withPluginTexts } from "@qudao/ui/plugin-texts.server";
import pluginStyles from "@qudao/ui/plugins.css?url";
import { requestContext } from "~/.server/request.server";
import { VersionStatusBadge } from "~/components/plugin-checks";
import { pageTitle } from "~/components/page-title";
import { throwPublicError } from "~/components/public-error.server";
import { RouteErrorBoundary } from "~/components/route-error-boundary";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "pluginDeveloper.plugins.title");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: pluginStyles }];

/** The developer's plugins (core answers for their own only and refuses anyone else). */
export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requestContext(request);
  try {
    const plugins = await createCaller(ctx).pluginDevelopers.list();
    return json({
      plugins: withPluginTexts(
        plugins.map((p) => {
          const newest = p.versions[0] ?? null;
          return { id: p.id, name: p.name, latestVersion: p.latestVersion, newest: newest ? { version: newest.version, status: newest.status, createdAt: newest.createdAt } : null, installs: p.activeInstalls };
        }),
        ctx.locale,
      ),
      origin: env().PLATFORM_URL?.replace(/\/$/, "") ?? new URL(request.url).origin,
    });
  } catch (error) {
    throwPublicError(error, ctx);
  }
}

/** The CLI steps from an empty folder to a version in review, with this platform's address filled in. */
function PublishSteps({ origin }: { origin: string }) {
  const { t } = useTranslation();
  const steps = [
    { key: "init", command: "npx qudao-plugin init my-plugin --id acme.sample" },
    { key: "validate", command: "cd my-plugin && npx qudao-plugin validate" },
    { key: "test", command: "npx qudao-plugin test" },
    { key: "pack", command: "npx qudao-plugin pack" },
    { key: "publish", command: `npx qudao-plugin publish --url ${origin} --key <API key>` },
  ] as const;
  return (
    <section className="card" aria-labelledby="publish-steps-title">
      <h2 id="publish-steps-title">{t("pluginDeveloper.publish.title")}</h2>
      <p className="muted">
        {t("pluginDeveloper.publish.intro")} <Link to="/api-keys">{t("pluginDeveloper.publish.createKey")}</Link>
      </p>
      <ol>
        {steps.map((step) => (
          <li key={step.key}>
            {t(`pluginDeveloper.publish.steps.${step.key}`)}
            <pre className="code">{step.command}</pre>
          </li>
        ))}
      </ol>
    </section>
  );
}

export default function DeveloperPlugins() {
  const { plugins, origin } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const text = usePluginText();
  const [params] = useSearchParams();
  return (
    <>
      <div className="page-head">
        <h1>{t("pluginDeveloper.plugins.title")}</h1>
      </div>
      {params.get("welcome") ? (
        <p className="notice" role="status">
          {t("pluginDeveloper.plugins.welcome")}
        </p>
      ) : null}
      {plugins.length === 0 ? (
        <p className="empty">{t("pluginDeveloper.plugins.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("pluginDeveloper.plugins.columns.name")}</th>
                <th scope="col">{t("pluginDeveloper.plugins.columns.latest")}</th>
                <th scope="col">{t("pluginDeveloper.plugins.columns.newestUpload")}</th>
                <th scope="col">{t("pluginDeveloper.plugins.columns.installs")}</th>
              </tr>
            </thead>
            <tbody>
              {plugins.map((plugin) => (
                <tr key={plugin.id} data-plugin-id={plugin.id}>
                  <td>
                    <Link to={`/developer/plugins/${plugin.id}`} className="partner-name">
                      {text(plugin.name) || plugin.id}
                    </Link>
                    <div className="muted small">
                      <code>{plugin.id}</code>
                    </div>
                  </td>
                  <td>{plugin.latestVersion ?? <span className="muted">{t("pluginDeveloper.plugins.notPublished")}</span>}</td>
                  <td>
                    {plugin.newest ? (
                      <>
                        {plugin.newest.version} <VersionStatusBadge status={plugin.newest.status} />
                      </>
                    ) : null}
                  </td>
                  <td>{plugin.installs}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <PublishSteps origin={origin} />
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
