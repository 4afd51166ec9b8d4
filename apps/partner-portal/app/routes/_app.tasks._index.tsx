import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useFetcher, useLoaderData } from "@remix-run/react";
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { PluginColumnLines, type PluginColumnsData } from "@qudao/ui/plugin-columns";
import { pluginListColumns } from "@qudao/ui/plugin-columns.server";
import { actionError, errorResponse, requireSignedIn, takeFlash } from "~/.server/request.server";
import { pluginLinks, usePluginConventions } from "~/components/plugin-conventions";
import { quickLogLinks } from "~/components/quick-log";
import { RouteErrorBoundary } from "~/components/route-error";
import { useDateFormat } from "~/date-format";
import { pageTitle } from "~/i18n";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "work.portal.meta.myDay");
export const links: LinksFunction = () => [...quickLogLinks(), ...pluginLinks()];

type Item = { id: string; displayTitle: string; dueAt: string | null; remindAt: string | null; link: string | null; customFields: Record<string, unknown> };

export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  const day = await caller.tasks.myDay().catch((error: unknown) => errorResponse(error, ctx));
  // Plugin fields the installed plugins show as task columns: a line each under the task.
  const plugins = await pluginListColumns(caller, actor, { surface: "portal", object: "task", locale: ctx.locale }, [...day.overdue, ...day.today, ...day.upcoming, ...day.undated]).catch((error: unknown) =>
    errorResponse(error, ctx),
  );
  const slim = (tasks: typeof day.today) =>
    tasks.map((task) => ({ id: task.id, displayTitle: task.displayTitle, dueAt: task.dueAt, remindAt: task.remindAt, link: task.link, customFields: task.customFields }));
  const { flash, headers } = takeFlash(request);
  return json(
    {
      timeZone: day.timeZone,
      plugins,
      overdue: slim(day.overdue),
      today: slim(day.today),
      upcoming: slim(day.upcoming),
      undated: slim(day.undated),
      created: flash?.kind === "taskCreated",
      now: new Date().toISOString(),
    },
    { headers },
  );
}

/** One tap: done. */
export async function action({ request }: ActionFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const form = await request.formData();
  try {
    const task = await caller.tasks.complete({ id: String(form.get("id") ?? "") });
    return json({ completed: task.displayTitle, error: null });
  } catch (error) {
    const { body, status } = actionError(error, ctx);
    return json({ completed: null, ...body }, { status });
  }
}

const COMPLETE = "complete-task";

/** Only same-site paths from core are followed. */
function internalLink(link: string | null): string | null {
  return link && link.startsWith("/") && !link.startsWith("//") ? link : null;
}

function TaskRow({ task, now, plugins }: { task: Item; now: string; plugins: PluginColumnsData }) {
  const { t } = useTranslation();
  const pluginApp = usePluginConventions();
  const format = useDateFormat();
  // One fetcher for every row: the notice outlives the row (gone once completed), and a second tap waits.
  const fetcher = useFetcher<typeof action>({ key: COMPLETE });
  const busy = fetcher.state !== "idle";
  const related = internalLink(task.link);
  return (
    <li className="task-item">
      <div className="task-main">
        <Link className="task-title" to={`/tasks/${task.id}`}>
          {task.displayTitle}
        </Link>
        <div className="task-meta">
          {task.dueAt ? (
            <time dateTime={task.dueAt} className={task.dueAt < now ? "late" : undefined}>
              {t("work.portal.myDay.due", { date: format.dateTime(task.dueAt) })}
            </time>
          ) : null}
          {task.remindAt ? <time dateTime={task.remindAt}>{t("work.portal.myDay.remind", { date: format.dateTime(task.remindAt) })}</time> : null}
          {related ? <Link to={related}>{t("work.portal.myDay.open")}</Link> : null}
        </div>
        <PluginColumnLines columns={plugins.columns} values={task.customFields} titles={plugins.titles} app={pluginApp} />
      </div>
      <fetcher.Form method="post">
        <input type="hidden" name="id" value={task.id} />
        <button type="submit" className="complete" disabled={busy} aria-label={t("work.portal.myDay.completeNamed", { title: task.displayTitle })}>
          {t("work.portal.myDay.complete")}
        </button>
      </fetcher.Form>
    </li>
  );
}

function Section({ name, tasks, now, plugins }: { name: "overdue" | "today" | "upcoming" | "undated"; tasks: Item[]; now: string; plugins: PluginColumnsData }) {
  const { t } = useTranslation();
  const id = useId();
  if (name === "undated" && tasks.length === 0) return null;
  return (
    <section className={`task-section ${name}`} aria-labelledby={id}>
      <h2 id={id}>
        {t(`work.portal.myDay.${name}`)}
        <span className="task-count">{tasks.length}</span>
      </h2>
      {tasks.length === 0 ? (
        <p className="muted">{t("work.portal.myDay.sectionEmpty")}</p>
      ) : (
        <ul className="task-list">
          {tasks.map((task) => (
            <TaskRow key={task.id} task={task} now={now} plugins={plugins} />
          ))}
        </ul>
      )}
    </section>
  );
}

export default function MyDay() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const completion = useFetcher<typeof action>({ key: COMPLETE });
  const done = completion.state === "idle" ? completion.data : undefined;
  const nothing = data.overdue.length + data.today.length + data.upcoming.length + data.undated.length === 0;
  return (
    <>
      <div className="page-head">
        <h1>{t("work.portal.myDay.title")}</h1>
        <Link to="/tasks/new" className="button primary">
          {t("work.portal.myDay.newTask")}
        </Link>
      </div>
      <p className="muted">{t("work.portal.myDay.intro", { timeZone: data.timeZone })}</p>
      {data.created ? (
        <p className="notice" role="status">
          {t("work.portal.taskForm.created")}
        </p>
      ) : null}
      {done?.completed ? (
        <p className="notice" role="status">
          {t("work.portal.myDay.completed", { title: done.completed })}
        </p>
      ) : null}
      {done?.error ? (
        <p className="form-error" role="alert">
          {done.error.message}
        </p>
      ) : null}
      {nothing ? <p className="empty">{t("work.portal.myDay.allClear")}</p> : null}
      <Section name="overdue" tasks={data.overdue} now={data.now} plugins={data.plugins} />
      <Section name="today" tasks={data.today} now={data.now} plugins={data.plugins} />
      <Section name="upcoming" tasks={data.upcoming} now={data.now} plugins={data.plugins} />
      <Section name="undated" tasks={data.undated} now={data.now} plugins={data.plugins} />
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
