/**
 * The bot's words are checked too (issue 16; SB 243 asks for a protocol that prevents
 * suicidal-ideation, suicide and self-harm content from being produced to the user).
 * runReply calls the guard on the text so far at each progress save while a reply streams,
 * and on the whole reply as it settles; a reply it flags is stopped, not stored, and
 * replaced by BotCafe's crisis notice, counted as a withheld reply beside the referrals.
 *
 * `isHarmfulReply` is the reply detector (crisis/reply-check.ts: encouragement, methods,
 * worthlessness, romanticising), the first-person crisis rules (a bot that voices "I don't
 * want to be alive anymore" in character is suicidal-ideation content too), and a few
 * second-person instruction phrasings the detector's sets do not cover yet.
 *
 * In production (`CRISIS_CLASSIFIER = "llama-guard"`) the phrases run first and, when they
 * do not fire, Llama Guard 3 classifies the reply in its conversation (the person's message
 * and the bot's reply — it then judges the assistant's turn), counting only S11.
 */
import { batch } from "#db/batch";
import type { DB } from "#db/schema";
import type { ReplyGuard } from "~/lib/chat/reply";
import type { TurnNotice } from "~/lib/chat/turn-gates";
import { flagsSelfHarm, LLAMA_GUARD_MODEL, type AiRunner } from "./crisis/llama-guard-detector";
import { guessLanguage, matchCrisisRule } from "./crisis/local-detector";
import { normalizeForCrisis } from "./crisis/normalize";
import { checkReplyText } from "./crisis/reply-check";
import { crisisNotice } from "./gates";
import { withheldReplyIncrement } from "./referrals";
import { chooseRegion, REGION_LABELS } from "./regions";
import { noticeResourcesQuery, type CrisisResource } from "./resources";

// Against normalizeForCrisis() output (lower case, no apostrophes, single spaces, padded).
// Second person, encouraging or instructing: "don't hurt yourself" must never match, so
// every pattern needs the encouraging frame, not just the verb.
const YOU_HARM = "(?:kill|hurt|harm|cut|hang|stab|burn|starve|poison|drown|off|unalive) (?:your ?self|yourselves)";
const HARMFUL_REPLY_PATTERNS: RegExp[] = [
  new RegExp(
    ` (?:you should|you must|you need to|you ought to|you deserve to|you have to|why dont you|why not|just go|go and|go|just|please|you could|you can) (?:just )?(?:${YOU_HARM}|end your (?:own )?life|end it all|die) `,
  ),
  new RegExp(
    ` (?:heres|here is|this is|i can tell you|let me tell you|let me explain) how (?:to|you can|you could|you should) (?:${YOU_HARM}|end your (?:own )?life|overdose|die) `,
  ),
  new RegExp(
    ` (?:the )?(?:best|easiest|quickest|fastest|surest|painless|painless est|least painful) (?:way|ways|method|methods) (?:to|for you to|you can) (?:${YOU_HARM}|end your (?:own )?life|die|overdose) `,
  ),
  / (?:kys|kill urself) /,
  / (?:everyone|the world|they|your family|we) (?:would be|will be|is|are) better off (?:without you|if you (?:died|were dead|were gone)) /,
  / you (?:would be|are|d be) better off dead /,
];

/** Whether the bot's text (so far) encourages or instructs self-harm or voices suicidal ideation. */
export function isHarmfulReply(text: string): boolean {
  if (checkReplyText(text).harmful || matchCrisisRule(text) !== null) return true;
  const normalized = normalizeForCrisis(text);
  return HARMFUL_REPLY_PATTERNS.some((pattern) => pattern.test(normalized));
}

const CLASSIFIER_TIMEOUT_MS = 4000;

async function llamaGuardFlagsReply(ai: AiRunner, userMessage: string | null, reply: string): Promise<boolean> {
  const messages = [
    ...(userMessage ? [{ role: "user" as const, content: userMessage.slice(0, 4000) }] : []),
    { role: "assistant" as const, content: reply.slice(-4000) },
  ];
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const output = await Promise.race([
      ai.run(LLAMA_GUARD_MODEL, { messages }),
      new Promise<never>(
        (_, reject) =>
          (timer = setTimeout(() => reject(new Error("reply classifier timed out")), CLASSIFIER_TIMEOUT_MS)),
      ),
    ]);
    return flagsSelfHarm(output);
  } catch (error) {
    // The phrases' verdict stands; a classifier outage never blocks a reply.
    console.error("reply classifier failed; the local verdict stands", error);
    return false;
  } finally {
    clearTimeout(timer);
  }
}

export const WITHHELD_NOTICE_TITLE = "BotCafe withheld this reply";

/** What the person sees in place of the withheld reply: the crisis notice, saying why. */
export function withheldNotice(resources: CrisisResource[], regionLabel: string): TurnNotice {
  const crisis = crisisNotice(resources, regionLabel);
  return {
    ...crisis,
    title: WITHHELD_NOTICE_TITLE,
    body: `The character's reply touched on suicide or self-harm in a way that could hurt, so BotCafe did not show it. If any of this is on your mind, you can talk to a real person right now, for free (${regionLabel}). If you are in immediate danger, call your local emergency number.`,
  };
}

export interface ReplyGuardInput {
  db: DB;
  d1: D1Database;
  env: Pick<Env, "AI"> & { CRISIS_CLASSIFIER?: string };
  userId: string;
  /** The person's message this reply answers, when there is one (context for the classifier). */
  userMessage: string | null;
  /** request.cf.country, for the notice's region when the person has not chosen one. */
  country: string | null;
  now: Date;
}

/** The guard for one reply (built where the turn is composed: the reply route). */
export function createReplyGuard(input: ReplyGuardInput): ReplyGuard {
  const classifier = input.env.CRISIS_CLASSIFIER === "llama-guard" ? (input.env.AI as unknown as AiRunner) : null;
  let language = "other";
  return {
    async check(textSoFar) {
      if (!textSoFar.trim()) return { withhold: false };
      language = guessLanguage(textSoFar);
      if (isHarmfulReply(textSoFar)) return { withhold: true };
      if (classifier && (await llamaGuardFlagsReply(classifier, input.userMessage, textSoFar)))
        return { withhold: true };
      return { withhold: false };
    },
    async withheld() {
      const preference = await input.db
        .selectFrom("self_moderation")
        .select("crisis_region")
        .where("user_id", "=", input.userId)
        .executeTakeFirst();
      const region = chooseRegion(preference?.crisis_region, input.country);
      const [resources] = await batch(input.d1, [noticeResourcesQuery(input.db, region)] as const);
      return {
        notice: withheldNotice(resources as CrisisResource[], REGION_LABELS[region]),
        // Counted in the same batch as the saved (empty) message: month, region, language only.
        writes: [withheldReplyIncrement(input.db, { now: input.now, region, language })],
      };
    },
  };
}
