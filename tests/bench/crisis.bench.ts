/**
 * The local crisis checks on the labelled sets in tests/fixtures/crisis (sets.ts says
 * where each comes from and how TRAIN/DEV are split):
 *   - user messages: recall (crisis or check-in) and false alarms (any notice) on the
 *     phrase sets, the first held-out set, and generalise.json by kind, TRAIN and DEV;
 *   - bot replies: harmful replies caught vs supportive ones wrongly flagged;
 *   - multi-turn: risk that shows only across messages;
 *   - time per check on a 2 KB message (target < 1 ms).
 * Prints the numbers and every miss; never fails on them (the tests hold the line).
 *
 *   npm run bench -- crisis      (or: npx node tests/bench/crisis.bench.ts)
 */
import { availableParallelism, loadavg } from "node:os";
import { assessCrisis } from "../../app/lib/wellbeing/crisis/local-detector.ts";
import { checkConversation } from "../../app/lib/wellbeing/crisis/conversation.ts";
import { checkReplyText } from "../../app/lib/wellbeing/crisis/reply-check.ts";
import {
  generaliseSet,
  holdoutSet,
  multiTurnSet,
  phraseSets,
  replySet,
  type Labelled,
  type Split,
} from "../fixtures/crisis/sets.ts";

const pct = (n: number, d: number) => `${d === 0 ? "-" : ((n / d) * 100).toFixed(1)} % (${n}/${d})`;

function report<T>(
  title: string,
  positives: T[],
  negatives: T[],
  fires: (item: T) => string | null,
  show: (item: T) => string,
) {
  const missed = positives.filter((p) => fires(p) === null);
  const alarms = negatives.map((n) => ({ n, why: fires(n) })).filter((r) => r.why !== null);
  console.log(
    `${title.padEnd(34)} recall ${pct(positives.length - missed.length, positives.length).padEnd(18)} false alarms ${pct(alarms.length, negatives.length)}`,
  );
  for (const m of missed) console.log(`    missed: ${show(m)}`);
  for (const a of alarms) console.log(`    false alarm (${a.why}): ${show(a.n)}`);
}

const userFires = (text: string) => {
  const a = assessCrisis(text);
  return a && `${a.level} ${a.id}`;
};
const label = <T>(l: Labelled<T>) => `[${l.kind}] ${typeof l.item === "string" ? l.item : JSON.stringify(l.item)}`;
const of = <T>(items: Labelled<T>[], split: Split) => items.filter((i) => i.split === split);

console.log("— user messages (a notice at either level counts as detected and as an alarm) —");
const phrases = phraseSets();
report("phrase sets (shaped the rules)", phrases.crisis, phrases.ordinary, userFires, String);
const holdout = holdoutSet();
report("first held-out set (2025)", holdout.crisis, holdout.ordinary, userFires, String);
const general = generaliseSet();
for (const split of ["train", "dev"] as const) {
  report(
    `generalise.json ${split.toUpperCase()}`,
    of(general.crisis, split),
    of(general.ordinary, split),
    (l) => userFires(l.item),
    label,
  );
}
const levels = { crisis: 0, check_in: 0 };
for (const l of general.crisis) {
  const a = assessCrisis(l.item);
  if (a) levels[a.level]++;
}
console.log(
  `  generalise.json crisis messages by level: crisis ${levels.crisis}, check_in ${levels.check_in}, none ${general.crisis.length - levels.crisis - levels.check_in}`,
);

console.log("\n— bot replies (harmful caught / supportive flagged) —");
const replies = replySet();
for (const split of ["train", "dev"] as const) {
  report(
    `replies ${split.toUpperCase()}`,
    of(replies.harmful, split),
    of(replies.supportive, split),
    (l) => checkReplyText(l.item).reason ?? null,
    label,
  );
}

console.log("\n— multi-turn (the new message read with the person's recent ones) —");
const turns = multiTurnSet();
const turnFires = (l: Labelled<{ recent: string[]; message: string }>) => {
  const a = checkConversation(l.item.recent, l.item.message);
  return a && `${a.level} ${a.id}`;
};
const aloneCaught = turns.crisis.filter((l) => assessCrisis(l.item.message) !== null).length;
console.log(`  (the new message alone would have been caught in ${aloneCaught}/${turns.crisis.length} crisis cases)`);
for (const split of ["train", "dev"] as const)
  report(`multi-turn ${split.toUpperCase()}`, of(turns.crisis, split), of(turns.ordinary, split), turnFires, label);

console.log("\n— time (2 KB of text, target < 1 ms per check) —");
const filler =
  "The caravan rolled on through the dunes while the knight told stories of the old war and the dragon slept. ";
const twoKb = (tail: string) => (filler.repeat(Math.ceil(2048 / filler.length)) + tail).slice(-2048);
const cases: [string, () => unknown][] = [
  ["message, nothing found", () => assessCrisis(twoKb("We camp by the river."))],
  ["message, crisis at the end", () => assessCrisis(twoKb("I bought a rope today, I know what it's for."))],
  ["reply, supportive", () => checkReplyText(twoKb("Please call 988, I'm here with you."))],
  ["reply, 2 KB of repeated letters", () => checkReplyText("a".repeat(2048))],
  [
    "conversation, 3 × 2 KB",
    () => checkConversation([twoKb("what's the point"), twoKb("nothing gets better")], twoKb("I'm on the roof now")),
  ],
];
// CPU time, not wall time: the bench machine is shared, and waiting for a core is not the check's cost.
console.log(
  `  (load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores; CPU µs per check, wall µs in brackets)`,
);
for (const [name, run] of cases) {
  for (let i = 0; i < 50; i++) run();
  const rounds = 500;
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < rounds; i++) run();
  const wall = ((performance.now() - started) / rounds) * 1000;
  const used = process.cpuUsage(cpu);
  console.log(
    `  ${name.padEnd(34)} ${((used.user + used.system) / rounds).toFixed(0).padStart(5)} µs  (${wall.toFixed(0)})`,
  );
}
