/**
 * A stand-in for the `AI` binding that speaks Workers AI's streaming wire format
 * (`data: {"response": "…"}` events, a usage event, `data: [DONE]`), so billing tests run
 * the real WorkersAiModel — BotCafe's charged, hosted model — through the real chat turn.
 */
export interface FakeAiScript {
  /** The reply, streamed a word at a time. */
  words: string[];
  /** Throw from run() (the binding failing before any token): the reply is an error. */
  failBeforeStart?: boolean;
  /** Break the stream after this many words (a dropped connection): the reply is incomplete. */
  breakAfter?: number;
}

export function fakeWorkersAi(script: FakeAiScript | (() => FakeAiScript)) {
  const calls: { model: string; maxTokens: unknown }[] = [];
  return {
    calls,
    async run(model: string, input: Record<string, unknown>): Promise<unknown> {
      const { words, failBeforeStart, breakAfter } = typeof script === "function" ? script() : script;
      calls.push({ model, maxTokens: input.max_tokens });
      if (failBeforeStart) throw new Error("AI binding: upstream unavailable");
      const encoder = new TextEncoder();
      let i = 0;
      return new ReadableStream<Uint8Array>({
        pull(controller) {
          if (breakAfter !== undefined && i === breakAfter) return controller.error(new Error("connection reset"));
          if (i < words.length) {
            controller.enqueue(encoder.encode(`data: ${JSON.stringify({ response: (i ? " " : "") + words[i] })}\n\n`));
            i++;
            return;
          }
          controller.enqueue(
            encoder.encode(
              `data: {"response":"","usage":{"prompt_tokens":7,"completion_tokens":${words.length}}}\n\ndata: [DONE]\n\n`,
            ),
          );
          controller.close();
        },
      });
    },
  };
}
