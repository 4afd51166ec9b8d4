import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { actionError, errorResponse, requireSignedIn } from "~/.server/request.server";
import { Board } from "~/components/opportunities/board";
import { filterInput, filterSearch, readFilters } from "~/components/opportunities/params";
import { OpportunityViews } from "~/components/opportunities/views-nav";
import { RouteErrorBoundary } from "~/components/route-error";
import { pageTitle } from "~/i18n";
import styles from "~/opportunities.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "opportunities.meta.board");

const CARDS_PER_COLUMN = 20;

export async function loader({ request }: LoaderFunctionArgs) {
  const { ctx, caller, actor } = await requireSignedIn(request);
  const filters = readFilters(new URL(request.url).searchParams);
  // Reps see their own deals (scope); managers and admins may narrow to a sub-dealer or an owner.
  const [board, pipelines, partners, owners] = await Promise.all([
    caller.opportunities.board({ ...filterInput(filters), limit: CARDS_PER_COLUMN }),
    caller.pipelines.list({}),
    caller.opportunities.partners(),
    actor.role === "rep" ? Promise.resolve(null) : caller.leads.assignees({ partnerId: actor.partnerId }),
  ]).catch((error: unknown) => errorResponse(error, ctx));
  return json({
    board,
    filters,
    pipelines: pipelines.items.map((p) => ({ id: p.id, name: p.name, partnerName: p.partnerName })),
    partners,
    owners,
    actorPartnerId: actor.partnerId,
    isAdmin: actor.role === "admin",
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const { ctx, caller } = await requireSignedIn(request);
  const form = await request.formData();
  const id = String(form.get("id") ?? "");
  const lostReason = form.get("lostReason");
  try {
    const moved = await caller.opportunities.move({
      id,
      stageId: String(form.get("stageId") ?? ""),
      ...(typeof lostReason === "string" ? { lostReason } : {}),
    });
    return json({ ok: true as const, moved: { id: moved.id, name: moved.name, stageName: moved.stageName } });
  } catch (error) {
    const { body, status } = actionError(error, ctx);
    // A missing reason is a field error: say it in the message too (the board has no field to mark).
    const message = body.error.fields.lostReason ?? body.error.fields.stageId ?? body.error.message;
    return json({ ok: false as const, id, error: { message } }, { status });
  }
}

export default function OpportunityBoard() {
  const { board, filters, pipelines, partners, owners, actorPartnerId, isAdmin } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const loading = useNavigation().state === "loading";
  const showPartner = partners.length > 1 && filters.partnerId === "";
  const filtered = Boolean(filters.pipelineId || filters.partnerId || filters.ownerId);
  const columnQuery = filterSearch({ partnerId: filters.partnerId, ownerId: filters.ownerId }).replace(/^\?/, "");
  const empty = board.columns.every((column) => column.count === 0);
  return (
    <>
      <div className="page-head">
        <h1>{t("opportunities.board.title")}</h1>
        <div className="page-actions">
          {isAdmin ? (
            <Link to="/pipelines" className="button link-button">
              {t("opportunities.nav.pipelines")}
            </Link>
          ) : null}
          <Link to="/opportunities/new" className="button primary">
            {t("opportunities.board.new")}
          </Link>
        </div>
      </div>
      <OpportunityViews search={filterSearch({ partnerId: filters.partnerId, ownerId: filters.ownerId })} />
      {pipelines.length > 1 || partners.length > 1 || owners ? (
        <Form method="get" className="toolbar board-filters">
          {pipelines.length > 1 ? (
            <label>
              <span className="visually-hidden">{t("opportunities.board.pipeline")}</span>
              <select name="pipelineId" defaultValue={filters.pipelineId || board.pipelineId} aria-label={t("opportunities.board.pipeline")}>
                {pipelines.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.partnerName && partners.length > 1 ? `${p.name}（${p.partnerName}）` : p.name}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          {partners.length > 1 ? (
            <label>
              <span className="visually-hidden">{t("opportunities.board.partner")}</span>
              <select name="partnerId" defaultValue={filters.partnerId} aria-label={t("opportunities.board.partner")}>
                <option value="">{t("opportunities.board.allPartners")}</option>
                {partners.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          {owners ? (
            <label>
              <span className="visually-hidden">{t("opportunities.board.owner")}</span>
              <select name="ownerId" defaultValue={filters.ownerId} aria-label={t("opportunities.board.owner")}>
                <option value="">{t("opportunities.board.allOwners")}</option>
                {owners.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          <button type="submit" disabled={loading}>
            {t("opportunities.board.apply")}
          </button>
          {filtered ? (
            <Link to="/opportunities" className="button link-button">
              {t("common.actions.reset")}
            </Link>
          ) : null}
        </Form>
      ) : null}
      {empty ? <p className="empty">{t("opportunities.board.empty")}</p> : null}
      <Board
        columns={board.columns}
        stuckDays={board.stuckDays}
        closedWindowDays={board.closedWindowDays}
        showPartner={showPartner || board.columns.some((c) => c.cards.some((card) => card.partnerId !== actorPartnerId))}
        columnQuery={columnQuery}
      />
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary };
