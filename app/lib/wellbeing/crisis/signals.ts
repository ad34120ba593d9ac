/**
 * Signals, not sentences. The phrase rules (phrases.ts) catch the ways people say it
 * outright; an independent held-out set showed they miss what crisis counsellors call
 * warning signs, which rarely contain the words "die" or "suicide": means being acquired
 * or researched, preparations and farewells, standing somewhere high, passive wishes not
 * to wake up, self-harm other than cutting, a decision without an object ("I've made up
 * my mind"). Each of those is ordinary on its own ("I bought a rope for climbing"), so
 * this module names small signals and scores them together; the detector turns the score
 * into a level. Fiction, history and medical-dose questions are weighed against the
 * score (not used to ignore the message), so a strong enough signal still counts.
 *
 * Every pattern is written against normalizeForCrisis() output (" lower case words ")
 * and is a plain alternation of words: no nested quantifiers, so each test is linear in
 * the text's length.
 */

export type SignalName =
  | "death"
  | "means"
  | "research"
  | "prep-strong"
  | "prep-weak"
  | "high-place"
  | "at-the-edge"
  | "passive"
  | "self-harm"
  | "conditional"
  | "decision"
  | "final"
  | "make-it-stop"
  | "hopeless"
  | "first-person";

export type FrameName = "fiction" | "info" | "benign-purpose" | "out-of-character";

const re = (source: string) => new RegExp(source);

/** "my character", "my OC": a first-person word that is really about the fiction. */
const FICTION_OWNER =
  / (?:my|mi|our) (?:character|characters|char|oc|ocs|persona|hero|heroine|protagonist|villain|knight|paladin|rogue|wizard|personaje|protagonista) /g;

/** Chat drops the subject ("sitting on the edge…", "went to the store and…") and says where
 * the speaker is ("right now", "from here"): both are the speaker. */
const SPEAKER_IMPLIED = re(
  "^ (?:sitting|standing|lying|looking|thinking|wondering|waiting|staring|holding|went|got|bought|looked|googled|searched|punched|burned|burnt|gave|giving|wrote|writing|deleted|finished|just|been|keep|kept|cant|at the|on the|up on|by the|here on|here at) | (?:right now|from here|up here|ahora mismo|desde aqui) ",
);
const FIRST_PERSON = re(
  " (?:i|im|ive|ill|id|me|my|myself|mine|yo|mia|mias|mio|mios|mi|mis|conmigo|estoy|tengo|quiero|compre|regale|escribi|deje|he|ya) ",
);

/** Ending, dying or the act itself, said by or about the speaker. */
const DEATH = re(
  " (?:die|dying|dead|death|suicide|suicidal|kill myself|killed myself|killing myself|end it|ended it|ending it|end it all|end my life|not exist|stop existing|bleed out|overdose|lethal|noose|not be alive|wasnt alive|werent alive|not alive|be gone|im gone|i m gone|were gone|was gone|without me|morir|morirme|muerto|muerta|matarme|matara|suicidarme|no despertar|no estar|sin mi) ",
);

const MEANS = re(
  " (?:rope|ropes|noose|pill|pills|tablets|meds|medication|medications|paracetamol|tylenol|acetaminophen|insulin|gun|guns|pistol|firearm|shotgun|rifle|bullets|blade|blades|razor|razors|knife|knives|lighter|bleach|antifreeze|poison|cuerda|soga|pastillas|pildoras|medicamentos|medicinas|arma|pistola|cuchilla|cuchillas|navaja|veneno) ",
);

/** Getting or finding out about the means: bought, saved up, looked up, how many would it take. */
const RESEARCH = re(
  " (?:bought|buy|buying|ordered|saving up|saved up|been saving|been collecting|stockpiled|stockpiling|hoarding|googled|looked up|searched|searching|researching|researched|would it take|does it take|would take|it takes to|is enough|have enough|i have enough|think i have enough|would be enough|lethal dose|lethal amount|fatal dose|how long it takes|keep staring at|know where (?:the|he|she|they|my) (?:key|keys|keeps|gun)|everything i need|all i need|know what (?:its|it is|theyre|they are|thats) for|know exactly what (?:its|it is|theyre|they are|thats) for|ya se para que|se para que es|compre|consegui|guardando|ahorrando|tengo suficientes|ya tengo suficientes|busque|hacen falta|harian falta|cuantas (?:de las mias|de mis)) ",
);

