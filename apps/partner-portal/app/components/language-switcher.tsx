import { Form, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SUPPORTED_LOCALES } from "@qudao/core/i18n";

/** Saves the choice on the signed-in user and in the `qd_lng` cookie (see routes/preferences.locale). */
export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  return (
    <Form method="post" action="/preferences/locale" className="language-switcher" aria-label={t("common.language")}>
      <input type="hidden" name="next" value={location.pathname + location.search} />
      {SUPPORTED_LOCALES.map((locale) => (
        <button
          key={locale}
          type="submit"
          name="locale"
          value={locale}
          className="link"
          aria-pressed={i18n.language === locale}
          lang={locale}
        >
          {t(`common.languages.${locale}`)}
        </button>
      ))}
    </Form>
  );
}
