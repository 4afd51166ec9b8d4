/** Message trees: every key exists in zh-CN, zh-TW and en, checked by the compiler. */
export type MessageTree = { readonly [key: string]: string | MessageTree };
export type SameShape<T> = { readonly [K in keyof T]: T[K] extends string ? string : SameShape<T[K]> };

export type LocalisedMessages<T extends MessageTree> = {
  "zh-CN": T;
  "zh-TW": SameShape<T>;
  en: SameShape<T>;
};

export function defineMessages<const T extends MessageTree>(
  zhCN: T,
  others: { "zh-TW": SameShape<T>; en: SameShape<T> },
): LocalisedMessages<T> {
  return { "zh-CN": zhCN, ...others };
}
