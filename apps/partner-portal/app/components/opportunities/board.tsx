import { Link, useFetcher } from "@remix-run/react";
import { useEffect, useRef, useState, type DragEvent } from "react";
import { useTranslation } from "react-i18next";
import { useCalendarDate, useMoney } from "./format";

export type BoardCard = {
  id: string;
  name: string;
  amount: string;
  status: "open" | "won" | "lost";
  partnerId: string;
  partnerName: string;
  ownerName: string | null;
  expectedCloseDate: string | null;
  daysInStage: number;
  stuck: boolean;
};

export type BoardColumn = {
  stageId: string;
  stageName: string;
  kind: "open" | "won" | "lost";
  probability: number;
  count: number;
  amount: string;
  weightedAmount: string;
  cards: BoardCard[];
  nextCursor: string | null;
};

export type MoveResult = { ok: true; moved: { id: string; name: string; stageName: string } } | { ok: false; id: string | null; error: { message: string } };

/** The board route's action (an index route: `?index` names it rather than a parent). */
const BOARD_ACTION = "/opportunities?index";

type StageOption = { id: string; name: string; kind: BoardColumn["kind"] };

/**
 * The kanban board. Cards move by HTML5 drag and drop between columns, or — on a phone, with a
 * keyboard or a screen reader — with the "Move to…" select on each card. A lost stage first asks why.
 * Moves post to the board route's action through one fetcher; the loader then refreshes the columns.
 */
export function Board(props: { columns: BoardColumn[]; stuckDays: number; closedWindowDays: number; showPartner: boolean; columnQuery: string }) {
  const { t } = useTranslation();
  const money = useMoney();
  const mover = useFetcher<MoveResult>({ key: "opportunity-move" });
  const [hydrated, setHydrated] = useState(false);
  const [dropTarget, setDropTarget] = useState<string | null>(null);
  const [pendingLost, setPendingLost] = useState<{ id: string; name: string; stageId: string } | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const reason = useRef<HTMLTextAreaElement>(null);
  useEffect(() => setHydrated(true), []);

  const stages: StageOption[] = props.columns.map((c) => ({ id: c.stageId, name: c.stageName, kind: c.kind }));
  const stageOf = (cardId: string) => props.columns.find((c) => c.cards.some((card) => card.id === cardId))?.stageId;
  const cardName = (cardId: string) => props.columns.flatMap((c) => c.cards).find((card) => card.id === cardId)?.name ?? "";

  const move = (id: string, stageId: string, name = cardName(id)) => {
    if (stageOf(id) === stageId) return;
    if (stages.find((s) => s.id === stageId)?.kind === "lost") {
      setPendingLost({ id, name, stageId });
      return;
    }
    mover.submit({ intent: "move", id, stageId }, { method: "post", action: BOARD_ACTION });
  };

  useEffect(() => {
    if (pendingLost && dialog.current && !dialog.current.open) {
      dialog.current.showModal();
      reason.current?.focus();
    }
  }, [pendingLost]);

  const onDrop = (event: DragEvent<HTMLElement>, stageId: string) => {
    event.preventDefault();
    setDropTarget(null);
    const id = event.dataTransfer.getData("text/plain");
    if (id) move(id, stageId);
  };

  const busy = mover.state !== "idle";
  const result = mover.state === "idle" ? mover.data : undefined;
  return (
    <>
      <p className="muted board-hint">{t("opportunities.board.dragHint")}</p>
      <div className="board-feedback" aria-live="polite" role="status">
        {busy ? t("opportunities.board.moving") : result?.ok ? t("opportunities.board.moved", { name: result.moved.name, stage: result.moved.stageName }) : null}
      </div>
      {result && !result.ok ? (
        <p className="form-error" role="alert">
          {result.error.message}
        </p>
      ) : null}
      <div className="board" aria-busy={busy}>
        {props.columns.map((column) => (
          <section
            key={column.stageId}
            className={`board-column kind-${column.kind}${dropTarget === column.stageId ? " drop-target" : ""}`}
            aria-label={t("opportunities.board.columnLabel", { stage: column.stageName, count: column.count, amount: money(column.amount) })}
            data-stage-id={column.stageId}
            onDragOver={(event) => {
              event.preventDefault();
              event.dataTransfer.dropEffect = "move";
              if (dropTarget !== column.stageId) setDropTarget(column.stageId);
            }}
            onDragLeave={(event) => {
              if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDropTarget(null);
            }}
            onDrop={(event) => onDrop(event, column.stageId)}
          >
            <ColumnHeader column={column} closedWindowDays={props.closedWindowDays} />
            <ColumnCards
              key={`${column.stageId}:${column.count}:${column.cards.map((c) => c.id).join(",")}`}
              column={column}
              stages={stages}
              stuckDays={props.stuckDays}
              showPartner={props.showPartner}
              columnQuery={props.columnQuery}
              hydrated={hydrated}
              onMove={move}
            />
          </section>
        ))}
      </div>
      <dialog
        ref={dialog}
        className="lost-dialog"
        aria-labelledby="lost-title"
        onClose={() => setPendingLost(null)}
      >
        {pendingLost ? (
          <mover.Form
            method="post"
            action={BOARD_ACTION}
            onSubmit={() => {
              dialog.current?.close();
            }}
          >
            <h2 id="lost-title">{t("opportunities.board.lostTitle")}</h2>
            <input type="hidden" name="intent" value="move" />
            <input type="hidden" name="id" value={pendingLost.id} />
            <input type="hidden" name="stageId" value={pendingLost.stageId} />
            <label htmlFor="lost-reason">{t("opportunities.board.lostPrompt", { name: pendingLost.name })}</label>
            <textarea id="lost-reason" name="lostReason" ref={reason} required maxLength={500} rows={3} />
            <div className="form-actions">
              <button type="submit" className="primary">
                {t("opportunities.board.confirmLost")}
              </button>
              <button type="button" onClick={() => dialog.current?.close()}>
                {t("opportunities.board.cancel")}
              </button>
            </div>
          </mover.Form>
        ) : null}
      </dialog>
    </>
  );
}

