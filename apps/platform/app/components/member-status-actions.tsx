import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";

type Member = { id: string; name: string; role: string; active: boolean };

/**
 * Deactivate a partner's member (choosing who takes over their open leads, opportunities, tasks and
 * registrations), or reactivate them. Core refuses the last active admin with a translated message.
 */
export function MemberStatusActions({ member, members, partnerId, error }: { member: Member; members: Member[]; partnerId: string; error: string | null }) {
  const { t } = useTranslation();
  const successors = members.filter((m) => m.active && m.id !== member.id);
  const selectId = `successor-${member.id}`;
  return (
    <div>
      {member.active ? (
        successors.length === 0 ? (
          <span className="muted">{t("team.platform.noSuccessor")}</span>
        ) : (
          <Form method="post" action={`/partners/${partnerId}`} className="actions">
            <input type="hidden" name="intent" value="deactivate" />
            <input type="hidden" name="userId" value={member.id} />
            <select id={selectId} name="successorId" defaultValue="" aria-label={t("team.platform.successor")} aria-invalid={error ? true : undefined} required>
              <option value="" disabled>
                {t("team.platform.chooseSuccessor")}
              </option>
              {successors.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}（{t(`common.membershipRole.${s.role}`)}）
                </option>
              ))}
            </select>
            <button type="submit" className="danger">
              {t("team.platform.deactivate")}
            </button>
          </Form>
        )
      ) : (
        <Form method="post" action={`/partners/${partnerId}`}>
          <input type="hidden" name="intent" value="reactivate" />
          <input type="hidden" name="userId" value={member.id} />
          <button type="submit">{t("team.platform.reactivate")}</button>
        </Form>
      )}
      {error ? (
        <p role="alert" className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
