import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { can, env } from "@qudao/core/server";
import { useMoney } from "@qudao/ui/money";
import { StatementStatusBadge } from "@qudao/ui/statement-lines";
import statementStyles from "@qudao/ui/statements.css?url";
import { actionError, requireSignedIn } from "~/.server/request.server";
import { DateTime } from "~/components/date-time";
import { FormField } from "~/components/form-field";
import { pageTitle } from "~/components/page-title";
import { Pager } from "~/components/pager";
import { formText, throwPublicError } from "~/components/public-error.server";
import { RouteErrorBoundary } from "~/components/route-error-boundary";
import settlementStyles from "~/settlement.css?url";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "settlement.meta.payouts");
export const links: LinksFunction = () => [
  { rel: "stylesheet", href: statementStyles },
  { rel: "stylesheet", href: settlementStyles },
];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DONE = ["recorded", "replayed"] as const;
const PAYOUT_FIELDS = ["statementId", "amount", "paidOn", "reference", "note"] as const;
type PayoutField = (typeof PAYOUT_FIELDS)[number];

/** Today where the platform keeps its books: the default payout date. */
function today(): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: env().PLATFORM_TIMEZONE, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
}

/**
 * Finance's payouts: every partner's balance (what carries forward), one partner's approved
 * statements with the form to record a payout against one of them, and the payout history.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  const params = new URL(request.url).searchParams;
  const partnerParam = params.get("partnerId") ?? "";
  const partnerId = UUID.test(partnerParam) ? partnerParam : "";
  const payable = params.get("payable") === "true";
  const cursor = params.get("cursor") || undefined;
  try {
    const [balances, selected, history, policy] = await Promise.all([
      caller.payouts.balances({ ...(payable ? { payable: "true" } : {}), ...(cursor ? { cursor } : {}) }),
      partnerId ? caller.payouts.balance({ id: partnerId }) : Promise.resolve(null),
      caller.payouts.list({ ...(partnerId ? { partnerId } : {}), limit: 50 }),
      caller.payouts.policy(),
    ]);
    return json({
      balances,
      selected,
      history: history.items,
      policy,
      filters: { partnerId, payable },
      today: today(),
      mayRecord: can(actor, "payout:write"),
      mayUpdatePolicy: can(actor, "settings:update"),
    });
  } catch (error) {
    throwPublicError(error, ctx);
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const form = await request.formData();
  const intent = formText(form, "intent");
  if (intent === "policy") {
    const minimumPayout = formText(form, "minimumPayout");
    try {
      await caller.payouts.updatePolicy({ minimumPayout });
      return json({ intent, ok: true as const, error: null, values: { minimumPayout } });
    } catch (error) {
      const { body, status } = actionError(error, ctx);
      return json({ intent, ok: false as const, ...body, values: { minimumPayout } }, { status });
    }
  }
  if (intent !== "record") throw new Response(null, { status: 400 });
  const partnerId = formText(form, "partnerId");
  const values = Object.fromEntries(PAYOUT_FIELDS.map((field) => [field, formText(form, field)])) as Record<PayoutField, string>;
  try {
    const recorded = await caller.payouts.record(values);
    return redirect(`/payouts?partnerId=${recorded.partnerId}&done=${recorded.replayed ? "replayed" : "recorded"}#record`);
  } catch (error) {
    const { body, status } = actionError(error, ctx);
    return json({ intent, ok: false as const, ...body, values: { ...values, partnerId } }, { status });
  }
}

export default function PayoutsPage() {
  const { balances, selected, history, policy, filters, today, mayRecord, mayUpdatePolicy } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const money = useMoney();
  const searching = useNavigation().state === "loading";
  const [params] = useSearchParams();
  const done = DONE.find((d) => d === params.get("done"));
  return (
    <>
      <div className="page-head">
        <h1>{t("settlement.payouts.title")}</h1>
      </div>
      <p className="muted">{t("settlement.payouts.intro")}</p>
      {done ? (
        <p className="notice" role="status">
          {t(`settlement.payouts.notices.${done}`)}
        </p>
      ) : null}

      {selected ? <PartnerBalance balance={selected} today={today} mayRecord={mayRecord} /> : null}

      <section aria-labelledby="balances-title">
        <h2 id="balances-title">{t("settlement.payouts.balances.title")}</h2>
        <Form method="get" className="toolbar">
          {filters.partnerId ? <input type="hidden" name="partnerId" value={filters.partnerId} /> : null}
          <label className="inline">
            <input type="checkbox" name="payable" value="true" defaultChecked={filters.payable} /> {t("settlement.payouts.balances.payableOnly")}
          </label>
          <button type="submit" disabled={searching}>
            {t("settlement.payouts.balances.show")}
          </button>
        </Form>
        {balances.items.length === 0 ? (
          <p className="empty">{t("settlement.payouts.balances.empty")}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("settlement.payouts.balances.columns.partner")}</th>
                  <th scope="col" className="num">
                    {t("settlement.payouts.balances.columns.approved")}
                  </th>
                  <th scope="col" className="num">
                    {t("settlement.payouts.balances.columns.paid")}
                  </th>
                  <th scope="col" className="num">
                    {t("settlement.payouts.balances.columns.balance")}
                  </th>
                  <th scope="col">{t("settlement.payouts.balances.columns.state")}</th>
                  <th scope="col">{t("settlement.payouts.balances.columns.next")}</th>
                  <th scope="col">{t("settlement.payouts.balances.columns.lastPaid")}</th>
                  <th scope="col" />
                </tr>
              </thead>
              <tbody>
                {balances.items.map((balance) => (
                  <tr key={balance.partnerId} data-partner-id={balance.partnerId}>
                    <td>
                      <Link to={`/partners/${balance.partnerId}`} className="partner-name">
                        {balance.partnerName ?? balance.partnerId}
                      </Link>
                    </td>
                    <td className="num">{money(balance.approvedTotal, balance.currency)}</td>
                    <td className="num">{money(balance.paidTotal, balance.currency)}</td>
                    <td className={balance.balance.startsWith("-") ? "num strong negative" : "num strong"} data-field="balance">
                      {money(balance.balance, balance.currency)}
                    </td>
                    <td>
                      <BalanceState balance={balance} />
                    </td>
                    <td>{balance.nextStatement ? <Link to={`/statements/${balance.nextStatement.id}`}>{balance.nextStatement.period}</Link> : <span className="muted">—</span>}</td>
                    <td className="nowrap">{balance.lastPaidOn ?? <span className="muted">—</span>}</td>
                    <td>
                      {mayRecord && balance.nextStatement ? (
                        <Link to={`/payouts?partnerId=${balance.partnerId}#record`} className="button">
                          {t("settlement.payouts.balances.record")}
                        </Link>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pager nextCursor={balances.nextCursor} />
      </section>

      <section aria-labelledby="history-title">
        <h2 id="history-title">{t("settlement.payouts.history.title")}</h2>
        {history.length === 0 ? (
          <p className="empty">{t("settlement.payouts.history.empty")}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("settlement.payouts.history.columns.paidOn")}</th>
                  <th scope="col">{t("settlement.payouts.history.columns.partner")}</th>
                  <th scope="col">{t("settlement.payouts.history.columns.statement")}</th>
                  <th scope="col" className="num">
                    {t("settlement.payouts.history.columns.amount")}
                  </th>
                  <th scope="col">{t("settlement.payouts.history.columns.reference")}</th>
                  <th scope="col">{t("settlement.payouts.history.columns.note")}</th>
                  <th scope="col">{t("settlement.payouts.history.columns.recordedBy")}</th>
                </tr>
              </thead>
              <tbody>
                {history.map((payout) => (
                  <tr key={payout.id} data-payout-reference={payout.reference}>
                    <td className="nowrap">{payout.paidOn}</td>
                    <td>
                      <Link to={`/payouts?partnerId=${payout.partnerId}`}>{payout.partnerName ?? payout.partnerId}</Link>
                    </td>
                    <td>
                      <Link to={`/statements/${payout.statementId}`}>{payout.period}</Link>
                    </td>
                    <td className="num">{money(payout.amount)}</td>
                    <td className="nowrap">{payout.reference}</td>
                    <td>{payout.note ?? <span className="muted">—</span>}</td>
                    <td>
                      {payout.recordedByName ?? "—"} <span className="muted small">{<DateTime value={payout.createdAt} />}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <MinimumPayoutCard minimumPayout={policy.minimumPayout} mayUpdate={mayUpdatePolicy} />
    </>
  );
}

type Balance = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["selected"]>;
type BalanceSummary = ReturnType<typeof useLoaderData<typeof loader>>["balances"]["items"][number];

function BalanceState({ balance }: { balance: Pick<BalanceSummary, "balance" | "carriedForward"> }) {
  const { t } = useTranslation();
  if (balance.carriedForward) {
    return <span className="badge balance-carried">{t(balance.balance.startsWith("-") ? "settlement.payouts.balances.debt" : "settlement.payouts.balances.carriedForward")}</span>;
  }
  if (balance.balance === "0.00") return <span className="badge balance-settled">{t("settlement.payouts.balances.settled")}</span>;
  return <span className="badge balance-payable">{t("settlement.payouts.balances.payable")}</span>;
}

/** One partner: its approved statements (which are settled), what carries forward, and the payout form. */
function PartnerBalance({ balance, today, mayRecord }: { balance: Balance; today: string; mayRecord: boolean }) {
  const { t } = useTranslation();
  const money = useMoney();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const failed = result && result.intent === "record" && !result.ok ? result : undefined;
  const fields = failed?.error.fields ?? {};
  const value = (field: PayoutField, fallback: string) => (failed ? ((failed.values as Record<string, string>)[field] ?? "") : fallback);
  const open = balance.statements.filter((s) => s.status === "approved");
  const negative = balance.balance.startsWith("-");
  const suggested = !balance.carriedForward && !negative && balance.balance !== "0.00" ? balance.balance : "";
  const unplaced = failed && !Object.keys(fields).some((path) => (PAYOUT_FIELDS as readonly string[]).includes(path));
  return (
    <section className="card" aria-labelledby="partner-balance-title" data-partner-id={balance.partnerId}>
      <div className="page-head">
        <h2 id="partner-balance-title">{t("settlement.payouts.partner.title", { partner: balance.partnerName ?? balance.partnerId })}</h2>
        <Link to="/payouts" className="button">
          {t("settlement.payouts.partner.close")}
        </Link>
      </div>
      <p>
        <strong className={negative ? "negative" : undefined} data-field="partner-balance">
          {t("settlement.payouts.partner.balance", { balance: money(balance.balance, balance.currency) })}
        </strong>{" "}
        <BalanceState balance={balance} />
      </p>
      {balance.carriedForward ? (
        <p className="warning" role="note" data-field="carried-forward">
          {negative ? t("settlement.payouts.partner.debt") : t("settlement.payouts.partner.carriedForward", { minimum: money(balance.minimumPayout, balance.currency) })}
        </p>
      ) : null}
      <h3>{t("settlement.payouts.partner.statements")}</h3>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("settlement.payouts.partner.columns.period")}</th>
              <th scope="col">{t("settlement.payouts.partner.columns.status")}</th>
              <th scope="col" className="num">
                {t("settlement.payouts.partner.columns.total")}
              </th>
              <th scope="col" className="num">
                {t("settlement.payouts.partner.columns.paidAgainst")}
              </th>
              <th scope="col">{t("settlement.payouts.partner.columns.settled")}</th>
            </tr>
          </thead>
          <tbody>
            {balance.statements.map((statement) => (
              <tr key={statement.id} data-period={statement.period}>
                <td>
                  <Link to={`/statements/${statement.id}`}>{statement.period}</Link>
                </td>
                <td>
                  <StatementStatusBadge status={statement.status} />
                </td>
                <td className={statement.total.startsWith("-") ? "num negative" : "num"}>{money(statement.total, balance.currency)}</td>
                <td className="num">{money(statement.paidAmount, balance.currency)}</td>
                <td data-field="settled">{t(statement.settled ? "settlement.payouts.partner.settledYes" : "settlement.payouts.partner.settledNo")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {mayRecord ? (
        <Form method="post" noValidate id="record" aria-labelledby="record-title">
          <h3 id="record-title">{t("settlement.payouts.form.title")}</h3>
          {open.length === 0 ? (
            <p className="muted">{t("settlement.payouts.form.noApproved")}</p>
          ) : (
            <>
              {unplaced ? (
                <p role="alert" className="form-error">
                  {failed.error.message}
                </p>
              ) : null}
              <input type="hidden" name="intent" value="record" />
              <input type="hidden" name="partnerId" value={balance.partnerId} />
              <div className="form-grid">
                <FormField label={t("settlement.payouts.form.statement")} name="statementId" error={fields.statementId} required>
                  {(control) => (
                    <select {...control} defaultValue={value("statementId", balance.nextStatement?.id ?? open[0]!.id)}>
                      {open.map((statement) => (
                        <option key={statement.id} value={statement.id}>
                          {t("settlement.payouts.form.statementOption", { period: statement.period, total: money(statement.total, balance.currency) })}
                        </option>
                      ))}
                    </select>
                  )}
                </FormField>
                <FormField
                  label={t("settlement.payouts.form.amount")}
                  name="amount"
                  error={fields.amount}
                  hint={t("settlement.payouts.form.amountHint", { minimum: money(balance.minimumPayout, balance.currency), balance: money(balance.balance, balance.currency) })}
                  required
                >
                  {(control) => <input {...control} inputMode="decimal" autoComplete="off" defaultValue={value("amount", suggested)} />}
                </FormField>
                <FormField label={t("settlement.payouts.form.paidOn")} name="paidOn" error={fields.paidOn} required>
                  {(control) => <input {...control} type="date" max={today} defaultValue={value("paidOn", today)} />}
                </FormField>
                <FormField label={t("settlement.payouts.form.reference")} name="reference" error={fields.reference} hint={t("settlement.payouts.form.referenceHint")} required>
                  {(control) => <input {...control} maxLength={100} autoComplete="off" defaultValue={value("reference", "")} />}
                </FormField>
                <FormField label={t("settlement.payouts.form.note")} name="note" error={fields.note}>
                  {(control) => <input {...control} maxLength={1000} defaultValue={value("note", "")} />}
                </FormField>
              </div>
              <div className="actions">
                <button type="submit" className="primary" disabled={busy}>
                  {t("settlement.payouts.form.submit")}
                </button>
              </div>
            </>
          )}
        </Form>
      ) : null}
    </section>
  );
}

function MinimumPayoutCard({ minimumPayout, mayUpdate }: { minimumPayout: string; mayUpdate: boolean }) {
  const { t } = useTranslation();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const mine = result && result.intent === "policy" ? result : undefined;
  const failed = mine && !mine.ok ? mine : undefined;
  return (
    <Form method="post" noValidate className="card settings-form" aria-labelledby="payout-policy-title" key={minimumPayout}>
      <h2 id="payout-policy-title">{t("settlement.payouts.policy.title")}</h2>
      <p className="muted">{t("settlement.payouts.policy.intro")}</p>
      {!mayUpdate ? (
        <p className="warning" role="note">
          {t("settlement.payouts.policy.readOnly")}
        </p>
      ) : null}
      {mine?.ok ? (
        <p role="status" className="notice">
          {t("settlement.payouts.policy.saved")}
        </p>
      ) : null}
      <input type="hidden" name="intent" value="policy" />
      <FormField label={t("settlement.payouts.policy.minimumPayout")} name="minimumPayout" error={failed?.error.fields.minimumPayout ?? (failed ? failed.error.message : undefined)} required>
        {(control) => (
          <span className="with-unit">
            <input {...control} inputMode="decimal" defaultValue={(failed?.values as { minimumPayout?: string } | undefined)?.minimumPayout ?? minimumPayout} disabled={!mayUpdate} />
            <span className="muted">CNY</span>
          </span>
        )}
      </FormField>
      {mayUpdate ? (
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {t("common.actions.save")}
          </button>
        </div>
      ) : null}
    </Form>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
