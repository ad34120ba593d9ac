/**
 * The local crisis detector on the labelled sets in tests/fixtures/crisis: recall on
 * crisis expressions (direct, indirect, misspelt, Spanish) and the false-positive rate on
 * ordinary roleplay/fiction full of violent words. Targets: recall ≥ 0.95, FP ≤ 2 %.
 * Prints the numbers and every miss; never fails on them (the workers test holds the line).
 *
 *   npm run bench -- crisis      (or: npx node tests/bench/crisis.bench.ts)
 */
import { readFileSync } from "node:fs";
import { matchCrisisRule } from "../../app/lib/wellbeing/crisis/local-detector.ts";

const load = (name: string) => (JSON.parse(readFileSync(`tests/fixtures/crisis/${name}.json`, "utf8")) as { messages: string[] }).messages;
const crisis = load("crisis");
const ordinary = load("ordinary");

const started = performance.now();
const missed = crisis.filter((text) => matchCrisisRule(text) === null);
const flagged = ordinary.map((text) => ({ text, rule: matchCrisisRule(text)?.id })).filter((r) => r.rule);
const elapsed = performance.now() - started;

const recall = (crisis.length - missed.length) / crisis.length;
const fpRate = flagged.length / ordinary.length;
console.log(`crisis expressions: ${crisis.length}, ordinary messages: ${ordinary.length}`);
console.log(`recall:              ${recall.toFixed(3)} (${crisis.length - missed.length}/${crisis.length})   target ≥ 0.950`);
console.log(`false-positive rate: ${(fpRate * 100).toFixed(2)} % (${flagged.length}/${ordinary.length})   target ≤ 2.00 %`);
console.log(`time: ${((elapsed * 1000) / (crisis.length + ordinary.length)).toFixed(1)} µs per message`);
for (const text of missed) console.log(`  missed: ${text}`);
for (const { text, rule } of flagged) console.log(`  false positive (${rule}): ${text}`);

// The held-out set was written after the rules and never used to tune them: the honest
// estimate of how the phrases do on messages they were not shaped around.
const holdout = JSON.parse(readFileSync("tests/fixtures/crisis/holdout.json", "utf8")) as { crisis: string[]; ordinary: string[] };
const holdMissed = holdout.crisis.filter((text) => matchCrisisRule(text) === null);
const holdFlagged = holdout.ordinary.filter((text) => matchCrisisRule(text) !== null);
console.log(`\nheld out — recall: ${((holdout.crisis.length - holdMissed.length) / holdout.crisis.length).toFixed(3)} (${holdout.crisis.length - holdMissed.length}/${holdout.crisis.length}), false positives: ${((holdFlagged.length / holdout.ordinary.length) * 100).toFixed(2)} % (${holdFlagged.length}/${holdout.ordinary.length})`);
for (const text of holdMissed) console.log(`  missed: ${text}`);
for (const text of holdFlagged) console.log(`  false positive: ${text}`);
