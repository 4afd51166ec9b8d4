import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigation, useRevalidator, useSearchParams } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { can, env } from "@qudao/core/server";
import { isPeriod, periodOf, previousPeriod, STATEMENT_STATUSES, type TStatementStatus } from "@qudao/core/schemas";
import { useMoney } from "@qudao/ui/money";
import { StatementStatusBadge } from "@qudao/ui/statement-lines";
import statementStyles from "@qudao/ui/statements.css?url";
import { actionError, requireSignedIn } from "~/.server/request.server";
import { DateTime } from "~/components/date-time";
import { pageTitle } from "~/components/page-title";
import { Pager } from "~/components/pager";
import { formText, throwPublicError } from "~/components/public-error.server";
import { RouteErrorBoundary } from "~/components/route-error-boundary";
import type { loader as runLoader } from "./statements.runs.$jobId";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "statements.meta.list");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: statementStyles }];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DONE = ["issued", "approved"] as const;

/**
 * Finance's statements of one period (by default the one that just closed, in the platform's time
 * zone): generate them, watch the run, issue drafts and approve confirmed ones. `?run=` is the run
 * being watched.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  const params = new URL(request.url).searchParams;
  // Channel managers read statements; generating, issuing and approving are finance's.
  const manage = can(actor, "statement:manage");
  const timeZone = env().PLATFORM_TIMEZONE;
  const asked = params.get("period") ?? "";
  const period = isPeriod(asked) ? asked : previousPeriod(periodOf(new Date(), timeZone));
  const status = STATEMENT_STATUSES.find((s) => s === params.get("status")) ?? null;
  const runParam = params.get("run") ?? "";
  const cursor = params.get("cursor") || undefined;
  try {
    // The run first: once it is seen finished, a list read after it holds every statement the run wrote.
    // Read side by side, a run finishing between the two reads showed as finished with its last statement
    // missing, and RunProgress only reloads for a run it watched finish.
    const run = manage && UUID.test(runParam) ? await caller.jobs.get({ id: runParam }) : null;
    const [page, runs] = await Promise.all([
      caller.statements.list({ period, limit: 100, ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) }),
      manage ? caller.statements.runs({}) : Promise.resolve([]),
    ]);
    return json({ ...page, runs, run, manage, period, status: status ?? "", timeZone });
  } catch (error) {
    throwPublicError(error, ctx);
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const form = await request.formData();
  const intent = formText(form, "intent");
  const back = new URL(request.url);
  back.searchParams.delete("done");
  try {
    if (intent === "generate") {
      const accepted = await caller.statements.generate({ period: formText(form, "period") });
      return redirect(`/statements?period=${accepted.period}&run=${accepted.jobId}`);
    }
    const id = formText(form, "id");
    if (intent === "issue") await caller.statements.issue({ id });
    else if (intent === "approve") await caller.statements.approve({ id });
    else throw new Response(null, { status: 400 });
    back.searchParams.set("done", intent === "issue" ? "issued" : "approved");
    return redirect(`${back.pathname}${back.search}`);
  } catch (error) {
    if (error instanceof Response) throw error;
    const { body, status } = actionError(error, ctx);
    return json({ ...body, id: formText(form, "id") || null }, { status });
  }
}

type Job = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["run"]>;
const finished = (status: string) => status === "completed" || status === "failed";

/** The run being watched: a live progress bar (polled about every second) and, once done, its counts. */
function RunProgress({ initial }: { initial: Job }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<typeof runLoader>();
  const revalidator = useRevalidator();
  const job: Job = fetcher.data && fetcher.data.id === initial.id ? (fetcher.data as unknown as Job) : initial;
  const done = finished(job.status);
  const reloaded = useRef(finished(initial.status));
  useEffect(() => {
    if (done) {
      // The statements the run wrote come with the page's own data.
      if (!reloaded.current && revalidator.state === "idle") {
        reloaded.current = true;
        revalidator.revalidate();
      }
      return;
    }
    if (fetcher.state !== "idle") return;
    const timer = setTimeout(() => fetcher.load(`/statements/runs/${initial.id}`), 1000);
    return () => clearTimeout(timer);
  }, [done, fetcher, fetcher.state, fetcher.data, initial.id, revalidator]);
  const percent = Math.min(100, job.progress.percent);
  const summary = job.result.summary as { skippedItems?: number; lockedStatements?: number };
  return (
    <section className="card" aria-labelledby="run-title" data-run-id={job.id}>
      <h2 id="run-title">
        {t("statements.platform.run.title")} · {job.period} <span className={`badge run-${job.status}`}>{t(`statements.runStatus.${job.status}`)}</span>
      </h2>
      <div className="run-progress">
        <div className="track" role="progressbar" aria-label={t("statements.platform.run.progressLabel")} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-valuetext={`${percent}%`}>
          <div className={done ? "bar done" : "bar"} style={{ width: `${percent}%` }} />
        </div>
        <div className="text" aria-live="polite">
          <span>{t("statements.platform.run.progress", { done: job.progress.done, total: job.progress.total })}</span>
          <span data-field="percent">{percent}%</span>
        </div>
      </div>
      {job.failure ? (
        <p className="form-error" role="alert">
          {t("statements.platform.run.failure")}：{job.failure}
        </p>
      ) : null}
      <dl className="run-counts">
        <div data-count="created">
          <dt>{t("statements.platform.run.created")}</dt>
          <dd>{job.result.linesCreated}</dd>
        </div>
        <div data-count="updated">
          <dt>{t("statements.platform.run.updated")}</dt>
          <dd>{job.result.linesUpdated}</dd>
        </div>
        <div data-count="removed">
          <dt>{t("statements.platform.run.removed")}</dt>
          <dd>{job.result.linesRemoved}</dd>
        </div>
        <div data-count="skipped">
          <dt>{t("statements.platform.run.skipped")}</dt>
          <dd>{summary.skippedItems ?? 0}</dd>
        </div>
        <div data-count="locked">
          <dt>{t("statements.platform.run.locked")}</dt>
          <dd>{summary.lockedStatements ?? 0}</dd>
        </div>
        <div>
          <dt>{t("statements.platform.run.startedAt")}</dt>
          <dd>
            <DateTime value={job.startedAt} />
          </dd>
        </div>
        <div>
          <dt>{t("statements.platform.run.finishedAt")}</dt>
          <dd>
            <DateTime value={job.finishedAt} />
          </dd>
        </div>
      </dl>
    </section>
  );
}

