/** A record's open tasks, with a way to add one about it. */
import { Link } from "@remix-run/react";
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { useDateFormat } from "~/date-format";

export function RelatedTasks({ tasks, newHref }: { tasks: Array<{ id: string; displayTitle: string; dueAt: string | null }>; newHref: string }) {
  const { t } = useTranslation();
  const format = useDateFormat();
  const id = useId();
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id} className="card-title">
        {t("work.portal.relatedTasks.title")}
      </h2>
      {tasks.length === 0 ? (
        <p className="muted">{t("work.portal.relatedTasks.empty")}</p>
      ) : (
        <ul className="task-list">
          {tasks.map((task) => (
            <li key={task.id} className="task-item">
              <div className="task-main">
                <Link className="task-title" to={`/tasks/${task.id}`}>
                  {task.displayTitle}
                </Link>
                {task.dueAt ? (
                  <div className="task-meta">
                    <time dateTime={task.dueAt}>{t("work.portal.myDay.due", { date: format.dateTime(task.dueAt) })}</time>
                  </div>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      )}
      <p className="card-links">
        <Link to={newHref}>{t("work.portal.relatedTasks.add")}</Link>
      </p>
    </section>
  );
}
