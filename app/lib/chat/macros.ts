/** `{{char}}` and `{{user}}` in bot fields and greetings (SillyTavern's macros, any case). */
export interface MacroNames {
  char: string;
  user: string;
}

export function replaceMacros(text: string, names: MacroNames): string {
  return text.replace(
    /\{\{\s*(char|user)\s*\}\}|<(BOT|USER)>/gi,
    (_match, macro: string | undefined, legacy: string | undefined) => {
      const which = (macro ?? legacy ?? "").toLowerCase();
      return which === "char" || which === "bot" ? names.char : names.user;
    },
  );
}
