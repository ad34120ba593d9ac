/** The one AI disclosure at the start of every conversation (SB 243 / New York): the
 * character is an AI, not a person. Server-rendered above the messages, so it is there
 * before the first reply and with JavaScript off. The chat turn gate (wellbeing/gates.ts)
 * repeats it above a reply after every 3 hours of use. What writes the replies (the demo
 * model or a real one) is a separate notice that never contradicts this one. */
export function AiDisclosure({ botName }: { botName: string }) {
  return (
    <p role="note" className="rounded border border-sky-200 bg-sky-50 px-3 py-2 text-sm text-sky-950">
      <strong>{botName} is an AI character, not a person.</strong> Its replies are written by a computer program and can
      be wrong.{" "}
      <a href="/crisis" className="underline">
        Need to talk to a real person? Crisis support
      </a>
      .
    </p>
  );
}
