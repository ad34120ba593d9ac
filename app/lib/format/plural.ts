/**
 * Counted nouns through Intl.PluralRules, so the copy says "1 message" / "2 messages" and
 * never "message(s)". Callers give every form their language needs; English needs `one` and
 * `other`. The count is formatted for the locale too ("1,200 messages").
 */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

const rulesByLocale = new Map<string, Intl.PluralRules>();
const numbersByLocale = new Map<string, Intl.NumberFormat>();

function rulesFor(locale: string): Intl.PluralRules {
  let rules = rulesByLocale.get(locale);
  if (!rules) rulesByLocale.set(locale, (rules = new Intl.PluralRules(locale)));
  return rules;
}

function numbersFor(locale: string): Intl.NumberFormat {
  let numbers = numbersByLocale.get(locale);
  if (!numbers) numbersByLocale.set(locale, (numbers = new Intl.NumberFormat(locale)));
  return numbers;
}

/** The word alone for `count`: pluralWord(1, {one: "reply", other: "replies"}) → "reply". */
export function pluralWord(count: number, forms: PluralForms, locale = "en"): string {
  return forms[rulesFor(locale).select(count)] ?? forms.other;
}

/** The count and its word: plural(2, {one: "message", other: "messages"}) → "2 messages". */
export function plural(count: number, forms: PluralForms, locale = "en"): string {
  return `${numbersFor(locale).format(count)} ${pluralWord(count, forms, locale)}`;
}
