import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { env } from "@qudao/core/server";
import { actionError, requireAccount } from "~/.server/request.server";
import { CopyButton } from "~/components/copy-button";
import { DateTime } from "~/components/date-time";
import { FormError, FormField } from "~/components/form-field";
import { Notice, withNotice } from "~/components/notice";
import { pageTitle } from "~/components/page-title";
import { formText, throwPublicError } from "~/components/public-error.server";
import { RouteErrorBoundary } from "~/components/route-error-boundary";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "platform.apiKeys.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, caller } = await requireAccount(request);
  try {
    const keys = await caller.apiKeys.list();
    return json({ keys, origin: env().PLATFORM_URL?.replace(/\/$/, "") ?? new URL(request.url).origin });
  } catch (error) {
    throwPublicError(error, ctx);
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const { ctx, caller } = await requireAccount(request);
  const form = await request.formData();
  const intent = formText(form, "intent");
  if (intent === "revoke") {
    try {
      await caller.apiKeys.revoke({ id: formText(form, "id") });
      return redirect(withNotice("/api-keys", "apiKeyRevoked"));
    } catch (error) {
      const { body, status } = actionError(error, ctx);
      return json({ intent: "revoke" as const, ...body }, { status });
    }
  }
  const name = formText(form, "name");
  try {
    const created = await caller.apiKeys.create({ name });
    // The raw key travels in this one response only; core keeps just its hash.
    return json({ intent: "create" as const, created: { name: created.name, key: created.key } }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    const { body, status } = actionError(error, ctx);
    return json({ intent: "create" as const, ...body, name }, { status });
  }
}

export default function ApiKeys() {
  const { keys, origin } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const navigation = useNavigation();
  const submittingIntent = navigation.state === "submitting" ? navigation.formData?.get("intent") : null;
  const created = result && "created" in result ? result.created : null;
  const createError = result?.intent === "create" && "error" in result ? result : null;
  const revokeError = result?.intent === "revoke" && "error" in result ? result.error : null;

  return (
    <>
      <div className="page-head">
        <h1>{t("platform.apiKeys.title")}</h1>
      </div>
      <p className="muted">{t("platform.apiKeys.intro")}</p>
      <Notice />
      {revokeError ? (
        <p role="alert" className="form-error">
          {revokeError.message}
        </p>
      ) : null}

      {created ? (
        <section className="card secret-card" aria-labelledby="created-key-title">
          <h2 id="created-key-title">{t("platform.apiKeys.createdTitle", { name: created.name })}</h2>
          <p role="alert" className="warning">
            {t("platform.apiKeys.onceWarning")}
          </p>
          <p className="secret" data-testid="api-key-secret">
            {created.key}
          </p>
          <CopyButton text={created.key} label={t("platform.apiKeys.copy")} />
          <p className="muted">{t("platform.apiKeys.example")}</p>
          <pre className="code">{`curl -H "Authorization: Bearer ${created.key}" ${origin}/api/v1/me`}</pre>
        </section>
      ) : null}

      <section className="card" aria-labelledby="create-key-title">
        <h2 id="create-key-title">{t("platform.apiKeys.createTitle")}</h2>
        <Form method="post" action="/api-keys" noValidate key={created?.key ?? "new"}>
          <input type="hidden" name="intent" value="create" />
          <FormError error={createError?.error} fieldNames={["name"]} />
          <div className="inline-form">
            <FormField label={t("platform.apiKeys.name")} name="name" error={createError?.error.fields.name} required>
              {(control) => (
                <input {...control} type="text" maxLength={100} autoComplete="off" defaultValue={createError?.name ?? ""} placeholder={t("platform.apiKeys.namePlaceholder")} />
              )}
            </FormField>
            <button type="submit" className="primary" disabled={submittingIntent === "create"}>
              {t("platform.apiKeys.create")}
            </button>
          </div>
        </Form>
      </section>

      {keys.length === 0 ? (
        <p className="empty">{t("platform.apiKeys.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("platform.apiKeys.columns.name")}</th>
                <th scope="col">{t("platform.apiKeys.columns.prefix")}</th>
                <th scope="col">{t("platform.apiKeys.columns.created")}</th>
                <th scope="col">{t("platform.apiKeys.columns.lastUsed")}</th>
                <th scope="col">{t("platform.apiKeys.columns.status")}</th>
                <th scope="col" />
              </tr>
            </thead>
            <tbody>
              {keys.map((key) => (
                <tr key={key.id} className={key.revokedAt ? "revoked" : undefined}>
                  <td>{key.name}</td>
                  <td>
                    <code>{key.prefix}…</code>
                  </td>
                  <td className="nowrap">
                    <DateTime value={key.createdAt} />
                  </td>
                  <td className="nowrap">
                    <DateTime value={key.lastUsedAt} fallback={t("platform.apiKeys.neverUsed")} />
                  </td>
                  <td>
                    {key.revokedAt ? (
                      <>
                        <span className="badge partner-terminated">{t("platform.apiKeys.revoked")}</span>{" "}
                        <span className="muted small">
                          <DateTime value={key.revokedAt} />
                        </span>
                      </>
                    ) : (
                      <span className="badge partner-active">{t("platform.apiKeys.active")}</span>
                    )}
                  </td>
                  <td>
                    {key.revokedAt ? null : (
                      <Form
                        method="post"
                        onSubmit={(event) => {
                          if (!window.confirm(t("platform.apiKeys.revokeConfirm", { name: key.name }))) event.preventDefault();
                        }}
                      >
                        <input type="hidden" name="intent" value="revoke" />
                        <input type="hidden" name="id" value={key.id} />
                        <button type="submit" className="danger" disabled={submittingIntent === "revoke"}>
                          {t("common.actions.revoke")}
                        </button>
                      </Form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
