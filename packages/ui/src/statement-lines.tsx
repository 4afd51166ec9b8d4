/**
 * A commission statement as both apps show it: its status, its totals per kind, and every line with
 * what explains it (issue 5: "every commission cent is explained"). The lines are the API's
 * (GET /statements/{id}); `detail` is the engine's explanation (commission.rules.ts), read
 * defensively because it is JSON. Each app passes where an order, a plan version and a line's own
 * actions lead; the layout is in ./statements.css.
 */
import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useMoney } from "./money.ts";
import { isLocalizedText, usePluginText } from "./plugin-texts.ts";

export type StatementLineView = {
  id: string;
  key: string;
  /** The API's kind (earn, clawback, adjustment) or the stored one (also bonus, cap). */
  kind: string;
  /** For an adjustment: volumeBonus, cap, lateChange, dispute… (absent where the stored kind is given). */
  adjustmentType?: string | null;
  orderId: string | null;
  orderExternalId: string | null;
  orderItemId: string | null;
  refundId: string | null;
  planVersionId: string | null;
  planVersion: number | null;
  base: string;
  rate: string | null;
  amount: string;
  detail: Record<string, unknown>;
  openDisputeId: string | null;
};

export type StatementTotalsView = {
  status: string;
  currency: string;
  earnTotal: string;
  clawbackTotal: string;
  bonusTotal: string;
  capTotal: string;
  adjustmentTotal: string;
  total: string;
  paidAmount: string;
  lineCount: number;
  openDisputes: number;
};

/**
 * How lines are grouped for people, in reading order: what was earned, what went back, corrections,
 * then the period's volume bonus and cap (the API's adjustments of type volumeBonus and cap), each
 * with its own total on the statement.
 */
export const LINE_KINDS = ["earn", "clawback", "adjustment", "bonus", "cap"] as const;
export type LineKind = (typeof LINE_KINDS)[number];

export function lineGroup(line: Pick<StatementLineView, "kind" | "adjustmentType">): LineKind {
  if (line.kind === "earn" || line.kind === "clawback") return line.kind;
  if (line.kind === "bonus" || line.adjustmentType === "volumeBonus") return "bonus";
  if (line.kind === "cap" || line.adjustmentType === "cap") return "cap";
  return "adjustment";
}

const TOTAL_OF: Record<LineKind, keyof StatementTotalsView> = {
  earn: "earnTotal",
  clawback: "clawbackTotal",
  adjustment: "adjustmentTotal",
  bonus: "bonusTotal",
  cap: "capTotal",
};

/** A rate as the API sends it ("0.085") as a percentage in the reader's language ("8.5%"), exactly. */
export function useRate(): (rate: string) => string {
  const { i18n } = useTranslation();
  const format = new Intl.NumberFormat(i18n.language, { style: "percent", maximumFractionDigits: 4 });
  // A decimal string goes to Intl as it is (exact), like useMoney.
  return (rate) => format.format(rate as unknown as number);
}

/** An amount with every decimal it has (a base of 0.5 × 99.99 is 49.995, not 50.00). */
function useExactMoney(): (amount: string, currency: string) => string {
  const { i18n } = useTranslation();
  const formats = new Map<string, Intl.NumberFormat>();
  return (amount, currency) => {
    let format = formats.get(currency);
    if (!format) formats.set(currency, (format = new Intl.NumberFormat(i18n.language, { style: "currency", currency, minimumFractionDigits: 2, maximumFractionDigits: 6 })));
    return format.format(amount as unknown as number);
  };
}

export function StatementStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <span className={`badge statement-${status}`} data-field="status">
      {t(`statements.status.${status}`)}
    </span>
  );
}

/** Totals per kind, the total and what has been paid. */
export function StatementTotals({ statement }: { statement: StatementTotalsView }) {
  const { t } = useTranslation();
  const money = useMoney();
  return (
    <dl className="statement-totals" aria-label={t("statements.totals.label")}>
      {LINE_KINDS.map((kind) => (
        <div key={kind} data-total={kind}>
          <dt>{t(`statements.kind.${kind}`)}</dt>
          <dd>{money(String(statement[TOTAL_OF[kind]]), statement.currency)}</dd>
        </div>
      ))}
      <div data-total="total" className="grand-total">
        <dt>{t("statements.totals.total")}</dt>
        <dd>{money(statement.total, statement.currency)}</dd>
      </div>
      <div data-total="paid">
        <dt>{t("statements.totals.paid")}</dt>
        <dd>{money(statement.paidAmount, statement.currency)}</dd>
      </div>
    </dl>
  );
}

