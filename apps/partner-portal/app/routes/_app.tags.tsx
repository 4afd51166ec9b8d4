import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { TAG_NAME_MAX } from "@qudao/core/schemas";
import { actionError, errorResponse, formValues, requireSignedIn } from "~/.server/request.server";
import { Field, FormError } from "~/components/form-field";
import { RouteErrorBoundary } from "~/components/route-error";
import { pageTitle } from "~/i18n";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "segments.tags.manage.title");

const DEFAULT_COLOR = "#2563eb";

export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  const { items } = await caller.tags.list({ limit: 200 }).catch((error: unknown) => errorResponse(error, ctx));
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, "zh-CN");
  return json({
    own: items.filter((tag) => tag.scope === "partner").sort(byName),
    platform: items.filter((tag) => tag.scope === "platform").sort(byName),
    // Core decides (tag:manage); reps see the tags they can use.
    mayManage: actor.role !== "rep",
  });
}

type Intent = "create" | "update" | "delete";
const INTENTS: readonly Intent[] = ["create", "update", "delete"];

export async function action({ request }: ActionFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const form = await request.formData();
  const values = formValues(form, ["intent", "id", "name", "color"] as const);
  const intent = INTENTS.find((i) => i === values.intent) ?? "create";
  try {
    switch (intent) {
      case "create":
        return json({ intent, done: (await caller.tags.create({ name: values.name, color: values.color || null })).name, values: null, error: null });
      case "update":
        return json({ intent, done: (await caller.tags.update({ id: values.id, name: values.name, color: values.color || null })).name, values: null, error: null });
      case "delete":
        await caller.tags.delete({ id: values.id });
        return json({ intent, done: values.name, values: null, error: null });
    }
  } catch (error) {
    const { body, status } = actionError(error, ctx);
    return json({ intent, done: null, ...body, values }, { status });
  }
}

export default function Tags() {
  const { own, platform, mayManage } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const createForm = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (result?.intent === "create" && result.done) createForm.current?.reset();
  }, [result]);
  const createResult = result?.intent === "create" ? result : undefined;
  const rowError = result && result.intent !== "create" && result.error ? result.error : null;
  const columns = {
    name: t("segments.tags.manage.columns.name"),
    customers: t("segments.tags.manage.columns.customers"),
    actions: t("segments.tags.manage.columns.actions"),
  };
  const doneKey = result?.intent === "create" ? "segments.tags.manage.created" : result?.intent === "update" ? "segments.tags.manage.updated" : "segments.tags.manage.deleted";

  return (
    <>
      <div className="page-head">
        <h1>{t("segments.tags.manage.title")}</h1>
      </div>
      <p className="muted">{t("segments.tags.manage.introPartner")}</p>
      {!mayManage ? <p className="muted">{t("segments.tags.manage.noManage")}</p> : null}
      {result?.done ? (
        <p className="notice" role="status">
          {t(doneKey, { name: result.done })}
        </p>
      ) : null}
      {rowError ? (
        <div role="alert" className="form-error">
          {Object.values(rowError.fields)[0] ?? rowError.message}
        </div>
      ) : null}

      <h2>{t("segments.tags.manage.scope.partner")}</h2>
      {own.length === 0 ? (
        <p className="empty">{t("segments.tags.manage.empty")}</p>
      ) : (
        <table className="responsive-table tag-table">
          <thead>
            <tr>
              <th scope="col">{columns.name}</th>
              <th scope="col">{columns.customers}</th>
              {mayManage ? <th scope="col">{columns.actions}</th> : null}
            </tr>
          </thead>
          <tbody>
            {own.map((tag) => (
              <tr key={tag.id}>
                <td className="cell-title" data-label={columns.name}>
                  <span className="tag-chip" style={tag.color ? { borderColor: tag.color, color: tag.color } : undefined}>
                    {tag.name}
                  </span>
                </td>
                <td data-label={columns.customers}>{tag.customerCount ?? 0}</td>
                {mayManage ? (
                  <td className="cell-actions tag-actions">
                    <details>
                      <summary className="link-button">{t("segments.tags.manage.rename")}</summary>
                      <Form method="post" className="tag-edit-form">
                        <input type="hidden" name="intent" value="update" />
                        <input type="hidden" name="id" value={tag.id} />
                        <input name="name" defaultValue={tag.name} maxLength={TAG_NAME_MAX} aria-label={t("segments.tags.manage.name")} required />
                        <input name="color" type="color" className="color-input" defaultValue={tag.color ?? DEFAULT_COLOR} aria-label={t("segments.tags.manage.color")} />
                        <button type="submit" disabled={busy}>
                          {t("segments.tags.manage.save")}
                        </button>
                      </Form>
                    </details>
                    <details>
                      <summary className="link-button danger">{t("segments.tags.manage.delete")}</summary>
                      <Form method="post" className="tag-edit-form">
                        <input type="hidden" name="intent" value="delete" />
                        <input type="hidden" name="id" value={tag.id} />
                        <input type="hidden" name="name" value={tag.name} />
                        <p className="warning-text">{t("segments.tags.manage.confirmDelete", { name: tag.name, count: tag.customerCount ?? 0 })}</p>
                        <button type="submit" className="danger" disabled={busy}>
                          {t("segments.tags.manage.confirmDeleteSubmit")}
                        </button>
                      </Form>
                    </details>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {mayManage ? (
        <section aria-labelledby="tag-create-title">
          <h2 id="tag-create-title">{t("segments.tags.manage.createTitle")}</h2>
          <Form method="post" noValidate className="card" ref={createForm} aria-busy={busy}>
            <input type="hidden" name="intent" value="create" />
            <FormError message={createResult?.error?.message} submission={createResult} />
            <div className="form-grid">
              <Field form="tag" name="name" label={t("segments.tags.manage.name")} error={createResult?.error?.fields.name} required>
                {(control) => <input {...control} type="text" maxLength={TAG_NAME_MAX} autoComplete="off" defaultValue={createResult?.values?.name ?? ""} />}
              </Field>
              <Field form="tag" name="color" label={t("segments.tags.manage.color")} error={createResult?.error?.fields.color}>
                {(control) => <input {...control} type="color" className="color-input" defaultValue={createResult?.values?.color || DEFAULT_COLOR} />}
              </Field>
            </div>
            <div className="form-actions">
              <button type="submit" className="primary" disabled={busy}>
                {t("segments.tags.manage.create")}
              </button>
            </div>
          </Form>
        </section>
      ) : null}

      <h2>{t("segments.tags.manage.scope.platform")}</h2>
      {platform.length === 0 ? (
        <p className="empty">{t("segments.tags.manage.empty")}</p>
      ) : (
        <>
          <p className="muted">{t("segments.tags.platformReadOnly")}</p>
          <ul className="tag-chips">
            {platform.map((tag) => (
              <li key={tag.id} className="tag-chip tag-platform" style={tag.color ? { borderColor: tag.color, color: tag.color } : undefined}>
                {tag.name}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
