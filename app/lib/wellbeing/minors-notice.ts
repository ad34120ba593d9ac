/** The notice companion-chatbot law (California SB 243) asks for on every way people reach
 * a companion chatbot: the sign-up step, a bot's page, the chat and the creators' Atom
 * feeds. One sentence, so every format says exactly the same. */
export const MINORS_NOTICE = "Companion chatbots may not be suitable for some minors.";
