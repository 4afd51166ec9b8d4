import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { can, DomainError, env } from "@qudao/core/server";
import { PluginPermissionList } from "@qudao/ui/plugin-permissions";
import { PluginSettingsFields, settingsFormValues } from "@qudao/ui/plugin-settings";
import { pluginSettingDefinitions, pluginSettingsSubmission } from "@qudao/ui/plugin-settings.server";
import { localized, usePluginText } from "@qudao/ui/plugin-texts";
import { withPluginTexts } from "@qudao/ui/plugin-texts.server";
import pluginStyles from "@qudao/ui/plugins.css?url";
import { actionError, errorResponse, requireSignedIn } from "~/.server/request.server";
import { formClassNames } from "~/components/form-field";
import { RouteErrorBoundary } from "~/components/route-error";
import { pageTitle } from "~/i18n";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  data ? pageTitle(matches, "marketplace.meta.install", { name: data.title }) : pageTitle(matches, "portal.meta.error");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: pluginStyles }];

/**
 * The consent screen: every permission the version asks for, in plain words, its settings, and one
 * button that installs it for the admin's partner granting exactly those permissions.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  try {
    if (!can(actor, "plugin:install")) throw new DomainError("FORBIDDEN");
    const [listing, me] = await Promise.all([caller.marketplace.get({ id: params.pluginId ?? "" }), caller.auth.me()]);
    const install = listing.install;
    if (install && (install.scope === "platform" || install.status !== "uninstalled")) return redirect(install.scope === "platform" ? `/marketplace/${listing.id}` : `/plugins/${listing.id}`);
    const plugin = withPluginTexts(listing, ctx.locale);
    const settings = withPluginTexts(pluginSettingDefinitions(listing.settings), ctx.locale);
    return json({
      plugin: { id: plugin.id, name: plugin.name, version: plugin.version, publisher: plugin.publisher, permissions: plugin.permissions, objects: plugin.contributes.objects, restoring: install !== null },
      settings,
      title: localized(plugin.name, ctx.locale),
      partnerName: me.partnerName ?? "",
      quarantineDays: env().PLUGIN_QUARANTINE_DAYS,
    });
  } catch (error) {
    return errorResponse(error, ctx);
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
    // Exactly the permissions this screen listed: if the version changed meanwhile, core refuses and says which.
    const consentedPermissions = form.getAll("permission").filter((p): p is string => typeof p === "string");
    await caller.pluginInstalls.install({ pluginId: listing.id, scope: "partner", consentedPermissions, settings: submitted.settings });
    return redirect(`/plugins/${listing.id}?installed=1`);
  } catch (error) {
    const { body, status } = actionError(error, ctx);
    return json({ ...body, values: typed }, { status });
  }
}

export default function InstallPlugin() {
  const { plugin, settings, partnerName, quarantineDays } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const text = usePluginText();
  const busy = useNavigation().state === "submitting";
  const values = result?.values ?? settingsFormValues(settings, {});
  return (
    <div className="plugin-consent">
      <div className="page-head">
        <h1>{t("marketplace.consent.title", { name: text(plugin.name) })}</h1>
        <Link to={`/marketplace/${plugin.id}`} className="button link-button">
          {t("marketplace.consent.back")}
        </Link>
      </div>
      <p className="plugin-meta">
        <span>{t("marketplace.detail.publisher", { name: plugin.publisher })}</span>
        <span>{t("marketplace.detail.version", { version: plugin.version })}</span>
      </p>
      <Form method="post" noValidate className="card" aria-busy={busy}>
        {result?.error ? (
          <div role="alert" className="form-error">
            {result.error.message}
          </div>
        ) : null}
        <h2 className="card-title">{t("marketplace.consent.permissionsTitle", { partner: partnerName })}</h2>
        <PluginPermissionList permissions={plugin.permissions} objects={plugin.objects} />
        {plugin.permissions.map((permission) => (
          <input key={permission} type="hidden" name="permission" value={permission} />
        ))}
        <p className="muted">{t("marketplace.consent.scope", { partner: partnerName, days: quarantineDays })}</p>
        {plugin.restoring ? <p className="notice">{t("marketplace.consent.restoring")}</p> : null}
        {settings.length > 0 ? (
          <fieldset className="plugin-settings">
            <legend>{t("marketplace.consent.settings")}</legend>
            <PluginSettingsFields settings={settings} values={values} errors={result?.error.fields ?? {}} classNames={formClassNames} />
          </fieldset>
        ) : null}
        <div className={formClassNames.actions}>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t("marketplace.consent.installing") : t("marketplace.consent.confirm")}
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