/** Preparations that, in the words of crisis training, "put affairs in order". Strong ones
 * carry their own reason ("I won't need it"); weak ones need company from another signal. */
const PREP_STRONG = re(
  " (?:wont need (?:it|them|anything|any of it)|wont be needing (?:it|them|anything|any of it)|will not be needing (?:it|them)|will not need (?:it|them)|after im gone|after i m gone|when im gone|when i m gone|once im gone|when im not around|when i m not around|when im not here|after i die|when i die|last time (?:well|we ll|we will|we|ill|i ll|i will) (?:talk|speak|see|say)|tying up loose ends|tie up loose ends|loose ends|its better that way|better this way|nobody has to deal with|no one has to deal with|letters to everyone|goodbye letters|goodbye letter|deleted all my accounts|deleted my accounts|ya no (?:las|los|la|lo) voy a necesitar|cuando no este|cuando ya no este|cartas de despedida|carta de despedida|deje todo arreglado|todo arreglado) ",
);
const PREP_WEAK = re(
  " (?:giving (?:away|my|all my)|given away|gave away|gave (?:my|all my)|give away (?:my|all my)|wrote letters|writing letters|wrote a letter|my will|said goodbye|saying goodbye|say goodbye|take care of my (?:cat|dog|pets|kids|children|plants|son|daughter)|he regalado|regale|regalando|escribi cartas|me despedi) ",
);

const HIGH_PLACE = re(
  " (?:roof|rooftop|bridge|ledge|balcony|cliff|cliffs|tracks|train tracks|railway|top floor|\\d+(?:st|nd|rd|th) floor|parking garage|overpass|top of the|window sill|azotea|tejado|puente|balcon|cornisa|acantilado|vias|precipicio) ",
);
/** At the place, with the thought: stepping, jumping, letting go, waiting, not going home. */
const AT_THE_EDGE = re(
  " (?:edge of|on the edge|the edge|ledge|railing|borde de|borde del|el borde|cornisa|stepping off|step off|stepping over|jumping|jump|just jump|let go|letting go|fall|falling|climbed over|over the railing|waiting for the next|next one|dont want to go home|do not want to go home|water looks|so easy to|would be easy|tirarme|saltar|tirarme desde|dejarme caer) ",
);

/** Passive wishes: not waking up, not minding an accident, not caring whether one lives. */
const PASSIVE = re(
  " (?:so easy to jump|so easy to just jump|easy to just let go|so easy to let go|so easy to step off|so easy to just step off|tempted to jump|tempting to jump|tempted to let go|tempted to step|hope i (?:dont|do not|wont|will not|never) wake up|pray i (?:dont|do not|wont|will not|never) wake up|the one i (?:dont|do not|wont) wake up|dont wake up from|never wake up|not wake up|wouldnt mind if (?:a|the|some|something|someone)|would not mind if (?:a|the|some|something)|if i died in my sleep|if i didnt wake up|if i dont wake up|fade away|dont care if i live or die|do not care if i live or die|dont care whether i live|not exist for a while|not exist anymore|to not exist|just not exist|stop existing|ojala no despertar|ojala no despierte|no despertar nunca|no despertar mas|me da igual vivir o morir|me da igual si vivo o muero|me da igual morir|desaparecer sin que nadie) ",
);

/** Hurting oneself other ways than cutting, with what makes it deliberate. */
const SELF_HARM = re(
  " (?:punched the wall|punched a wall|punching walls|punching the wall|punch the wall|hit the wall|hitting the wall|golpeo la pared|burned myself|burnt myself|burn myself|burning myself|hit myself|hitting myself|punch myself|punching myself|scratch myself|scratching myself|starving myself|starve myself|hurting myself|hurt myself|bang my head|banging my head|bite myself|biting myself|pull my hair out|pulling my hair out|burning my (?:skin|arm|arms|legs|wrist|hand)|scratch my (?:arms|skin|legs)|scratching my (?:arms|skin|legs)|held my hand over|me queme|me quemo|me golpeo|me rasco|me lastimo|me pego) ",
);
const DELIBERATE = re(
  " (?:on purpose|to feel something|feel something|as punishment|as a punishment|to punish myself|wanted it to hurt|until (?:it|they|my \\w+) (?:bleeds|bled|bleed|blistered|blisters|broke|hurt|hurts)|until i bleed|until they bleed|when i get angry at myself|when i hate myself|again|keep|i keep|ive been|been|cant stop|a proposito|hasta sangrar|para sentir algo|cuando me odio|otra vez) ",
);

