/**
 * The local crisis check beyond the phrases it was written with: the warning-sign kinds an
 * independent held-out set showed it missing (means, preparations, high places, passive
 * wishes, self-harm other than cutting, conditionals, euphemisms for a decision), against
 * hard negatives (fiction requests, lyrics, idioms, medicine and history questions, the
 * same words in everyday life). tests/fixtures/crisis/generalise.json, split TRAIN/DEV
 * by position (sets.ts); DEV was never used to tune and holds a lower bar.
 */
import { describe, expect, test } from "vitest";
import { generaliseSet } from "../fixtures/crisis/sets";
import { assessCrisis, LocalCrisisDetector, matchCrisisRule } from "~/lib/wellbeing/crisis/local-detector";

const general = generaliseSet();
const kinds = [...new Set(general.crisis.map((l) => l.kind))];

describe("every missed kind is now found (TRAIN: all of them)", () => {
  for (const kind of kinds) {
    test(kind, () => {
      const missed = general.crisis
        .filter((l) => l.kind === kind && l.split === "train" && assessCrisis(l.item) === null)
        .map((l) => l.item);
      expect(missed).toEqual([]);
    });
  }
});

test("hard negatives raise no notice (TRAIN: none; all together ≤ 5 %)", () => {
  const trainAlarms = general.ordinary
    .filter((l) => l.split === "train" && assessCrisis(l.item) !== null)
    .map((l) => l.item);
  expect(trainAlarms).toEqual([]);
  const allAlarms = general.ordinary.filter((l) => assessCrisis(l.item) !== null);
  expect(allAlarms.length / general.ordinary.length).toBeLessThanOrEqual(0.05);
});

test("DEV, never tuned on: recall ≥ 0.80 with ≤ 5 % false alarms (the honest estimate; the bench prints it)", () => {
  const dev = general.crisis.filter((l) => l.split === "dev");
  const devOrdinary = general.ordinary.filter((l) => l.split === "dev");
  const recall = dev.filter((l) => assessCrisis(l.item) !== null).length / dev.length;
  const alarms = devOrdinary.filter((l) => assessCrisis(l.item) !== null).length / devOrdinary.length;
  expect(recall).toBeGreaterThanOrEqual(0.8);
  expect(alarms).toBeLessThanOrEqual(0.05);
});

test("the examples from the held-out report, reworded", () => {
  for (const text of [
    "I got a rope yesterday and I know exactly what it's for",
    "how many of these sleeping pills would it take to not wake up",
    "I've been giving away my things, I won't be needing them",
    "standing on the edge of the roof thinking about stepping off",
    "I just want to fall asleep and never wake up",
    "I burned myself with a lighter on purpose again",
    "everyone would be better off if I killed myself",
    "tonight's the night, I've made up my mind",
    "I want to make it all stop, permanently",
  ])
    expect({ text, found: assessCrisis(text) !== null }).toEqual({ text, found: true });
});

test("a fiction frame weighs against words about the topic, not against the person speaking", () => {
  expect(assessCrisis("Write a fictional scene about a forged suicide note")).toBeNull();
  expect(assessCrisis("the song 'I want to die young' is so catchy")).toBeNull();
  expect(assessCrisis("why did Hitler kill himself in the bunker?")).toBeNull();
  expect(assessCrisis("how many paracetamol can I take for a headache?")).toBeNull();
  // Stepping out of the story, or saying it of oneself, still counts.
  expect(assessCrisis("can we stop the story, I'm having thoughts of suicide")?.level).toBe("crisis");
  expect(assessCrisis("ooc: write me a scene, but honestly I'm suicidal right now")?.level).toBe("crisis");
  // Everyday uses of the same words.
  expect(assessCrisis("I bought a rope for the climbing gym today")).toBeNull();
  expect(assessCrisis("I'm killing it at work this week!")).toBeNull();
  expect(assessCrisis("I'd die for a coffee right now")).toBeNull();
});

test("levels: outright or combined signs are a crisis, a passive wish is a check-in; both reach callers that read only `crisis`", async () => {
  expect(assessCrisis("I want to kill myself")?.level).toBe("crisis");
  expect(assessCrisis("I bought a rope today, I know what it's for")?.level).toBe("crisis");
  expect(assessCrisis("I hope I don't wake up tomorrow")?.level).toBe("check_in");
  const local = new LocalCrisisDetector();
  expect(await local.check("I hope I don't wake up tomorrow")).toMatchObject({
    crisis: true,
    level: "check_in",
    language: "en",
    source: "local",
  });
  expect(await local.check("I'll kill the dragon")).toMatchObject({ crisis: false, level: "none" });
  // The limits gate's exemption reads matchCrisisRule: a check-in exempts too.
  expect(matchCrisisRule("I hope I don't wake up tomorrow")).toMatchObject({ level: "check_in" });
});

test("Spanish kinds too", () => {
  for (const text of [
    "compré una cuerda, ya sé para qué",
    "estoy en el borde del puente",
    "me quemé con un cigarro a propósito otra vez",
    "todos estarían mejor si me matara",
  ]) {
    expect({ text, found: assessCrisis(text)?.language }).toEqual({ text, found: "es" });
  }
  expect(assessCrisis("¿por qué se suicidó Hitler?")).toBeNull();
});
