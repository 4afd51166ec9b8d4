import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { TTaskStatus } from "@qudao/core/schemas";
import { PluginRecordPanels } from "@qudao/ui/plugin-panels";
import { pluginRecordPanels } from "@qudao/ui/plugin-panels.server";
import { actionError, errorResponse, formValues, requireSignedIn } from "~/.server/request.server";
import { formInstant, formLocal } from "~/.server/work-forms.server";
import { pluginLinks, usePluginConventions } from "~/components/plugin-conventions";
import { quickLogLinks } from "~/components/quick-log";
import { RouteErrorBoundary } from "~/components/route-error";
import { TASK_FIELDS, TaskForm } from "~/components/task-form";
import { useDateFormat } from "~/date-format";
import { pageTitle } from "~/i18n";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  data ? pageTitle(matches, "work.portal.meta.task", { title: data.task.displayTitle }) : pageTitle(matches, "portal.meta.error");
export const links: LinksFunction = () => [...quickLogLinks(), ...pluginLinks()];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  // Another partner's task, or a teammate's for a rep, is NOT_FOUND in core: a 404 page.
  const task = await caller.tasks.get({ id: params.id ?? "" }).catch((error: unknown) => errorResponse(error, ctx));
  let assignees: Array<{ id: string; name: string }> | null = null;
  if (actor.role !== "rep") {
    assignees = await caller.leads.assignees({ partnerId: task.partnerId }).catch((error: unknown) => errorResponse(error, ctx));
    // Keep a leaver selectable, so saving other fields does not silently reassign.
    if (task.assigneeId && task.assigneeName && !assignees.some((u) => u.id === task.assigneeId)) assignees = [...assignees, { id: task.assigneeId, name: task.assigneeName }];
  }
  // The installed plugins' panels on a task.
  const plugins = await pluginRecordPanels(caller, actor, { surface: "portal", object: "task", id: task.id, locale: ctx.locale }).catch((error: unknown) => errorResponse(error, ctx));
  return json({
    task: {
      id: task.id,
      displayTitle: task.displayTitle,
      system: task.titleKey !== null,
      notes: task.notes,
      status: task.status,
      link: task.link,
      leadId: task.leadId,
      customerId: task.customerId,
      opportunityId: task.opportunityId,
      assigneeId: task.assigneeId,
      remindedAt: task.remindedAt,
      dueAt: formLocal(task.dueAt),
      remindAt: formLocal(task.remindAt),
    },
    assignees,
    plugins,
  });
}

const STATUS_INTENTS: Record<string, TTaskStatus> = { complete: "done", reopen: "open", cancel: "cancelled" };

export async function action({ request, params }: ActionFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const form = await request.formData();
  const values = formValues(form, [...TASK_FIELDS, "originalTitle"] as const);
  const intent = String(form.get("intent") ?? "save");
  try {
    if (STATUS_INTENTS[intent]) {
      await caller.tasks.update({ id: params.id ?? "", status: STATUS_INTENTS[intent] });
      return json({ saved: intent, error: null, values: null });
    }
    await caller.tasks.update({
      id: params.id ?? "",
      // A system task keeps its translated title unless someone writes a new one.
      ...(values.title !== values.originalTitle ? { title: values.title } : {}),
      notes: values.notes,
      dueAt: formInstant(values.dueAt),
      remindAt: formInstant(values.remindAt),
      ...(form.has("assigneeId") && values.assigneeId ? { assigneeId: values.assigneeId } : {}),
    });
    return json({ saved: "save", error: null, values: null });
  } catch (error) {
    const { body, status } = actionError(error, ctx);
    return json({ saved: null, ...body, values }, { status });
  }
}

/** Only same-site paths from core are followed. */
function internalLink(link: string | null): string | null {
  return link && link.startsWith("/") && !link.startsWith("//") ? link : null;
}

export default function EditTask() {
  const { task, assignees, plugins } = useLoaderData<typeof loader>();
  const pluginApp = usePluginConventions();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const format = useDateFormat();
  const busy = useNavigation().state === "submitting";
  const related = internalLink(task.link);
  const relatedKind = task.opportunityId ? "opportunity" : task.customerId ? "customer" : task.leadId ? "lead" : "other";
  const values = result?.values ?? {
    title: task.displayTitle,
    notes: task.notes,
    dueAt: task.dueAt,
    remindAt: task.remindAt,
    assigneeId: task.assigneeId ?? "",
  };
  return (
    <>
      <div className="page-head">
        <h1>
          {t("work.portal.taskForm.editTitle")}
          <span className={`badge task-${task.status}`}>{t(`work.task.status.${task.status}`)}</span>
        </h1>
        <Link to="/tasks" className="button link-button">
          {t("work.portal.taskForm.back")}
        </Link>
      </div>
      <p className="muted lead-meta">
        {related ? (
          <span>
            {t("work.portal.taskForm.linkedTo")}: <Link to={related}>{t(`work.portal.taskForm.link.${relatedKind}`)}</Link>
          </span>
        ) : null}
        {task.system ? <span>{t("work.portal.taskForm.systemTask")}</span> : null}
        {task.remindedAt ? <span>{t("work.portal.taskForm.reminded", { date: format.dateTime(task.remindedAt) })}</span> : null}
      </p>
      {result?.saved ? (
        <p className="notice" role="status">
          {t("work.portal.taskForm.saved")}
        </p>
      ) : null}
      <Form method="post" className="lead-actions">
        {task.status === "open" ? (
          <>
            <button type="submit" name="intent" value="complete" className="primary" disabled={busy}>
              {t("work.portal.taskForm.complete")}
            </button>
            <button type="submit" name="intent" value="cancel" disabled={busy}>
              {t("work.portal.taskForm.cancelTask")}
            </button>
          </>
        ) : (
          <button type="submit" name="intent" value="reopen" disabled={busy}>
            {t("work.portal.taskForm.reopen")}
          </button>
        )}
      </Form>
      <TaskForm
        mode="edit"
        values={values}
        hidden={{ originalTitle: task.displayTitle }}
        fieldErrors={result?.error?.fields ?? {}}
        formError={result?.error?.message}
        submission={result}
        assignees={assignees}
        backTo="/tasks"
        busy={busy}
      />
      <PluginRecordPanels data={plugins} app={pluginApp} />
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
