import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { API_LINE_KINDS } from "@qudao/core/schemas";
import { StatementLinePager, StatementLines, StatementStatusBadge, StatementTotals, type StatementLineView } from "@qudao/ui/statement-lines";
import { useMoney } from "@qudao/ui/money";
import statementStyles from "@qudao/ui/statements.css?url";
import { actionError, errorResponse, requireSignedIn } from "~/.server/request.server";
import { RouteErrorBoundary } from "~/components/route-error";
import { useDateFormat } from "~/date-format";
import { pageTitle } from "~/i18n";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, "statements.meta.detail", { period: data?.statement.period ?? "" });
export const links: LinksFunction = () => [{ rel: "stylesheet", href: statementStyles }];

/** Statuses in which the partner may still question a line (core decides; this only hides a button that would be refused). */
const DISPUTABLE = new Set(["issued", "disputed"]);
/** Up to this many lines the page shows them all; a larger statement is read one kind and one page at a time. */
const ALL_LINES_UP_TO = 500;
const PAGE_SIZE = 200;

/** One statement, every line explained, with its disputes; the admin confirms it, admins and managers dispute lines. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  const id = params.id ?? "";
  const search = new URL(request.url).searchParams;
  const [{ lines: allLines, ...statement }, disputes] = await Promise.all([caller.statements.get({ id }), caller.disputes.list({ statementId: id, limit: 200 })]).catch((error: unknown) =>
    errorResponse(error, ctx),
  );
  let lines = allLines;
  let paged = null;
  if (statement.lineCount > ALL_LINES_UP_TO) {
    const kind = API_LINE_KINDS.find((k) => k === search.get("kind")) ?? "earn";
    const cursor = search.get("cursor") || undefined;
    const page = await caller.statements.lines({ id, kind, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) }).catch((error: unknown) => errorResponse(error, ctx));
    lines = page.items;
    paged = { kind, kinds: API_LINE_KINDS, nextCursor: page.nextCursor, first: !cursor };
  }
  // The latest dispute of each line (an earlier one may have been rejected, then raised again).
  const byLine = new Map<string, (typeof disputes.items)[number]>();
  for (const dispute of [...disputes.items].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())) byLine.set(dispute.line.id, dispute);
  return json({
    statement,
    lines,
    paged,
    disputes: Object.fromEntries(byLine),
    canConfirm: actor.role === "admin" && (statement.status === "issued" || (statement.status === "disputed" && statement.openDisputes === 0)),
    canDispute: DISPUTABLE.has(statement.status),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const id = params.id ?? "";
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const lineId = String(form.get("lineId") ?? "");
  try {
    if (intent === "confirm") {
      await caller.statements.confirm({ id });
      return redirect(`/statements/${id}?done=confirmed`);
    }
    if (intent !== "dispute") throw new Response(null, { status: 400 });
    // Core checks the attachment (type, size, encoding); it travels as base64 in the JSON body.
    const file = form.get("attachment");
    const attached = file instanceof File && file.size > 0 ? file : null;
    await caller.disputes.raise({
      id,
      lineId,
      reason: String(form.get("reason") ?? ""),
      expectedAmount: String(form.get("expectedAmount") ?? ""),
      attachment: attached ? { fileName: attached.name, contentBase64: Buffer.from(await attached.arrayBuffer()).toString("base64") } : null,
    });
    return redirect(`/statements/${id}?done=disputed#line-${lineId}`);
  } catch (error) {
    if (error instanceof Response) throw error;
    const { body, status } = actionError(error, ctx);
    return json({ lineId: intent === "dispute" ? lineId : null, ...body }, { status });
  }
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type Dispute = Data["disputes"][string];

/** A line's dispute: its status, how long it has waited against the SLA, and the answer once resolved. */
function DisputeStatus({ dispute, currency }: { dispute: Dispute; currency: string }) {
  const { t } = useTranslation();
  const money = useMoney();
  const format = useDateFormat();
  const open = dispute.status === "open";
  return (
    <span className="line-status" data-field="dispute" data-dispute-status={dispute.status}>
      <span className={`badge dispute-${dispute.status}`}>{t(`settlement.disputeStatus.${dispute.status}`)}</span>{" "}
      <span className="muted">{t("statements.portal.dispute.raisedAt", { at: format.dateTime(dispute.createdAt) })}</span>
      {" · "}
      <span className={dispute.overSla ? "overdue" : undefined} data-field="age">
        {t(open ? "settlement.disputes.age.waiting" : "settlement.disputes.age.took", { hours: dispute.ageHours })}
        {dispute.overSla ? <> · {t("settlement.disputes.age.overdue", { sla: dispute.slaHours })}</> : null}
      </span>
      {dispute.expectedAmount ? <> · {t("statements.portal.dispute.expected", { amount: money(dispute.expectedAmount, currency) })}</> : null}
      {dispute.resolutionNote ? (
        <span className="line-status" data-field="resolution">
          {t("statements.portal.dispute.resolution", { note: dispute.resolutionNote })}
        </span>
      ) : null}
    </span>
  );
}