type Links = {
  /** Where a line's order opens (null: shown as text). */
  orderHref?: (line: StatementLineView) => string | null;
  /** Where a plan version opens (partners see the version number only). */
  planHref?: (planVersionId: string) => string | null;
};

export type StatementLinesProps = Links & {
  lines: readonly StatementLineView[];
  currency: string;
  /** Under a line's explanation, e.g. its dispute and how it was resolved. */
  lineStatus?: (line: StatementLineView) => ReactNode;
  /** The last column's content for a line (none: no column). */
  lineActions?: (line: StatementLineView) => ReactNode;
};

/** The lines grouped by kind, one table each, every line explained. */
export function StatementLines({ lines, currency, lineStatus, lineActions, ...links }: StatementLinesProps) {
  const { t } = useTranslation();
  if (lines.length === 0) return <p className="empty">{t("statements.line.empty")}</p>;
  return (
    <>
      {LINE_KINDS.map((kind) => {
        const ofKind = lines.filter((line) => lineGroup(line) === kind);
        if (ofKind.length === 0) return null;
        return (
          <section key={kind} className="statement-kind" aria-labelledby={`lines-${kind}`} data-kind={kind}>
            <h3 id={`lines-${kind}`}>
              {t(`statements.kind.${kind}`)} <span className="muted">{t("statements.lines.count", { count: ofKind.length })}</span>
            </h3>
            <LinesTable lines={ofKind} currency={currency} lineStatus={lineStatus} lineActions={lineActions} {...links} />
          </section>
        );
      })}
    </>
  );
}

