import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { can, DomainError } from "@qudao/core/server";
import { PluginPermissionList } from "@qudao/ui/plugin-permissions";
import { PluginSettingsFields, settingsFormValues } from "@qudao/ui/plugin-settings";
import { pluginSettingDefinitions, pluginSettingsSubmission } from "@qudao/ui/plugin-settings.server";
import { localized, usePluginText } from "@qudao/ui/plugin-texts";
import { withPluginTexts } from "@qudao/ui/plugin-texts.server";
import pluginStyles from "@qudao/ui/plugins.css?url";
import { actionError, requireSignedIn } from "~/.server/request.server";
import { formClassNames } from "~/components/form-field";
import { pageTitle } from "~/components/page-title";
import { throwPublicError } from "~/components/public-error.server";
import { RouteErrorBoundary } from "~/components/route-error-boundary";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, "pluginReview.consent.metaTitle", data ? localized(data.plugin.name, data.locale) || data.plugin.id : null);
export const links: LinksFunction = () => [{ rel: "stylesheet", href: pluginStyles }];

/**
 * The consent screen for a platform-wide install (platform admins): every permission the version asks
 * for in plain words, its settings, and one button that grants exactly those permissions.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  try {
    if (!can(actor, "plugin:install")) throw new DomainError("FORBIDDEN");
    const listing = await caller.marketplace.get({ id: params.pluginId ?? "" });
    const install = listing.install;
    if (install && (install.status === "active" || install.status === "disabled")) return redirect("/marketplace/installed");
    const plugin = withPluginTexts(listing, ctx.locale);
    return json({
      locale: ctx.locale,
      plugin: { id: plugin.id, name: plugin.name, version: plugin.version, publisher: plugin.publisher, permissions: plugin.permissions, objects: plugin.contributes.objects, restoring: install?.status === "uninstalled" },
      settings: withPluginTexts(pluginSettingDefinitions(listing.settings), ctx.locale),
    });
  } catch (error) {
    throwPublicError(error, ctx);
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const form = await request.formData();
  let typed: Record<string, string> = {};
  try {
    const listing = await caller.marketplace.get({ id: params.pluginId ?? "" });
    const submitted = pluginSettingsSubmission(form, pluginSettingDefinitions(listing.settings));
    typed = submitted.typed;
    // Exactly the permissions the screen listed: if the version changed meanwhile, core refuses and names them.
    const consentedPermissions = form.getAll("permission").filter((p): p is string => typeof p === "string");
    await caller.pluginInstalls.install({ pluginId: listing.id, scope: "platform", consentedPermissions, settings: submitted.settings });
    return redirect(`/marketplace/installed?done=installed&plugin=${encodeURIComponent(listing.id)}`);
  } catch (error) {
    const { body, status } = actionError(error, ctx);
    return json({ ...body, values: typed }, { status });
  }
}

export default function InstallPlatformWide() {
  const { plugin, settings } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const text = usePluginText();
  const busy = useNavigation().state === "submitting";
  const values = result?.values ?? settingsFormValues(settings, {});
  return (
    <div className="plugin-consent">
      <div className="page-head">
        <h1>{t("pluginReview.consent.title", { name: text(plugin.name) || plugin.id })}</h1>
        <Link to={`/marketplace/${plugin.id}`} className="button">
          {t("pluginReview.consent.back")}
        </Link>
      </div>
      <p className="plugin-meta">
        <span>{t("pluginReview.market.publisher", { name: plugin.publisher })}</span>
        <span>{t("pluginReview.market.version", { version: plugin.version })}</span>
      </p>
      <Form method="post" noValidate className="card" aria-busy={busy}>
        {result?.error ? (
          <p role="alert" className="form-error">
            {result.error.message}
          </p>
        ) : null}
        <h2>{t("pluginReview.consent.permissionsTitle")}</h2>
        <PluginPermissionList permissions={plugin.permissions} objects={plugin.objects} />
        {plugin.permissions.map((permission) => (
          <input key={permission} type="hidden" name="permission" value={permission} />
        ))}
        <p className="muted">{t("pluginReview.consent.scope")}</p>
        {plugin.restoring ? <p className="notice">{t("pluginReview.consent.restoring")}</p> : null}
        {settings.length > 0 ? (
          <fieldset className="plain-fieldset">
            <legend>{t("pluginReview.consent.settings")}</legend>
            <PluginSettingsFields settings={settings} values={values} errors={result?.error.fields ?? {}} classNames={formClassNames} />
          </fieldset>
        ) : null}
        <div className={formClassNames.actions}>
          <button type="submit" className="primary" disabled={busy}>
            {t("pluginReview.consent.confirm")}
          </button>
          <Link to={`/marketplace/${plugin.id}`} className="button">
            {t("common.actions.cancel")}
          </Link>
        </div>
      </Form>
    </div>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