/** "提出异议": a form under the line (a <details>, so it opens without JavaScript too). */
function DisputeForm({ line, failure }: { line: StatementLineView; failure: { message: string; fields: Record<string, string> } | null }) {
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const field = (name: string) => {
    const message = failure?.fields[name] ?? (name === "attachment" ? failure?.fields["attachment.contentBase64"] ?? failure?.fields["attachment.fileName"] : undefined);
    return message ?? null;
  };
  const describe = (name: string) => (field(name) ? `dispute-${line.id}-${name}-error` : `dispute-${line.id}-${name}-hint`);
  return (
    <details open={failure !== null}>
      <summary className="button">{t("statements.portal.dispute.action")}</summary>
      <Form method="post" encType="multipart/form-data" className="dispute-form" aria-label={t("statements.portal.dispute.title")}>
        <input type="hidden" name="intent" value="dispute" />
        <input type="hidden" name="lineId" value={line.id} />
        {failure && Object.keys(failure.fields).length === 0 ? (
          <p className="form-error" role="alert">
            {failure.message}
          </p>
        ) : null}
        <label>
          {t("statements.portal.dispute.reason")}
          <textarea name="reason" required maxLength={2000} aria-invalid={field("reason") ? true : undefined} aria-describedby={describe("reason")} />
        </label>
        <FieldNote id={`dispute-${line.id}-reason`} error={field("reason")} hint={t("statements.portal.dispute.reasonHint")} />
        <label>
          {t("statements.portal.dispute.expectedAmount")}
          <input name="expectedAmount" inputMode="decimal" aria-invalid={field("expectedAmount") ? true : undefined} aria-describedby={describe("expectedAmount")} />
        </label>
        <FieldNote id={`dispute-${line.id}-expectedAmount`} error={field("expectedAmount")} hint={t("statements.portal.dispute.expectedAmountHint")} />
        <label>
          {t("statements.portal.dispute.attachment")}
          <input type="file" name="attachment" accept=".pdf,.png,.jpg,.jpeg,.xlsx,.csv" aria-invalid={field("attachment") ? true : undefined} aria-describedby={describe("attachment")} />
        </label>
        <FieldNote id={`dispute-${line.id}-attachment`} error={field("attachment")} hint={t("statements.portal.dispute.attachmentHint")} />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {t("statements.portal.dispute.submit")}
          </button>
        </div>
      </Form>
    </details>
  );
}

function FieldNote({ id, error, hint }: { id: string; error: string | null; hint: string }) {
  return error ? (
    <p id={`${id}-error`} className="field-error">
      {error}
    </p>
  ) : (
    <p id={`${id}-hint`} className="field-hint">
      {hint}
    </p>
  );
}

export default function PartnerStatement() {
  const { statement, lines, paged, disputes, canConfirm, canDispute } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const format = useDateFormat();
  const busy = useNavigation().state === "submitting";
  const [params] = useSearchParams();
  const done = params.get("done");
  const confirmFailure = result && !result.lineId ? result.error.message : null;
  const lineList = (
    <StatementLines
      lines={lines}
      currency={statement.currency}
      orderHref={(line) => (line.orderId ? `/statements/${statement.id}/orders/${line.orderId}` : null)}
      lineStatus={(line) => (disputes[line.id] ? <DisputeStatus dispute={disputes[line.id]!} currency={statement.currency} /> : null)}
      lineActions={canDispute ? (line) => (line.openDisputeId ? null : <DisputeForm line={line} failure={result && result.lineId === line.id ? result.error : null} />) : undefined}
    />
  );
  return (
    <>
      <div className="page-head">
        <h1>
          {t("statements.portal.detailTitle", { period: statement.period })} <StatementStatusBadge status={statement.status} />
        </h1>
        <Link to="/statements" className="button">
          {t("statements.portal.back")}
        </Link>
      </div>
      {done === "confirmed" && !result ? (
        <p className="notice" role="status">
          {t("statements.portal.confirmed")}
        </p>
      ) : null}
      {done === "disputed" && !result ? (
        <p className="notice" role="status">
          {t("statements.portal.dispute.created")}
        </p>
      ) : null}
      {confirmFailure ? (
        <p className="form-error" role="alert">
          {confirmFailure}
        </p>
      ) : null}
      <StatementTotals statement={statement} />
      <dl className="detail-list card">
        <dt>{t("statements.totals.lineCount")}</dt>
        <dd>{statement.lineCount}</dd>
        <dt>{t("statements.totals.openDisputes")}</dt>
        <dd data-field="openDisputes">{statement.openDisputes}</dd>
        {statement.issuedAt ? (
          <>
            <dt>{t("statements.platform.issuedAt")}</dt>
            <dd>{format.dateTime(statement.issuedAt)}</dd>
          </>
        ) : null}
        {statement.confirmedAt ? (
          <>
            <dt>{t("statements.platform.confirmedAt")}</dt>
            <dd>{format.dateTime(statement.confirmedAt)}</dd>
          </>
        ) : null}
        {statement.approvedAt ? (
          <>
            <dt>{t("statements.platform.approvedAt")}</dt>
            <dd>{format.dateTime(statement.approvedAt)}</dd>
          </>
        ) : null}
      </dl>
      {canConfirm ? (
        <Form method="post" className="card">
          <p className="muted">{t("statements.portal.confirmHint")}</p>
          <button type="submit" name="intent" value="confirm" className="primary" disabled={busy}>
            {t("statements.portal.confirm")}
          </button>
        </Form>
      ) : null}
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
