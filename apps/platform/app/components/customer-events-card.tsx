import { Link } from "@remix-run/react";
import { customerEventTypeKey } from "@qudao/core/schemas";
import { useTranslation } from "react-i18next";
import { DateTime } from "~/components/date-time";

type CustomerEvent = { id: string; type: string; occurredAt: string | Date; payload: Record<string, unknown>; source: string; externalId: string | null };

function text(value: unknown): string {
  return typeof value === "string" || typeof value === "number" ? String(value) : "";
}

/** What the customer did elsewhere (pushed through POST /api/v1/customers/{id}/events), latest first. */
export function CustomerEventsCard({ events, nextCursor, customerId }: { events: readonly CustomerEvent[]; nextCursor: string | null; customerId: string }) {
  const { t } = useTranslation();
  const label = (type: string) => {
    const key = customerEventTypeKey(type);
    return key ? t(key) : type;
  };
  return (
    <section className="card" aria-labelledby="events-title" id="events">
      <h2 id="events-title">{t("segments.events.title")}</h2>
      <p className="muted small">{t("segments.events.intro")}</p>
      {events.length === 0 ? (
        <p className="muted">{t("segments.events.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("segments.events.columns.type")}</th>
                <th scope="col">{t("segments.events.columns.occurredAt")}</th>
                <th scope="col">{t("segments.events.columns.details")}</th>
                <th scope="col">{t("segments.events.columns.source")}</th>
              </tr>
            </thead>
            <tbody>
              {events.map((event) => (
                <tr key={event.id}>
                  <td>
                    <span className={`badge event-${event.type}`}>{label(event.type)}</span>
                  </td>
                  <td className="nowrap">
                    <DateTime value={event.occurredAt} />
                  </td>
                  <td>
                    {event.type === "order" ? (
                      t("segments.events.order", { orderNo: text(event.payload.orderNo), amount: text(event.payload.amount), currency: text(event.payload.currency) })
                    ) : Object.keys(event.payload).length > 0 ? (
                      <code className="small">{JSON.stringify(event.payload)}</code>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                  <td className="muted small">{event.source}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {nextCursor ? (
        <p>
          <Link to={`/customers/${customerId}?eventsCursor=${nextCursor}#events`}>{t("segments.events.more")}</Link>
        </p>
      ) : null}
    </section>
  );
}
