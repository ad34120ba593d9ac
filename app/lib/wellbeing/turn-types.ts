/**
 * The turn-gate contract's types (app/lib/chat/turn-gates.ts) under the names wellbeing
 * uses. Type-only imports, so wellbeing's modules never load the chat code at run time.
 */
export type {
  TurnGateInput as WellbeingTurnInput,
  TurnNotice as WellbeingNotice,
  TurnRefusal as WellbeingRefusal,
  TurnGateResult as WellbeingGateResult,
  SettledReply as WellbeingSettledReply,
} from "~/lib/chat/turn-gates";
