/**
 * Llama Guard 3 on the bot's replies, in Workers AI's wire formats (the parsed object and
 * the raw "unsafe\nS11" text, tests/fixtures/crisis/llama-guard-responses.json): the
 * reply goes as the assistant turn after the user's message, only S11 counts, the local
 * check answers first, and a failing classifier leaves the local verdict.
 */
import { expect, test } from "vitest";
import recorded from "../fixtures/crisis/llama-guard-responses.json";
import { createReplyChecker } from "~/lib/wellbeing/crisis";
import {
  LLAMA_GUARD_MODEL,
  LlamaGuardCrisisDetector,
  LlamaGuardReplyChecker,
  type AiRunner,
} from "~/lib/wellbeing/crisis/llama-guard-detector";

type Call = { model: string; messages: { role: string; content: string }[] };
function fakeAi(output: unknown): AiRunner & { calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    async run(model, inputs) {
      calls.push({ model, messages: inputs.messages });
      if (output instanceof Error) throw output;
      return output;
    },
  };
}
const output = (name: string) => recorded.cases.find((c) => c.name === name)!.output;

test("the reply is the assistant turn after the user's message; S11 in either shape is harmful", async () => {
  for (const shape of ["text, self-harm", "object, self-harm", "text, several categories"]) {
    const ai = fakeAi(output(shape));
    expect(
      await new LlamaGuardReplyChecker(ai).check("It would be peaceful, you know.", "I want it all to stop"),
    ).toEqual({ harmful: true, reason: "llama-guard.S11", source: "llama-guard" });
    expect(ai.calls).toEqual([
      {
        model: LLAMA_GUARD_MODEL,
        messages: [
          { role: "user", content: "I want it all to stop" },
          { role: "assistant", content: "It would be peaceful, you know." },
        ],
      },
    ]);
  }
  expect(await new LlamaGuardReplyChecker(fakeAi({ response: "unsafe\nS11" })).check("x")).toMatchObject({
    harmful: true,
  });
});

test("other categories, safe, malformed and failing classifiers leave the reply alone; the local check answers first", async () => {
  for (const shape of ["object, violence only", "text, crimes only", "text, safe", "object, safe", "malformed"]) {
    expect(
      await new LlamaGuardReplyChecker(fakeAi(output(shape))).check("*the knight slays the dragon*", "attack!"),
    ).toEqual({ harmful: false, source: "local" });
  }
  expect(await new LlamaGuardReplyChecker(fakeAi(new Error("AI down"))).check("I'm here for you")).toEqual({
    harmful: false,
    source: "local",
  });
  const skip = fakeAi(output("text, safe"));
  expect(await new LlamaGuardReplyChecker(skip).check("You should do it, nobody would miss you.")).toEqual({
    harmful: true,
    reason: "reply.encourage",
    source: "local",
  });
  expect(skip.calls).toEqual([]);
});

test("createReplyChecker: local by default, Llama Guard when configured", async () => {
  const ai = fakeAi(output("text, self-harm"));
  expect(await createReplyChecker({ AI: ai as never }).check("It would be peaceful.")).toEqual({
    harmful: false,
    source: "local",
  });
  expect(
    await createReplyChecker({ AI: ai as never, CRISIS_CLASSIFIER: "llama-guard" }).check("It would be peaceful."),
  ).toMatchObject({ harmful: true, source: "llama-guard" });
});

test("a local check-in is still asked about, so the classifier can raise it to a crisis", async () => {
  const ai = fakeAi(output("text, self-harm"));
  expect(await new LlamaGuardCrisisDetector(ai).check("I hope I don't wake up tomorrow")).toMatchObject({
    crisis: true,
    level: "crisis",
    source: "llama-guard",
  });
  expect(
    await new LlamaGuardCrisisDetector(fakeAi(output("text, safe"))).check("I hope I don't wake up tomorrow"),
  ).toMatchObject({ crisis: true, level: "check_in", source: "local" });
});
