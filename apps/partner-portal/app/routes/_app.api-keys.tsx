import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { actionError, errorResponse, requireSignedIn } from "~/.server/request.server";
import { Field, FormError } from "~/components/form-field";
import { RouteErrorBoundary } from "~/components/route-error";
import { useDateFormat } from "~/date-format";
import { pageTitle } from "~/i18n";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "portal.meta.apiKeys");

export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  // Core lets only partner admins manage keys; others get the translated 403 page.
  const keys = await caller.apiKeys.list().catch((error: unknown) => errorResponse(error, ctx));
  return json({ keys });
}

type ApiKeyActionResult = {
  intent: "create" | "revoke";
  created: { name: string; key: string } | null;
  revoked: { name: string } | null;
  error: { code: string; message: string; fields: Record<string, string> } | null;
  name?: string;
};

export async function action({ request }: ActionFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const form = await request.formData();
  const intent = form.get("intent") === "revoke" ? "revoke" : "create";
  const name = String(form.get("name") ?? "");
  try {
    if (intent === "revoke") {
      const revoked = await caller.apiKeys.revoke({ id: String(form.get("id") ?? "") });
      return json<ApiKeyActionResult>({ intent, created: null, revoked: { name: revoked.name }, error: null });
    }
    // The raw key is in this one response only; core keeps just its hash.
    const created = await caller.apiKeys.create({ name });
    return json<ApiKeyActionResult>({ intent, created: { name: created.name, key: created.key }, revoked: null, error: null });
  } catch (error) {
    const { body, status } = actionError(error, ctx);
    return json<ApiKeyActionResult>({ intent, created: null, revoked: null, ...body, name }, { status });
  }
}

function NewKey({ name, secret }: { name: string; secret: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const box = useRef<HTMLElement>(null);
  useEffect(() => {
    box.current?.focus();
  }, [secret]);
  const copy = () => {
    void navigator.clipboard?.writeText(secret).then(() => setCopied(true));
  };
  return (
    <section className="new-key" role="status" aria-labelledby="new-key-title" tabIndex={-1} ref={box}>
      <h2 id="new-key-title">{t("portal.apiKeys.createdTitle", { name })}</h2>
      <p>{t("portal.apiKeys.copyHint")}</p>
      <code className="secret" data-testid="api-key-secret">
        {secret}
      </code>
      <p className="warning">{t("portal.apiKeys.onceWarning")}</p>
      <button type="button" onClick={copy}>
        {copied ? t("portal.apiKeys.copied") : t("common.actions.copy")}
      </button>
    </section>
  );
}

export default function ApiKeys() {
  const { keys } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const format = useDateFormat();
  const busy = useNavigation().state === "submitting";
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (result?.created) formRef.current?.reset();
  }, [result]);
  const columns = {
    name: t("portal.apiKeys.columns.name"),
    prefix: t("portal.apiKeys.columns.prefix"),
    createdAt: t("portal.apiKeys.columns.createdAt"),
    lastUsed: t("portal.apiKeys.columns.lastUsed"),
    status: t("portal.apiKeys.columns.status"),
  };
  return (
    <>
      <div className="page-head">
        <h1>{t("portal.apiKeys.title")}</h1>
      </div>
      <p className="muted">{t("portal.apiKeys.intro")}</p>
      {result?.created ? <NewKey name={result.created.name} secret={result.created.key} /> : null}
      {result?.revoked ? (
        <p className="notice" role="status">
          {t("portal.apiKeys.revokedNotice", { name: result.revoked.name })}
        </p>
      ) : null}
      {result?.intent === "revoke" && result.error ? <FormError message={result.error.message} submission={result} /> : null}
      {keys.length === 0 ? (
        <p className="empty">{t("portal.apiKeys.empty")}</p>
      ) : (
        <table className="responsive-table">
          <thead>
            <tr>
              <th scope="col">{columns.name}</th>
              <th scope="col">{columns.prefix}</th>
              <th scope="col">{columns.createdAt}</th>
              <th scope="col">{columns.lastUsed}</th>
              <th scope="col">{columns.status}</th>
              <th scope="col">
                <span className="visually-hidden">{t("common.actions.revoke")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.map((key) => (
              <tr key={key.id} className={key.revokedAt ? "inactive" : undefined}>
                <td className="cell-title" data-label={columns.name}>
                  {key.name}
                </td>
                <td data-label={columns.prefix}>
                  <code>{key.prefix}…</code>
                </td>
                <td data-label={columns.createdAt}>
                  <time dateTime={key.createdAt}>{format.dateTime(key.createdAt)}</time>
                </td>
                <td data-label={columns.lastUsed}>
                  {key.lastUsedAt ? (
                    <time dateTime={key.lastUsedAt}>{format.dateTime(key.lastUsedAt)}</time>
                  ) : (
                    <span className="muted">{t("portal.apiKeys.neverUsed")}</span>
                  )}
                </td>
                <td data-label={columns.status}>
                  {key.revokedAt ? (
                    <span className="badge disqualified">{t("portal.apiKeys.revokedAt", { date: format.dateTime(key.revokedAt) })}</span>
                  ) : (
                    <span className="badge qualified">{t("portal.apiKeys.active")}</span>
                  )}
                </td>
                <td className="cell-actions">
                  {key.revokedAt ? null : (
                    <Form
                      method="post"
                      onSubmit={(event) => {
                        if (!window.confirm(t("portal.apiKeys.revokeConfirm", { name: key.name }))) event.preventDefault();
                      }}
                    >
                      <input type="hidden" name="id" value={key.id} />
                      <button type="submit" name="intent" value="revoke" className="danger" disabled={busy}>
                        {t("common.actions.revoke")}
                      </button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <section aria-labelledby="api-key-create-title">
        <h2 id="api-key-create-title">{t("portal.apiKeys.create.title")}</h2>
        <Form method="post" noValidate className="card" ref={formRef} aria-busy={busy}>
          {result?.intent === "create" ? <FormError message={result.error?.message} submission={result} /> : null}
          <div className="inline-form">
            <Field form="api-key" name="name" label={t("portal.apiKeys.create.name")} error={result?.error?.fields.name} required>
              {(control) => (
                <input
                  {...control}
                  type="text"
                  maxLength={100}
                  placeholder={t("portal.apiKeys.create.namePlaceholder")}
                  defaultValue={result?.name}
                />
              )}
            </Field>
            <button type="submit" name="intent" value="create" className="primary" disabled={busy}>
              {t("portal.apiKeys.create.submit")}
            </button>
          </div>
        </Form>
      </section>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