function RowActions({ id, status }: { id: string; status: TStatementStatus }) {
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const intent = status === "draft" ? "issue" : status === "confirmed" ? "approve" : null;
  if (!intent) return null;
  return (
    <Form method="post">
      <input type="hidden" name="id" value={id} />
      <button type="submit" name="intent" value={intent} disabled={busy}>
        {t(intent === "issue" ? "statements.platform.issue" : "statements.platform.approve")}
      </button>
    </Form>
  );
}

export default function StatementsPage() {
  const { items, nextCursor, runs, run, manage, period, status, timeZone } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { t } = useTranslation();
  const money = useMoney();
  const navigation = useNavigation();
  const generating = navigation.state === "submitting" && navigation.formData?.get("intent") === "generate";
  const [params] = useSearchParams();
  const done = DONE.find((d) => d === params.get("done"));
  return (
    <>
      <div className="page-head">
        <h1>{t("statements.platform.title")}</h1>
      </div>
      <p className="muted">{t("statements.platform.intro")}</p>
      {done && !failure ? (
        <p className="notice" role="status">
          {t(`statements.platform.notices.${done}`)}
        </p>
      ) : null}
      {failure ? (
        <p className="form-error" role="alert">
          {[failure.error.message, ...Object.values(failure.error.fields)].join(" ")}
        </p>
      ) : null}
      <Form method="get" className="toolbar" role="search">
        <label>
          {t("statements.platform.period")}
          <input type="month" name="period" defaultValue={period} required title={t("statements.platform.periodHint", { timeZone })} />
        </label>
        <label>
          {t("statements.platform.status")}
          <select name="status" defaultValue={status}>
            <option value="">{t("statements.platform.allStatuses")}</option>
            {STATEMENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`statements.status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t("statements.platform.show")}</button>
      </Form>
      {manage ? (
        <Form method="post" className="toolbar">
          <input type="hidden" name="period" value={period} />
          <button type="submit" name="intent" value="generate" className="primary" disabled={generating}>
            {t("statements.platform.generate")} · {period}
          </button>
          <span className="muted">{t("statements.platform.generateHint")}</span>
        </Form>
      ) : null}
      {run ? <RunProgress key={run.id} initial={run} /> : null}
      {items.length === 0 ? (
        <p className="empty">{t("statements.platform.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("statements.columns.partner")}</th>
                <th scope="col">{t("statements.columns.status")}</th>
                <th scope="col" className="num">
                  {t("statements.kind.earn")}
                </th>
                <th scope="col" className="num">
                  {t("statements.kind.clawback")}
                </th>
                <th scope="col" className="num">
                  {t("statements.kind.bonus")}
                </th>
                <th scope="col" className="num">
                  {t("statements.kind.cap")}
                </th>
                <th scope="col" className="num">
                  {t("statements.kind.adjustment")}
                </th>
                <th scope="col" className="num">
                  {t("statements.columns.total")}
                </th>
                <th scope="col" className="num">
                  {t("statements.columns.openDisputes")}
                </th>
                <th scope="col" className="num">
                  {t("statements.columns.paid")}
                </th>
                {manage ? <th scope="col">{t("statements.columns.actions")}</th> : null}
              </tr>
            </thead>
            <tbody>
              {items.map((s) => (
                <tr key={s.id} data-statement-id={s.id}>
                  <td>
                    <Link to={`/statements/${s.id}`} className="strong">
                      {s.partnerName}
                    </Link>
                  </td>
                  <td>
                    <StatementStatusBadge status={s.status} />
                  </td>
                  <td className="num">{money(s.earnTotal, s.currency)}</td>
                  <td className="num">{money(s.clawbackTotal, s.currency)}</td>
                  <td className="num">{money(s.bonusTotal, s.currency)}</td>
                  <td className="num">{money(s.capTotal, s.currency)}</td>
                  <td className="num">{money(s.adjustmentTotal, s.currency)}</td>
                  <td className="num strong" data-field="total">
                    {money(s.total, s.currency)}
                  </td>
                  <td className="num">{s.openDisputes}</td>
                  <td className="num">{money(s.paidAmount, s.currency)}</td>
                  {manage ? (
                    <td>
                      <RowActions id={s.id} status={s.status} />
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager nextCursor={nextCursor} />
      {manage ? (
        <section aria-labelledby="recent-runs">
          <h2 id="recent-runs">{t("statements.platform.run.recent")}</h2>
          {runs.length === 0 ? (
            <p className="muted">{t("statements.platform.run.noRuns")}</p>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t("statements.platform.run.columns.period")}</th>
                    <th scope="col">{t("statements.platform.run.columns.status")}</th>
                    <th scope="col" className="num">
                      {t("statements.platform.run.columns.progress")}
                    </th>
                    <th scope="col" className="num">
                      {t("statements.platform.run.columns.counts")}
                    </th>
                    <th scope="col" className="num">
                      {t("statements.platform.run.columns.skipped")}
                    </th>
                    <th scope="col" className="num">
                      {t("statements.platform.run.columns.locked")}
                    </th>
                    <th scope="col">{t("statements.platform.run.columns.createdAt")}</th>
                  </tr>
                </thead>
                <tbody>
                  {runs.map((r) => {
                    const summary = r.result.summary as { skippedItems?: number; lockedStatements?: number };
                    return (
                      <tr key={r.id} data-run-id={r.id}>
                        <td>
                          <Link to={`/statements?period=${r.period}&run=${r.id}`}>{r.period}</Link>
                        </td>
                        <td>
                          <span className={`badge run-${r.status}`}>{t(`statements.runStatus.${r.status}`)}</span>
                          {r.failure ? <div className="muted">{r.failure}</div> : null}
                        </td>
                        <td className="num">{r.progress.percent}%</td>
                        <td className="num">
                          {r.result.linesCreated} / {r.result.linesUpdated} / {r.result.linesRemoved}
                        </td>
                        <td className="num">{summary.skippedItems ?? 0}</td>
                        <td className="num">{summary.lockedStatements ?? 0}</td>
                        <td className="nowrap">
                          <DateTime value={r.createdAt} />
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ) : null}
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
