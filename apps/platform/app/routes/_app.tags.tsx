import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { TAG_NAME_MAX } from "@qudao/core/schemas";
import { can } from "@qudao/core/server";
import { actionError, requireSignedIn } from "~/.server/request.server";
import { DateTime } from "~/components/date-time";
import { FormError, FormField } from "~/components/form-field";
import { pageTitle } from "~/components/page-title";
import { formText, throwPublicError } from "~/components/public-error.server";
import { RouteErrorBoundary } from "~/components/route-error-boundary";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "segments.tags.manage.title");

const DEFAULT_COLOR = "#2563eb";

export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  try {
    const { items } = await caller.tags.list({ scope: "platform", limit: 200 });
    return json({ tags: [...items].sort((a, b) => a.name.localeCompare(b.name, "zh-CN")), mayManage: can(actor, "tag:manage") });
  } catch (error) {
    throwPublicError(error, ctx);
  }
}

type Intent = "create" | "update" | "delete";
const INTENTS: readonly Intent[] = ["create", "update", "delete"];

export async function action({ request }: ActionFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const form = await request.formData();
  const intent = INTENTS.find((i) => i === formText(form, "intent")) ?? "create";
  const values = { id: formText(form, "id"), name: formText(form, "name"), color: formText(form, "color") };
  try {
    switch (intent) {
      case "create": {
        const tag = await caller.tags.create({ name: values.name, color: values.color || null });
        return json({ intent, done: tag.name, values: null, error: null });
      }
      case "update": {
        const tag = await caller.tags.update({ id: values.id, name: values.name, color: values.color || null });
        return json({ intent, done: tag.name, values: null, error: null });
      }
      case "delete":
        await caller.tags.delete({ id: values.id });
        return json({ intent, done: values.name, values: null, error: null });
    }
  } catch (error) {
    const { body, status } = actionError(error, ctx);
    return json({ intent, done: null, values, ...body }, { status });
  }
}

export default function PlatformTags() {
  const { tags, mayManage } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const createForm = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (result?.intent === "create" && result.done) createForm.current?.reset();
  }, [result]);
  const createResult = result?.intent === "create" ? result : undefined;

  return (
    <>
      <div className="page-head">
        <h1>{t("segments.tags.manage.title")}</h1>
      </div>
      <p className="muted">{t("segments.tags.manage.introPlatform")}</p>
      {result?.done ? (
        <p role="status" className="notice">
          {t(result.intent === "create" ? "segments.tags.manage.created" : result.intent === "update" ? "segments.tags.manage.updated" : "segments.tags.manage.deleted", { name: result.done })}
        </p>
      ) : null}
      {result && result.intent !== "create" && result.error ? (
        <p role="alert" className="form-error">
          {result.error.message} {Object.values(result.error.fields).join(" ")}
        </p>
      ) : null}

      {tags.length === 0 ? (
        <p className="empty">{t("segments.tags.manage.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("segments.tags.manage.columns.name")}</th>
                <th scope="col">{t("segments.tags.manage.columns.customers")}</th>
                <th scope="col">{t("platform.customers.columns.created")}</th>
                {mayManage ? <th scope="col">{t("segments.tags.manage.columns.actions")}</th> : null}
              </tr>
            </thead>
            <tbody>
              {tags.map((tag) => (
                <tr key={tag.id}>
                  <td>
                    <span className="tag-chip" style={tag.color ? { borderColor: tag.color, color: tag.color } : undefined}>
                      {tag.name}
                    </span>
                  </td>
                  <td>{tag.customerCount ?? "—"}</td>
                  <td className="nowrap">
                    <DateTime value={tag.createdAt} style="date" />
                  </td>
                  {mayManage ? (
                    <td className="tag-actions">
                      <details>
                        <summary className="link">{t("segments.tags.manage.rename")}</summary>
                        <Form method="post" className="inline-form">
                          <input type="hidden" name="intent" value="update" />
                          <input type="hidden" name="id" value={tag.id} />
                          <input name="name" defaultValue={tag.name} maxLength={TAG_NAME_MAX} aria-label={t("segments.tags.manage.name")} required />
                          <input name="color" type="color" className="color-input" defaultValue={tag.color ?? DEFAULT_COLOR} aria-label={t("segments.tags.manage.color")} />
                          <button type="submit" disabled={busy}>
                            {t("segments.tags.manage.save")}
                          </button>
                        </Form>
                      </details>
                      <details className="confirm">
                        <summary className="link danger">{t("segments.tags.manage.delete")}</summary>
                        <Form method="post">
                          <input type="hidden" name="intent" value="delete" />
                          <input type="hidden" name="id" value={tag.id} />
                          <input type="hidden" name="name" value={tag.name} />
                          <p className="small">{t("segments.tags.manage.confirmDelete", { name: tag.name, count: tag.customerCount ?? 0 })}</p>
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
        </div>
      )}

      {mayManage ? (
        <section className="card" aria-labelledby="new-tag-title">
          <h2 id="new-tag-title">{t("segments.tags.manage.createTitle")}</h2>
          <Form method="post" noValidate ref={createForm} className="inline-form">
            <input type="hidden" name="intent" value="create" />
            <FormError error={createResult?.error ?? undefined} fieldNames={["name", "color"]} />
            <FormField label={t("segments.tags.manage.name")} name="name" error={createResult?.error?.fields.name} required>
              {(control) => <input {...control} maxLength={TAG_NAME_MAX} defaultValue={createResult?.values?.name ?? ""} />}
            </FormField>
            <FormField label={t("segments.tags.manage.color")} name="color" error={createResult?.error?.fields.color}>
              {(control) => <input {...control} type="color" className="color-input" defaultValue={createResult?.values?.color || DEFAULT_COLOR} />}
            </FormField>
            <button type="submit" className="primary" disabled={busy}>
              {t("segments.tags.manage.create")}
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