function ColumnHeader({ column, closedWindowDays }: { column: BoardColumn; closedWindowDays: number }) {
  const { t } = useTranslation();
  const money = useMoney();
  return (
    <header className="board-column-head">
      <h2>
        <span className="stage-name">{column.stageName}</span>
        <span className="count-pill" data-field="count">
          {t("opportunities.board.count", { count: column.count })}
        </span>
      </h2>
      <p className="column-sum">
        <span data-field="amount">{money(column.amount)}</span>
        {column.kind === "open" ? (
          <span className="muted" data-field="weighted">
            {t("opportunities.board.weighted", { amount: money(column.weightedAmount) })}
          </span>
        ) : (
          <span className="muted">{t("opportunities.board.closedWindow", { days: closedWindowDays })}</span>
        )}
      </p>
    </header>
  );
}

function ColumnCards(props: {
  column: BoardColumn;
  stages: StageOption[];
  stuckDays: number;
  showPartner: boolean;
  columnQuery: string;
  hydrated: boolean;
  onMove: (id: string, stageId: string, name: string) => void;
}) {
  const { t } = useTranslation();
  const more = useFetcher<{ cards: BoardCard[]; nextCursor: string | null }>();
  const [extra, setExtra] = useState<BoardCard[]>([]);
  const [cursor, setCursor] = useState(props.column.nextCursor);
  useEffect(() => {
    if (more.state === "idle" && more.data) {
      const page = more.data;
      setExtra((cards) => [...cards, ...page.cards.filter((c) => !cards.some((x) => x.id === c.id))]);
      setCursor(page.nextCursor);
    }
  }, [more.state, more.data]);
  const cards = [...props.column.cards, ...extra];
  const loadMore = () => {
    if (!cursor) return;
    const query = new URLSearchParams(props.columnQuery);
    query.set("cursor", cursor);
    more.load(`/opportunities/columns/${props.column.stageId}?${query}`);
  };
  return (
    <>
      {cards.length === 0 ? <p className="empty-column">{t("opportunities.board.emptyColumn")}</p> : null}
      <ol className="card-list">
        {cards.map((card) => (
          <DealCard key={card.id} card={card} stageId={props.column.stageId} {...props} />
        ))}
      </ol>
      {cursor ? (
        <button type="button" className="block load-more" onClick={loadMore} disabled={more.state !== "idle"}>
          {more.state !== "idle" ? t("opportunities.board.loading") : t("opportunities.board.loadMore")}
        </button>
      ) : null}
    </>
  );
}

function DealCard(props: {
  card: BoardCard;
  stageId: string;
  stages: StageOption[];
  stuckDays: number;
  showPartner: boolean;
  hydrated: boolean;
  onMove: (id: string, stageId: string, name: string) => void;
}) {
  const { card } = props;
  const { t } = useTranslation();
  const money = useMoney();
  const date = useCalendarDate();
  const selectId = `move-${card.id}`;
  return (
    <li
      className={card.stuck ? "deal-card stuck" : "deal-card"}
      draggable
      onDragStart={(event) => {
        event.dataTransfer.setData("text/plain", card.id);
        event.dataTransfer.effectAllowed = "move";
      }}
      data-opportunity-id={card.id}
    >
      <Link to={`/opportunities/${card.id}`} className="deal-name" draggable={false}>
        {card.name}
      </Link>
      <p className="deal-amount">{money(card.amount)}</p>
      <p className="deal-meta">
        <span>{card.ownerName ?? t("opportunities.board.unassigned")}</span>
        <span>{card.expectedCloseDate ? t("opportunities.board.expectedClose", { date: date(card.expectedCloseDate) }) : t("opportunities.board.noCloseDate")}</span>
      </p>
      {props.showPartner ? <p className="deal-meta held-by">{card.partnerName}</p> : null}
      <p className="deal-meta">
        <span>{t("opportunities.board.daysInStage", { count: card.daysInStage })}</span>
        {card.stuck ? (
          <span className="badge stuck-badge" title={t("opportunities.board.stuckTitle", { count: card.daysInStage, days: props.stuckDays })}>
            {t("opportunities.board.stuck")}
          </span>
        ) : null}
      </p>
      <form
        method="post"
        action={BOARD_ACTION}
        className="deal-move"
        onSubmit={(event) => {
          event.preventDefault();
          const stageId = new FormData(event.currentTarget).get("stageId");
          if (typeof stageId === "string") props.onMove(card.id, stageId, card.name);
        }}
      >
        <input type="hidden" name="intent" value="move" />
        <input type="hidden" name="id" value={card.id} />
        <label htmlFor={selectId} className="visually-hidden">
          {t("opportunities.board.moveLabel", { name: card.name })}
        </label>
        <select
          id={selectId}
          name="stageId"
          value={props.stageId}
          onChange={(event) => {
            if (event.target.value !== props.stageId) props.onMove(card.id, event.target.value, card.name);
          }}
        >
          {props.stages.map((stage) => (
            <option key={stage.id} value={stage.id} disabled={stage.id === props.stageId}>
              {stage.id === props.stageId ? t("opportunities.board.moveTo") : stage.name}
            </option>
          ))}
        </select>
        {props.hydrated ? null : <button type="submit">{t("opportunities.board.move")}</button>}
      </form>
    </li>
  );
}
