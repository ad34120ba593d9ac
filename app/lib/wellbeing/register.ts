/** Wellbeing's turn gates and settled hook, in the order they run (registered with one
 * line each in app/lib/chat/turn-gates.ts). Crisis first: a turn that needs crisis help is
 * never refused by a limit; the minor check before limits so its 403 is the one shown. */
import type { ReplySettledHook, TurnGate } from "~/lib/chat/turn-gates";
import { crisisGate, minorContentGate, selfModerationGate } from "./gates";
import { wellbeingSettledHook } from "./settled";

export const WELLBEING_TURN_GATES: TurnGate[] = [crisisGate, minorContentGate, selfModerationGate];
export const WELLBEING_SETTLED_HOOKS: ReplySettledHook[] = [wellbeingSettledHook];