/** Conditional and third-person-about-self: "better off if I killed myself", "people like me". */
const CONDITIONAL = re(
  " (?:better off if i|easier (?:for everyone |for them |for my family )?if i|better place without me|better without me|happier if i|if i killed myself|if i ended it|if i just ended it|what if i just|would it (?:really )?matter if i|would anyone (?:even )?care if i|if i were gone|if i was gone|if i wasnt here|someone like me (?:doesnt|does not|shouldnt|should not|dont)|people like me (?:shouldnt|should not|dont|do not|dont deserve)|doesnt deserve to live|dont deserve to live|not deserve to live|shouldnt be alive|should not be alive|si me matara|si me muriera|si yo no estuviera|si no estuviera|como yo no merece|no merezco vivir|no merece vivir|mejor sin mi|seria mejor sin mi) ",
);

/** A decision without an object, and words that make it final. */
const DECISION = re(
  " (?:made up my mind|ive made up my mind|made my decision|my decision|ive decided|i decided|its been decided|been decided|im done (?:this|goodbye|bye|with life|with everything|with it all|with living|with all of it)|im done $|this is it|my time has come|ready to go|im ready|not scared anymore|at peace with|checking out|lo tengo decidido|tome mi decision|he decidido|ya lo decidi) ",
);
const FINAL = re(
  " (?:tonights the night|tonight is the night|esta noche es la noche|thanks for everything|thank you for everything|gracias por todo|goodbye|good bye|bye everyone|goodbye everyone|last message|last time|for good|permanently|forever|once and for all|none of this will matter|wont matter|no longer matter|not scared anymore|at peace|adios|para siempre|ultimo mensaje|ultima vez) ",
);
const MAKE_IT_STOP = re(
  " (?:make it (?:all )?stop|make everything stop|make it all end|make the pain stop|make it end|que todo pare|que todo termine|que todo acabe|que pare todo) ",
);

/** Hopelessness: context that turns an ordinary next message into a warning sign. */
const HOPELESS = re(
  " (?:(?:whats|what is|theres no|there is no|no) (?:the )?point (?:of (?:anything|it all|everything|life|living|trying|going on|me|any of it)|in (?:anything|trying|living|going on)|anymore|any more)|whats the point $|(?:life|everything) is pointless|hopeless|cant do this anymore|cant take it anymore|cant go on|tired of everything|so tired of everything|nothing ever gets better|nothing gets better|never gets better|no way out|dont see a way out|see no way out|burden|hate myself|hate my life|nobody cares|no one cares|nobody would (?:even )?notice|no one would (?:even )?notice|nobody would miss|no one would miss|want it all to stop|want it to stop|want everything to stop|everyone hates me|nobody loves me|no aguanto mas|no puedo mas|no le veo salida|sin salida|no tiene sentido nada|nada tiene sentido|nadie me quiere|me odio|estoy harto|estoy harta|me siento tan sola|me siento tan solo|no vale la pena) ",
);

/** Fiction, media and history: the message is about a story, not the speaker. */
const FICTION_FRAME = re(
  " (?:write|writing|rewrite|story|stories|scene|scenes|fiction|fictional|novel|novels|chapter|plot|character|characters|poem|poems|poetry|lyrics|song|songs|sang|episode|episodes|series|show|movie|movies|film|films|book|books|roleplay|rp|eulogy|essay|history|historical|theory|sociology|class|assignment|article|documentary|escribe|escribir|escena|historia|personaje|poema|cancion|serie|pelicula|libro|novela) ",
);
/** Questions about safe use of medicine or first aid, not about dying. */
const INFO_FRAME = re(
  " (?:por que se|como murio|como se mato|why did|how did|rates|rate|statistics|prevention|barrier|awareness|can i take|can i drink|safe to|is it safe|maximum|max daily|daily dose|for a headache|for my headache|for the headache|headache|migraine|fever|toothache|cramps|back pain|doctor|vet|prescribed|accidentally|should i put|how do i treat|treat a|first aid|ice on it|puedo tomar|dolor de cabeza|que me pongo|medico) ",
);
/** A stated, ordinary purpose for the means or the place ("a rope for the climbing gym"). */
const BENIGN_PURPOSE = re(
  " (?:for|para) (?:the |a |my |our |el |la |mi |mis )?(?:climbing|climb|gym|camping|camp|hike|hiking|boat|sailing|tent|garden|gardening|swing|tree|project|class|school|work|moving|move|headache|migraine|pain|cold|fever|allergies|sleep|insomnia|escalar|escalada|gimnasio|jardin|mudanza) | (?:climbing|camping|hiking|sailing|fixing|repairing|watching|escalar|tomando el sol) ",
);
/** Stepping out of the story: the frame no longer discounts anything. */
const OUT_OF_CHARACTER = re(
  " (?:stop the story|pause the story|break character|breaking character|step out of|stepping out of|ooc|out of character|for real|real life|irl|not roleplay|not a story|not joking|im not joking|in real life|real talk|en serio|de verdad|fuera de personaje) ",
);

