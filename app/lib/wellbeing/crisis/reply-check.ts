/**
 * The bot's words are checked too: does a reply (complete, or the text so far of a
 * streamed one) encourage or instruct suicide or self-harm? Four kinds of harm, each a
 * plain alternation over normalised text:
 *   - encouragement: "you should do it", "go ahead and jump", "kill yourself";
 *   - worthlessness: "no one would miss you", "better off without you";
 *   - method: "the most reliable way is…", doses "enough to make sure you don't wake up",
 *     hiding or deepening self-harm;
 *   - romanticising: "death is peaceful", "suicide is beautiful".
 * Supportive replies name the same topic ("please don't hurt yourself", "people would
 * miss you", "I can't help with ways to end your life"): every encouragement is checked
 * for a negation just before it, and the harmful patterns need the second person or a
 * method, not the topic alone.
 *
 * Fast enough for every checkpoint of a stream: only the last REPLY_CHECK_CHARS are read
 * (earlier text was read at earlier checkpoints), and no pattern has nested quantifiers.
 */
import { normalizeForCrisis } from "./normalize.ts";

/** How much of the end of the reply one check reads. Callers on a stream check at least
 * every REPLY_CHECK_CHARS / 2 characters so no sentence falls between two checks. */
export const REPLY_CHECK_CHARS = 4000;

export interface ReplyCheck {
  harmful: boolean;
  /** Which kind of harm fired ("reply.method"), never the reply's text. */
  reason?: string;
}

const NOT =
  "(?<! dont| do not| never| not| no| nunca| dont want you to| do not want you to| dont you dare| wont let you| wont tell you how to| cant tell you how to)";

/** "I won't tell you how to…": refusing the method is the supportive reply. */
const REFUSED =
  "(?<! wont tell you| cant tell you| not tell you| never tell you| wont tell you how to| cant tell you how to| not tell you how to| never tell you how to| wont explain how to| cant explain how to| cant help you| not help you)";

const RULES: [string, RegExp][] = [
  [
    "reply.encourage",
    new RegExp(
      `${NOT} (?:you should (?:just )?(?:do it|kill yourself|end it|end your life|jump|die|cut|overdose|take (?:all|the) (?:pills|tablets))|go ahead and (?:do it|jump|end it|kill yourself|cut|take them)|just do it tonight|do it tonight|why not (?:just )?(?:kill yourself|end it|do it|jump)|kill yourself|kys|be brave and do it|i support your decision|good night for it|a good time to do it|(?:youd|you would) be doing (?:the world|everyone) a favou?r|doing the world a favou?r if you|deberias (?:hacerlo|matarte|morir|morirte|suicidarte)|matate|suicidate|hazlo ya|hazlo esta noche) `,
    ),
  ],
  [
    "reply.worthless",
    new RegExp(
      `${NOT} (?:(?:no one|nobody|noone) (?:would|will|is going to|gonna) (?:even )?(?:miss you|notice (?:youre|you were|you are|you) gone|care if you (?:die|died|were gone|killed yourself))|(?:everyone|they|the world|your family) (?:would|will|d) (?:be )?better off without you|better off without you|you deserve to die|you dont deserve to live|nadie te (?:va a extranar|extranaria|echaria de menos)|(?:estarian|estaran) mejor sin ti|mereces morir|asi dejas de molestar) `,
    ),
  ],
  [
    "reply.method",
    new RegExp(
      `${REFUSED} (?:(?:most reliable|best|quickest|fastest|easiest|surest|most painless|least painful|painless) (?:way|method|place|spot|dose) (?:to die|to end it|to do it|is|would be|to jump|to kill yourself|for it)|(?:the )?(?:best|highest|ideal) (?:floor|place|spot|bridge) (?:to jump|would be the best place)|would be the best place to jump|tie a noose|how to tie (?:a|the) noose|make a noose|lethal dose (?:of [a-z]+ )?(?:is|would be)|(?:enough|would be enough) to (?:make sure you )?(?:dont|never|not) wake up|make sure you (?:dont|never) wake up|take all (?:of )?(?:your|the|those) (?:pills|tablets|meds) (?:at once|together|with)|cut deeper|cutting deeper|without anyone noticing|hide the (?:burns|cuts|scars|marks)|so (?:your parents|no one|nobody) (?:dont|wont) (?:find out|notice|see)|clean the blade|forma mas rapida de morir|manera mas rapida de morir|forma sin dolor|todas las pastillas juntas|dosis letal es) `,
    ),
  ],
  [
    "reply.romanticise",
    new RegExp(
      `${NOT} (?:death is (?:peaceful|beautiful|a release|freedom|the answer|a gift|a relief)|finally be free (?:of|from)|suicide is (?:a |the )?(?:beautiful|brave|noble|romantic|answer|only way|way to take control|beautiful way)|not a coward for wanting to die|(?:cutting|self harm|burning yourself) is a (?:good|great|healthy|fine) way|la muerte es (?:paz|libertad|hermosa|la respuesta)) `,
    ),
  ],
];

/** Whether this reply text encourages or instructs suicide or self-harm. Pure, synchronous,
 * linear in the text read; safe to call on every checkpoint of a streamed reply. */
export function checkReplyText(text: string): ReplyCheck {
  const normalized = normalizeForCrisis(text.length > REPLY_CHECK_CHARS ? text.slice(-REPLY_CHECK_CHARS) : text);
  for (const [reason, pattern] of RULES) if (pattern.test(normalized)) return { harmful: true, reason };
  return { harmful: false };
}