/** One table of lines (any kinds), e.g. an order's lines on the order's page. */
export function LinesTable({ lines, currency, lineStatus, lineActions, ...links }: StatementLinesProps) {
  const { t } = useTranslation();
  const money = useMoney();
  const exact = useExactMoney();
  const rate = useRate();
  return (
    <div className="table-wrap">
      <table className="statement-lines">
        <thead>
          <tr>
            <th scope="col">{t("statements.columns.explanation")}</th>
            <th scope="col" className="num">
              {t("statements.columns.base")}
            </th>
            <th scope="col" className="num">
              {t("statements.columns.rate")}
            </th>
            <th scope="col" className="num">
              {t("statements.columns.amount")}
            </th>
            {lineActions ? <th scope="col">{t("statements.columns.actions")}</th> : null}
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => (
            <tr
              key={line.id}
              id={`line-${line.id}`}
              data-line-key={line.key}
              data-kind={lineGroup(line)}
              data-adjustment-type={line.adjustmentType ?? undefined}
              className={line.openDisputeId ? "disputed" : undefined}
            >
              <td data-label={t("statements.columns.explanation")}>
                <LineExplanation line={line} currency={currency} {...links} />
                {line.openDisputeId ? <span className="badge dispute-open">{t("statements.line.openDispute")}</span> : null}
                {lineStatus?.(line)}
              </td>
              <td className="num" data-label={t("statements.columns.base")}>
                {exact(line.base, currency)}
              </td>
              <td className="num" data-label={t("statements.columns.rate")}>
                {line.rate ? rate(line.rate) : <span className="muted">—</span>}
              </td>
              <td className="num strong" data-label={t("statements.columns.amount")} data-field="amount">
                {money(line.amount, currency)}
              </td>
              {lineActions ? <td data-label={t("statements.columns.actions")}>{lineActions(line)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const text = (detail: Record<string, unknown>, name: string): string | null => (typeof detail[name] === "string" ? (detail[name] as string) : null);
const record = (value: unknown): Record<string, unknown> => (value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {});

/** What explains one line, as a list of short facts (order, formula, matched rate, plan version…). */
export function LineExplanation({ line, currency, orderHref, planHref }: Links & { line: StatementLineView; currency: string }) {
  const { t } = useTranslation();
  const money = useMoney();
  const exact = useExactMoney();
  const rate = useRate();
  const pluginText = usePluginText();
  const detail = line.detail;
  const group = lineGroup(line);
  const facts: Array<{ field: string; content: ReactNode }> = [];
  // A plugin rule's line (ADR 025) explains itself in the plugin's words, translated when it was computed.
  const plugin = record(detail.plugin);
  const fromPlugin = isLocalizedText(plugin.name);

  if (line.orderId) {
    const label = line.orderExternalId ? t("statements.line.order", { order: line.orderExternalId }) : t("statements.line.orderMissing");
    const href = orderHref?.(line) ?? null;
    facts.push({ field: "order", content: href ? <Link to={href}>{label}</Link> : label });
  }

  if (fromPlugin) {
    const description = record(detail.description);
    facts.push({ field: "plugin", content: t("commissionPluginRules.line.plugin", { plugin: pluginText(plugin.name as Record<string, string>), rule: isLocalizedText(detail.ruleLabel) ? pluginText(detail.ruleLabel) : text(detail, "ruleType") }) });
    if (isLocalizedText(description.text)) facts.push({ field: "description", content: pluginText(description.text) });
    if (detail.window === "quarter") facts.push({ field: "window", content: t("commissionPluginRules.line.window.quarter") });
    if (line.rate) facts.push({ field: "rate", content: t("statements.line.rateUsed", { rate: rate(line.rate) }) });
  }

  if (group === "earn" && !fromPlugin) {
    const entry = record(detail.rateEntry);
    const category = typeof entry.category === "string" ? entry.category : null;
    const tier = typeof entry.partnerTier === "string" ? entry.partnerTier : null;
    if (category) facts.push({ field: "category", content: t("statements.line.category", { category }) });
    if (tier) facts.push({ field: "tier", content: t("statements.line.tier", { tier: t(`common.partnerTier.${tier}`) }) });
    const quantity = text(detail, "quantity");
    const unitPrice = text(detail, "unitPrice");
    if (quantity && unitPrice)
      facts.push({ field: "formula", content: t("statements.line.quantityTimesPrice", { quantity, unitPrice: exact(unitPrice, currency), base: exact(line.base, currency) }) });
    const matchedBy = text(detail, "matchedBy");
    if (matchedBy && typeof entry.rate === "string")
      facts.push({ field: "matched", content: t("statements.line.matched", { matchedBy: t(`statements.line.matchedBy.${matchedBy}`), rate: rate(entry.rate) }) });
    const bonus = text(detail, "newCustomerBonus");
    if (bonus) facts.push({ field: "newCustomerBonus", content: t("statements.line.newCustomerBonus", { rate: rate(bonus) }) });
    if (line.rate) facts.push({ field: "rate", content: t("statements.line.rateUsed", { rate: rate(line.rate) }) });
  }

  if (group === "clawback" && !fromPlugin) {
    const orderTotal = text(detail, "orderTotal");
    const earned = text(detail, "orderEarned");
    facts.push({ field: "refund", content: t("statements.line.clawbackRefund", { refund: exact(line.base, currency) }) });
    if (orderTotal && earned)
      facts.push({ field: "formula", content: t("statements.line.clawbackFormula", { refund: exact(line.base, currency), orderTotal: exact(orderTotal, currency), earned: money(earned, currency) }) });
  }

  if (group === "bonus" && !fromPlugin) {
    const tier = record(detail.tier);
    if (typeof tier.minBase === "string") facts.push({ field: "tier", content: t("statements.line.bonusTier", { base: exact(line.base, currency), minBase: money(tier.minBase, currency) }) });
    if (line.rate) facts.push({ field: "formula", content: t("statements.line.bonusFormula", { rate: rate(line.rate), base: exact(line.base, currency) }) });
  }

  if (group === "cap") {
    const cap = text(detail, "capPerPeriod");
    if (cap)
      facts.push({
        field: "formula",
        content: t("statements.line.capFormula", { cap: money(cap, currency), earnAndBonus: money(line.base, currency), excess: money(line.amount.replace(/^-/, ""), currency) }),
      });
  }

  if (group === "adjustment") facts.push(...adjustmentFacts(line, currency, t, money));

  if (line.planVersionId && line.planVersion !== null) {
    const label = t("statements.line.planVersion", { version: line.planVersion });
    const href = planHref?.(line.planVersionId) ?? null;
    facts.push({ field: "plan", content: href ? <Link to={href}>{label}</Link> : label });
  }

  if (detail.removed === true) facts.push({ field: "removed", content: t("statements.line.removed") });

  return (
    <ul className="line-explanation">
      {facts.map((fact) => (
        <li key={fact.field} data-field={fact.field}>
          {fact.content}
        </li>
      ))}
    </ul>
  );
}

type Translate = ReturnType<typeof useTranslation>["t"];

/** Why an adjustment exists: a late change of a locked period (with the lines that moved), a dispute, or another cause. */
function adjustmentFacts(line: StatementLineView, currency: string, t: Translate, money: (amount: string, currency?: string) => string): Array<{ field: string; content: ReactNode }> {
  const cause = record(line.detail.cause);
  const type = line.adjustmentType ?? cause.type;
  const note = text(line.detail, "note");
  const facts: Array<{ field: string; content: ReactNode }> = [];
  if (type === "lateChange" && typeof cause.period === "string") {
    facts.push({ field: "cause", content: t("statements.line.lateChange", { period: cause.period }) });
    const changes = Array.isArray(line.detail.changes) ? line.detail.changes.map(record) : [];
    if (changes.length > 0) {
      facts.push({
        field: "changes",
        content: (
          <details>
            <summary>{t("statements.line.changesTitle", { count: changes.length })}</summary>
            <ul>
              {changes.map((change) => (
                <li key={String(change.key)}>
                  {t("statements.line.change", {
                    line: lineKeyLabel(String(change.key), t),
                    before: typeof change.before === "string" ? money(change.before, currency) : t("statements.line.absent"),
                    after: typeof change.after === "string" ? money(change.after, currency) : t("statements.line.absent"),
                  })}
                </li>
              ))}
            </ul>
          </details>
        ),
      });
    }
  } else if (type === "dispute") {
    facts.push({ field: "cause", content: t("statements.line.dispute") });
  } else {
    facts.push({ field: "cause", content: t("statements.line.otherCause") });
  }
  if (note) facts.push({ field: "note", content: t("statements.line.note", { note }) });
  return facts;
}

/** "earn:0193…" → "订单佣金 0193ab12": the kind in words and enough of the id to tell lines apart. */
function lineKeyLabel(key: string, t: Translate): string {
  const [kind = "", ...rest] = key.split(":");
  const id = rest.join(":");
  const known = (LINE_KINDS as readonly string[]).includes(kind);
  return known ? `${t(`statements.kind.${kind}`)} ${/^\d{4}-\d{2}$/.test(id) ? id : id.slice(0, 8)}` : key;
}

/** Where a large statement's reader is: one API kind of line at a time, and the cursor of the page after this one. */
export type LinePage = { kind: string; kinds: readonly string[]; nextCursor: string | null; first: boolean };

/**
 * For a statement too large to show at once: which kind of line is shown, and the pages (the
 * cursor is the last line's id, as statements.lines takes it). Each app lays out `.toolbar` and
 * `.pager`.
 */
export function StatementLinePager({ page, lineCount, children }: { page: LinePage; lineCount: number; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <>
      <Form method="get" className="toolbar statement-line-kinds">
        <span className="muted">{t("statements.lines.pageOf", { count: lineCount })}</span>
        <label>
          {t("statements.lines.kindFilter")}
          <select name="kind" defaultValue={page.kind}>
            {page.kinds.map((kind) => (
              <option key={kind} value={kind}>
                {t(`statements.kind.${kind}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t("statements.lines.show")}</button>
      </Form>
      {children}
      <nav className="pager" aria-label={t("statements.lines.pagerLabel")}>
        {page.first ? null : (
          <Link to={`?kind=${page.kind}`} className="button">
            {t("statements.lines.first")}
          </Link>
        )}
        {page.nextCursor ? (
          <Link to={`?kind=${page.kind}&cursor=${encodeURIComponent(page.nextCursor)}`} className="button" rel="next">
            {t("statements.lines.next")}
          </Link>
        ) : null}
      </nav>
    </>
  );
}