export interface Signals {
  names: Set<SignalName>;
  frames: Set<FrameName>;
}

const TESTS: [SignalName, RegExp][] = [
  ["death", DEATH],
  ["means", MEANS],
  ["research", RESEARCH],
  ["prep-strong", PREP_STRONG],
  ["prep-weak", PREP_WEAK],
  ["high-place", HIGH_PLACE],
  ["at-the-edge", AT_THE_EDGE],
  ["passive", PASSIVE],
  ["conditional", CONDITIONAL],
  ["decision", DECISION],
  ["final", FINAL],
  ["make-it-stop", MAKE_IT_STOP],
  ["hopeless", HOPELESS],
];

/** Reads the signals in normalised text. */
export function readSignals(normalized: string): Signals {
  const frames = new Set<FrameName>();
  const own = normalized.replace(FICTION_OWNER, " ");
  if (FICTION_FRAME.test(normalized) || own !== normalized) frames.add("fiction");
  if (INFO_FRAME.test(normalized)) frames.add("info");
  if (OUT_OF_CHARACTER.test(normalized)) frames.add("out-of-character");
  if (BENIGN_PURPOSE.test(normalized)) frames.add("benign-purpose");
  const names = new Set<SignalName>();
  if (FIRST_PERSON.test(own) || SPEAKER_IMPLIED.test(own)) names.add("first-person");
  for (const [name, pattern] of TESTS) if (pattern.test(own)) names.add(name);
  if (SELF_HARM.test(own) && DELIBERATE.test(own)) names.add("self-harm");
  return { names, frames };
}

/** How much each signal weighs. Two ordinary signals together are not a crisis; a
 * strong one with one more is. Tuned on the TRAIN half of generalise.json only. */
const WEIGHTS: Partial<Record<SignalName, number>> = {
  death: 2,
  means: 1,
  research: 1,
  "prep-strong": 3,
  "prep-weak": 1,
  "high-place": 1,
  "at-the-edge": 1,
  passive: 3,
  "self-harm": 4,
  conditional: 4,
  decision: 1,
  final: 1,
  "make-it-stop": 1,
  hopeless: 1,
};

/** Combinations worth more than their parts: means with research, a high place with the
 * thought of stepping, a decision made final, "make it stop" made permanent. */
const COMBOS: [SignalName, SignalName, number][] = [
  ["means", "research", 2],
  ["high-place", "at-the-edge", 2],
  ["decision", "final", 2],
  ["make-it-stop", "final", 2],
  ["prep-weak", "final", 1],
  ["death", "means", 1],
];

export function scoreSignals({ names, frames }: Signals): number {
  // Passive wishes, conditionals about oneself and strong preparations ("after I'm gone",
  // "the last time we'll talk") are about the speaker whatever the grammar.
  if (!names.has("first-person") && !names.has("passive") && !names.has("conditional") && !names.has("prep-strong"))
    return 0;
  let score = 0;
  for (const name of names) score += WEIGHTS[name] ?? 0;
  for (const [a, b, bonus] of COMBOS) if (names.has(a) && names.has(b)) score += bonus;
  if (!frames.has("out-of-character")) {
    if (frames.has("fiction")) score -= 3;
    if (frames.has("info")) score -= 3;
  }
  if (frames.has("benign-purpose")) score -= 2;
  return score;
}

/** Score at or above which the detector says "crisis"; at or above CHECK_IN_SCORE, "check_in". */
export const CRISIS_SCORE = 4;
export const CHECK_IN_SCORE = 3;
