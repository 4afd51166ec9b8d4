import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { actionError, errorResponse, flashCookie, formValues, requireSignedIn } from "~/.server/request.server";
import { formInstant } from "~/.server/work-forms.server";
import { quickLogLinks } from "~/components/quick-log";
import { RouteErrorBoundary } from "~/components/route-error";
import { TASK_FIELDS, TaskForm } from "~/components/task-form";
import { pageTitle } from "~/i18n";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "work.portal.meta.newTask");
export const links: LinksFunction = () => quickLogLinks();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The record a task is about (from ?leadId=… on its page), and the page to go back to. */
function aboutFrom(source: URLSearchParams | Record<string, string>) {
  const get = (key: string) => {
    const value = source instanceof URLSearchParams ? source.get(key) : source[key];
    return value && UUID.test(value) ? value : "";
  };
  const about = { leadId: get("leadId"), customerId: get("customerId"), opportunityId: get("opportunityId") };
  const backTo = about.opportunityId ? `/opportunities/${about.opportunityId}` : about.customerId ? `/customers/${about.customerId}` : about.leadId ? `/leads/${about.leadId}` : "/tasks";
  return { about, backTo };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  // Reps' tasks are their own; managers and admins may give one to a teammate.
  const assignees = actor.role === "rep" ? null : await caller.leads.assignees({ partnerId: actor.partnerId }).catch((error: unknown) => errorResponse(error, ctx));
  return json({ assignees, me: actor.userId, ...aboutFrom(new URL(request.url).searchParams) });
}

export async function action({ request }: ActionFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const values = formValues(await request.formData(), TASK_FIELDS);
  const { about, backTo } = aboutFrom(values);
  try {
    await caller.tasks.create({
      title: values.title,
      notes: values.notes,
      dueAt: formInstant(values.dueAt),
      remindAt: formInstant(values.remindAt),
      ...(values.assigneeId ? { assigneeId: values.assigneeId } : {}),
      leadId: about.leadId || null,
      customerId: about.customerId || null,
      opportunityId: about.opportunityId || null,
    });
    // Back where the task was started from; from My day, to My day with a notice.
    if (backTo !== "/tasks") return redirect(backTo);
    return redirect("/tasks", { headers: { "Set-Cookie": flashCookie(request, "taskCreated") } });
  } catch (error) {
    const { body, status } = actionError(error, ctx);
    return json({ ...body, values }, { status });
  }
}

export default function NewTask() {
  const { assignees, me, about, backTo } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <div className="page-head">
        <h1>{t("work.portal.taskForm.newTitle")}</h1>
        <Link to={backTo} className="button link-button">
          {t("common.actions.back")}
        </Link>
      </div>
      <TaskForm
        mode="create"
        values={result?.values ?? { assigneeId: me, ...about }}
        fieldErrors={result?.error.fields ?? {}}
        formError={result?.error.message}
        submission={result}
        assignees={assignees}
        backTo={backTo}
        busy={busy}
      />
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
