/**
 * "1 message", "2 messages": the count and the word in the form `Intl.PluralRules` picks
 * for English. Copy never writes "message(s)".
 */
const rules = new Intl.PluralRules("en");

export interface PluralForms {
  one: string;
  other: string;
}

export function plural(count: number, forms: PluralForms): string {
  const word = rules.select(count) === "one" ? forms.one : forms.other;
  return `${count.toLocaleString("en")} ${word}`;
}
