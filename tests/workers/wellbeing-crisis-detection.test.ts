/**
 * The crisis detectors on the labelled sets (tests/fixtures/crisis): the local phrases
 * must reach recall ≥ 0.95 with ≤ 2 % false positives on roleplay full of violent words,
 * and the Llama Guard adapter must read Workers AI's real output shapes, count only the
 * self-harm category, and fall back to the local verdict when the classifier fails.
 */
import { expect, test } from "vitest";
import crisisSet from "../fixtures/crisis/crisis.json";
import holdout from "../fixtures/crisis/holdout.json";
import recorded from "../fixtures/crisis/llama-guard-responses.json";
import ordinarySet from "../fixtures/crisis/ordinary.json";
import {
  flagsSelfHarm,
  LLAMA_GUARD_MODEL,
  LlamaGuardCrisisDetector,
  type AiRunner,
} from "~/lib/wellbeing/crisis/llama-guard-detector";
import { LocalCrisisDetector, matchCrisisRule } from "~/lib/wellbeing/crisis/local-detector";

test("the sets are honest in size: ≥ 100 crisis expressions (with Spanish), ≥ 200 ordinary messages", () => {
  expect(crisisSet.messages.length).toBeGreaterThanOrEqual(100);
  expect(ordinarySet.messages.length).toBeGreaterThanOrEqual(200);
  expect(crisisSet.messages.filter((m) => matchCrisisRule(m)?.language === "es").length).toBeGreaterThanOrEqual(30);
});

test("local detector: recall ≥ 0.95 on crisis expressions, false positives ≤ 2 % on roleplay", () => {
  const missed = crisisSet.messages.filter((m) => matchCrisisRule(m) === null);
  const flagged = ordinarySet.messages.filter((m) => matchCrisisRule(m) !== null);
  const recall = 1 - missed.length / crisisSet.messages.length;
  const fpRate = flagged.length / ordinarySet.messages.length;
  const holdRecall = 1 - holdout.crisis.filter((m) => matchCrisisRule(m) === null).length / holdout.crisis.length;
  const holdFp = holdout.ordinary.filter((m) => matchCrisisRule(m) !== null).length / holdout.ordinary.length;
  console.log(
    `crisis detection — recall ${recall.toFixed(3)}, false positives ${(fpRate * 100).toFixed(2)} %; held out: recall ${holdRecall.toFixed(3)}, false positives ${(holdFp * 100).toFixed(2)} %`,
  );
  expect(recall).toBeGreaterThanOrEqual(0.95);
  expect(fpRate).toBeLessThanOrEqual(0.02);
});

test("roleplay violence is not a crisis; the same words about oneself are", async () => {
  const local = new LocalCrisisDetector();
  expect((await local.check("I'll kill the dragon")).crisis).toBe(false);
  expect((await local.check("¡Voy a matar al dragón!")).crisis).toBe(false);
  expect(await local.check("I'll kill myself")).toMatchObject({ crisis: true, language: "en", source: "local" });
  expect(await local.check("me voy a matar")).toMatchObject({ crisis: true, language: "es" });
  // Misspelt and stretched.
  expect((await local.check("i w4nt to kil mys3lf")).crisis).toBe(true);
  expect((await local.check("dont want to liiive anymore")).crisis).toBe(true);
});

test("Llama Guard output: only S11 (self-harm) counts, in both the object and the text shape", () => {
  for (const c of recorded.cases)
    expect({ name: c.name, selfHarm: flagsSelfHarm(c.output) }).toEqual({ name: c.name, selfHarm: c.selfHarm });
});

function fakeAi(output: unknown): AiRunner & { calls: { model: string; content: string }[] } {
  const calls: { model: string; content: string }[] = [];
  return {
    calls,
    async run(model, inputs) {
      calls.push({ model, content: inputs.messages[0]!.content });
      if (output instanceof Error) throw output;
      return output;
    },
  };
}

test("Llama Guard adapter: the local pass answers first; the classifier decides the rest", async () => {
  const selfHarm = recorded.cases.find((c) => c.name === "object, self-harm")!.output;
  const violence = recorded.cases.find((c) => c.name === "object, violence only")!.output;

  const skip = fakeAi(selfHarm);
  expect(await new LlamaGuardCrisisDetector(skip).check("I want to kill myself")).toMatchObject({
    crisis: true,
    source: "local",
  });
  expect(skip.calls).toEqual([]);

  const asks = fakeAi(selfHarm);
  expect(
    await new LlamaGuardCrisisDetector(asks).check("everything feels heavy and I keep giving my things away"),
  ).toMatchObject({ crisis: true, source: "llama-guard" });
  expect(asks.calls).toEqual([
    { model: LLAMA_GUARD_MODEL, content: "everything feels heavy and I keep giving my things away" },
  ]);

  expect((await new LlamaGuardCrisisDetector(fakeAi(violence)).check("I'll kill the dragon")).crisis).toBe(false);
  // A failing classifier never blocks the turn: the local verdict stands.
  expect(await new LlamaGuardCrisisDetector(fakeAi(new Error("AI down"))).check("hello there")).toMatchObject({
    crisis: false,
    source: "local",
  });
});
