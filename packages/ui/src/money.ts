import { useTranslation } from "react-i18next";

/**
 * Money as the API sends it (a decimal string) in the reader's language: "¥128,000.50". The string
 * goes to Intl as it is, so no amount is ever turned into a float by us.
 */
export function useMoney(): (amount: string, currency?: string) => string {
  const { i18n } = useTranslation();
  const formats = new Map<string, Intl.NumberFormat>();
  return (amount, currency = "CNY") => {
    let format = formats.get(currency);
    if (!format) formats.set(currency, (format = new Intl.NumberFormat(i18n.language, { style: "currency", currency })));
    return format.format(amount as unknown as number);
  };
}
