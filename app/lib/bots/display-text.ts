/**
 * Bot text as a person reads it: `{{char}}`/`{{user}}` filled in (the bot's name, and the
 * reader's name or "you"), and SillyTavern's `<START>` separators in example dialogue
 * turned into separate exchanges. The prompt side does the same with replaceMacros.
 */
import { replaceMacros } from "../chat/macros";

/** Who `{{user}}` is when the reader is not known (signed out, or a list of many bots). */
export const ANONYMOUS_READER = "you";

export function botDisplayText(text: string, botName: string, readerName?: string | null): string {
  return replaceMacros(text, { char: botName, user: readerName?.trim() || ANONYMOUS_READER });
}

/** Example dialogue split on `<START>` lines into exchanges, macros filled in, empty ones dropped. */
export function exampleExchanges(text: string, botName: string, readerName?: string | null): string[] {
  return botDisplayText(text, botName, readerName)
    .split(/<START>/i)
    .map((part) => part.trim())
    .filter(Boolean);
}
