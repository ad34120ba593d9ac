/** Wellbeing's turn gates and settled hook, in the order they run (registered in
 * app/lib/chat/turn-gates.ts). The crisis gate on its own, first of all gates (before the
 * terms gate too): a turn that needs crisis help shows it whatever refuses the turn; the
 * minor check before limits so its 403 is the one shown. */
import type { ReplySettledHook, TurnGate } from "~/lib/chat/turn-gates";
import { crisisGate, minorContentGate, selfModerationGate } from "./gates";
import { wellbeingSettledHook } from "./settled";

export const WELLBEING_CRISIS_GATES: TurnGate[] = [crisisGate];
export const WELLBEING_TURN_GATES: TurnGate[] = [minorContentGate, selfModerationGate];
export const WELLBEING_SETTLED_HOOKS: ReplySettledHook[] = [wellbeingSettledHook];
