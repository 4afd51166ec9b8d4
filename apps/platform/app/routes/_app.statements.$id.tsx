import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { API_LINE_KINDS } from "@qudao/core/schemas";
import { StatementLinePager, StatementLines, StatementStatusBadge, StatementTotals } from "@qudao/ui/statement-lines";
import statementStyles from "@qudao/ui/statements.css?url";
import { actionError, requireSignedIn } from "~/.server/request.server";
import { DateTime } from "~/components/date-time";
import { pageTitle } from "~/components/page-title";
import { formText, throwPublicError } from "~/components/public-error.server";
import { RouteErrorBoundary } from "~/components/route-error-boundary";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, "statements.meta.list", data ? `${data.statement.partnerName} ${data.statement.period}` : null);
export const links: LinksFunction = () => [{ rel: "stylesheet", href: statementStyles }];

const DONE = ["issued", "approved"] as const;
/** Up to this many lines the page shows them all; a larger statement is read a kind and a page at a time. */
const ALL_LINES_UP_TO = 500;
const PAGE_SIZE = 200;

/** One partner's statement for one period, every line explained; a large one (thousands of order items) a page at a time. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const search = new URL(request.url).searchParams;
  const id = params.id ?? "";
  try {
    const { lines, ...statement } = await caller.statements.get({ id });
    if (statement.lineCount <= ALL_LINES_UP_TO) return json({ statement, lines, paged: null });
    // A large statement: one kind, one page at a time, from the lines API (`?kind=&cursor=<last line id>`).
    const kind = API_LINE_KINDS.find((k) => k === search.get("kind")) ?? "earn";
    const cursor = search.get("cursor") || undefined;
    const page = await caller.statements.lines({ id, kind, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) });
    return json({ statement, lines: page.items, paged: { kind, kinds: API_LINE_KINDS, nextCursor: page.nextCursor, first: !cursor } });
  } catch (error) {
    throwPublicError(error, ctx);
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const form = await request.formData();
  const intent = formText(form, "intent");
  const id = params.id ?? "";
  try {
    if (intent === "issue") await caller.statements.issue({ id });
    else if (intent === "approve") await caller.statements.approve({ id });
    else throw new Response(null, { status: 400 });
    return redirect(`/statements/${id}?done=${intent === "issue" ? "issued" : "approved"}`);
  } catch (error) {
    if (error instanceof Response) throw error;
    const { body, status } = actionError(error, ctx);
    return json(body, { status });
  }
}

/** Which actions the status offers; approval is offered from issued on, and core says why it is refused until confirmed. */
const ACTIONS: Record<string, ReadonlyArray<"issue" | "approve">> = { draft: ["issue"], issued: ["approve"], disputed: ["approve"], confirmed: ["approve"] };

export default function StatementPage() {
  const { statement, lines, paged } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const [params] = useSearchParams();
  const done = DONE.find((d) => d === params.get("done"));
  const actions = ACTIONS[statement.status] ?? [];
  const lineList = (
    <StatementLines
      lines={lines}
      currency={statement.currency}
      orderHref={(line) => (line.orderId ? `/orders/${line.orderId}` : null)}
      planHref={(planVersionId) => `/commission-plans/${planVersionId}`}
    />
  );
  return (
    <>
      <div className="page-head">
        <h1>
          {t("statements.platform.detailTitle", { partner: statement.partnerName, period: statement.period })} <StatementStatusBadge status={statement.status} />
        </h1>
        <Link to={`/statements?period=${statement.period}`} className="button">
          {t("statements.platform.back")}
        </Link>
      </div>
      {done && !failure ? (
        <p className="notice" role="status">
          {t(`statements.platform.notices.${done}`)}
        </p>
      ) : null}
      {failure ? (
        <p className="form-error" role="alert">
          {failure.error.message}
        </p>
      ) : null}
      {statement.locked ? <p className="muted">{t("statements.platform.locked")}</p> : null}
      <section className="card" aria-label={t("statements.totals.label")}>
        <StatementTotals statement={statement} />
        <dl className="details">
          <dt>{t("statements.columns.partner")}</dt>
          <dd>
            <Link to={`/partners/${statement.partnerId}`}>{statement.partnerName}</Link>
          </dd>
          <dt>{t("statements.columns.period")}</dt>
          <dd>{statement.period}</dd>
          <dt>{t("statements.totals.lineCount")}</dt>
          <dd>{statement.lineCount}</dd>
          <dt>{t("statements.totals.openDisputes")}</dt>
          <dd data-field="openDisputes">{statement.openDisputes}</dd>
          <dt>{t("statements.platform.generatedAt")}</dt>
          <dd>
            <DateTime value={statement.generatedAt} />
          </dd>
          <dt>{t("statements.platform.issuedAt")}</dt>
          <dd>
            <DateTime value={statement.issuedAt} />
          </dd>
          <dt>{t("statements.platform.confirmedAt")}</dt>
          <dd>
            <DateTime value={statement.confirmedAt} />
          </dd>
          <dt>{t("statements.platform.approvedAt")}</dt>
          <dd>
            <DateTime value={statement.approvedAt} />
          </dd>
        </dl>
        {actions.length > 0 ? (
          <Form method="post" className="toolbar statement-actions">
            {actions.map((intent) => (
              <button key={intent} type="submit" name="intent" value={intent} disabled={busy} className={intent === "issue" || statement.status === "confirmed" ? "primary" : undefined}>
                {t(intent === "issue" ? "statements.platform.issue" : "statements.platform.approve")}
              </button>
            ))}
          </Form>
        ) : null}
      </section>
      <section aria-labelledby="statement-lines">
        <h2 id="statement-lines">{t("statements.lines.title")}</h2>
        {paged ? (
          <StatementLinePager page={paged} lineCount={statement.lineCount}>
            {lineList}
          </StatementLinePager>
        ) : (
          lineList
        )}
      </section>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
