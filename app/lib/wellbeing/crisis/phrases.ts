/**
 * The phrases the local crisis detector looks for, as data. Written against
 * normalizeForCrisis() output: lower case, no accents or apostrophes, single spaces.
 *
 * Why our own list (docs/decisions/0017-crisis-detection.md): no maintained npm package
 * ships a suicide/self-harm lexicon (profanity lists do not cover it, and block on words
 * like "kill" that roleplay is full of). The rules below are about the *speaker*: a first
 * person subject (I / me / my / myself; yo / me / mi) together with dying, ending a life
 * or hurting oneself, plus the indirect phrasings crisis lines train volunteers to hear
 * ("I don't want to be here anymore", "what's the point of going on", "they'd be better
 * off without me"). Violence aimed at someone or something else ("I'll kill the dragon")
 * never matches, because no rule has a third-person object.
 *
 * FIGURATIVE phrases are blanked out before the rules run, so "I'll die laughing" or
 * "a suicide mission" do not fire. Keep both lists honest: every change is measured by
 * `npm run bench -- crisis` against tests/fixtures/crisis/*.json.
 *
 * Phrases catch what is said outright; warning signs said in other words (means, farewells,
 * high places, a decision) are scored in signals.ts. TOPIC_RULES name the topic rather
 * than the speaker, so a fiction, history or medicine frame outweighs them.
 */
import type { CrisisLanguage } from "./types.ts";

export interface CrisisRule {
  id: string;
  language: Exclude<CrisisLanguage, "other">;
  pattern: RegExp;
}

// Small building blocks, joined into the rules below.
const I = "(?:i|im|i m|ive|ill|id|i am|i have|i will|i would|i could|i just|i really)";
const ADV =
  "(?:(?:really|just|honestly|seriously|kinda|kind of|sort of|sometimes|often|still|literally|actually|so|truly|genuinely|almost|already|even|cant stop|keep) )*";
// Wanting, planning or trying: never plain future ("I'm going to die" is roleplay peril).
const WANT =
  "(?:want|wanna|wish i could|wish i can|need|plan|am planning|m planning|planning|am ready|m ready|ready|deserve|feel like|think i should|should|tried|try|keep thinking about|keep wanting|thought about|think about|thinking about|been thinking about)";
// Intent verbs that may be followed by an explicit self-directed object.
const INTENT = `(?:${WANT}|will|going|gonna|am going|m going|am gonna|m gonna|might|am about|m about|about)`;
const SELF = "(?:my ?self|meself|my own life|my life)";
const HARM_VERB =
  "(?:kill|killing|kil|hurt|hurting|harm|harming|cut|cutting|hang|hanging|shoot|shooting|drown|drowning|poison|poisoning|starve|starving|burn|burning|stab|stabbing|off|offing|unalive|unaliving|end|ending|suffocate|strangle)";
const SUICIDE = "(?:su(?:i|e|ie)?(?:c|s|cc)i?d[a-z]{0,4}|sewerslide|sewercide)";

export const FIGURATIVE: RegExp[] = [
  / (?:kill|killing|killed) (?:my ?self|me) (?:laughing|lol|lmao|haha)/g,
  / (?:die|dying|died|dead) (?:of|from) (?:laughter|laughing|embarrassment|boredom|cuteness|shame)/g,
  / (?:die|dying) laughing /g,
  / (?:to )?die for /g,
  / suicid[ea]l? (?:mission|missions|squad|run|runs|bomber|bombers|bombing|bomb|doors|jump|jumps|king|pass|charge|attack|attacks) /g,
  / (?:mision|misiones|ataque|escuadron) suicida /g,
  / (?:me )?(?:muero|morir|moria|mori) (?:de )?(?:risa|verguenza|hambre|sueno|frio|calor|ganas|aburrimiento)/g,
  / (?:me voy a|voy a) matar de (?:risa|hambre|cansancio)/g,
  / cort[a-z]* (?:el|las|los|la) (?:pelo|cabello|unas|barba|flequillo|pan|carne|cebolla|cuerda)/g,
  / kill(?:ing)? (?:me|my ?self) (?:with|at) (?:this|these|those|the) (?:game|boss|quest|puzzle|level|homework|workout)/g,
];

const EN: [string, string][] = [
  // Before the bare word: "I'm suicidal" is about the speaker even in a writing request.
  [
    "en.suicidal-me",
    ` (?:(?:im|i m|i am|i feel|i felt|feeling|ive been|been|i get|i got|i was|i have been|i keep getting) ${ADV}(?:very |pretty |super |a bit |a little )?|(?:having|have|had|been having|i get|getting) (?:thoughts|thought) (?:of|about) )${SUICIDE} `,
  ],
  ["en.suicide-word", ` ${SUICIDE} `],
  ["en.kms", " (?:kms|kmss) "],
  ["en.self-harm-word", " self ?(?:harm|harming|harmed|injury|injuring|mutilation|mutilating) "],
  ["en.harm-self", ` ${HARM_VERB} ${ADV}${SELF} `],
  ["en.want-harm-self", ` ${INTENT} (?:to )?${ADV}${HARM_VERB} ${SELF}`],
  [
    "en.want-die",
    ` ${I} ${ADV}${WANT} (?:to )?${ADV}(?:die|dying|be dead|not exist|stop existing|not be alive|disappear forever|not wake up|never wake up|sleep forever|stop breathing|end it|end it all|end things|end everything) `,
  ],
  [
    "en.wish-dead",
    ` ${I} ${ADV}(?:wish|wished) (?:i|im) (?:was|were|would be|could be|m|am)? ?(?:dead|gone|never born|not alive|not here|not around|never here)`,
  ],
  ["en.never-born", " (?:wish|wished) i (?:was|were|had) never (?:been )?born"],
  [
    "en.dont-want-live",
    ` (?:dont|do not|no longer|dont even|do not even|cant|cannot|can not) ${ADV}(?:want|wanna|wish|feel like|see the point) (?:to )?(?:live|exist|be alive|living|existing|wake up|go on living|keep living|be alive anymore) `,
  ],
  [
    "en.dont-want-here",
    ` (?:dont|do not|no longer) ${ADV}(?:want|wanna) (?:to )?(?:be here|be around|go on|keep going|continue|carry on|exist|be alive|live) (?:anymore|any more|any longer|much longer|another day)`,
  ],
  [
    "en.not-be-here",
    ` ${I} (?:wont|will not|will not be|wont be|am not going to be|m not going to be|not gonna be) (?:be )?(?:here|around|alive) (?:much longer|for long|tomorrow|next week|anymore|any more|any longer)`,
  ],
  [
    "en.point-going-on",
    " (?:whats|what is|what s|wheres|there is no|theres no|there s no|no|dont see (?:the|any)|cant see (?:the|any)|see no|i see no) (?:the )?(?:point|reason|use|sense) (?:of|in|to|for) (?:going on|living|life|being alive|carrying on|keep going|keeping going|continuing|staying alive|existing|waking up|trying anymore|any of it anymore|me being here|my life|live|go on|be alive) ",
  ],
  [
    "en.nothing-live-for",
    " (?:nothing|no one|nobody|no reason|not a reason) (?:left )?(?:to|worth) (?:live|living) (?:for)?",
  ],
  [
    "en.no-reason-live",
    " (?:no|not any|dont have a|dont have any|lost my|lost all|lost the) (?:reason|reasons|will|point|desire) (?:to|for) (?:live|living|go on|keep going|stay alive|being alive)",
  ],
  [
    "en.better-off",
    " (?:better off|happier) (?:if i (?:was|were|wasnt|werent|died|disappeared|was gone|wasnt here|wasnt around|never existed)|without me|with me gone|when im gone|once im gone|if im gone|if i m gone)",
  ],
  [
    "en.better-off-dead",
    " (?:im|i m|i am|id be|i would be|i d be|be) (?:better off|happier) (?:dead|gone for good|not existing|not alive)",
  ],
  [
    "en.end-life",
    " (?:end|ending|take|taking|took|finish|finishing) (?:my own life|my life|my existence|it all|it all tonight|everything tonight|things tonight) (?!savings|story|insurance)",
  ],
  [
    "en.miss-me",
    " (?:no one|nobody|noone|no body|not one person|nobody at all|no one at all) (?:would|will|is going to|gonna|ever would) (?:even )?(?:miss me|care if i (?:died|was gone|disappeared|wasnt here|killed myself|was dead)|notice if i (?:died|was gone|disappeared|wasnt here|stopped existing|were dead|was dead)|notice im gone|miss me if|care when im gone|notice when im gone)",
  ],
  [
    "en.burden",
    ` ${I} ${ADV}(?:am|m|feel like|feel like i am|feel like im|know im|know i am)? ?(?:just )?(?:a|such a|nothing but a|only a) (?:burden|waste of space|waste of air|waste of oxygen)`,
  ],
  [
    "en.cant-go-on",
    ` ${I} ${ADV}(?:cant|cannot|can not|dont think i can|dont know if i can|dont know how to) ${ADV}(?:go on|go on like this|keep going|live like this|keep living|face another day|survive another day|stay alive|hold on|take it|take this pain|take the pain)(?: anymore| any more| any longer| much longer| another day| for much longer)`,
  ],
  [
    "en.give-up-life",
    " (?:give|giving|gave|given) up (?:on )?(?:life|living|on myself|on staying alive|on being alive) ",
  ],
  [
    "en.method",
    " (?:how (?:many|much) (?:pills|tablets|sleeping pills|tylenol|paracetamol|advil|ibuprofen)|pills to (?:die|end it|overdose|not wake up)|painless (?:way|ways|method|death)|(?:quick|easy|quickest|easiest|fastest|best|quiet|quietest) (?:way|ways|method) to (?:die|end it|kill myself)|how to (?:kill myself|end my life|hang myself|overdose|od|not wake up)|(?:ways|way) to (?:kill myself|die painlessly|end my life|end it all))",
  ],
  [
    "en.plan-act",
    ` ${I} ${ADV}(?:bought|got|saved up|have|wrote|written|am writing|m writing|counted|collected|stockpiled|hoarded) (?:a |the |some |my |enough |all the |all my )?(?:rope|noose|pills|razor|razors|blades|suicide note|goodbye letter|goodbye note|letter for my family|note for my family) (?:saved up |saved |stashed |hidden |ready )?(?:to|for (?:it|that|this|tonight|later|when|the end|after|myself|my family)|ready|tonight|so|and) `,
  ],
  [
    "en.overdose",
    ` ${I} ${ADV}(?:${INTENT}|took|swallowed|am taking|m taking) (?:to )?(?:overdose|od|take all (?:my|the|of my) (?:pills|meds|medication|tablets)|all (?:my|the|of my) (?:pills|meds|medication|tablets)|a bottle of pills|the whole bottle|too many pills)`,
  ],
  [
    "en.jump",
    ` ${I} ${ADV}${WANT} (?:to )?(?:jump|jumping) (?:off|from|in front of) (?:a|the|this|that) (?:bridge|building|roof|cliff|train|balcony|window|tower|car|bus|truck|overpass|ledge)`,
  ],
  ["en.goodbye-forever", " (?:goodbye|bye) (?:cruel world|forever everyone|everyone forever|to everyone forever)"],
  [
    "en.done-with-life",
    ` ${I} ${ADV}(?:am|m|feel)? ?(?:done with|tired of|sick of|finished with) (?:life|living|being alive|existing|this life|my life) `,
  ],
  [
    "en.tired-of-living",
    " (?:tired|sick|exhausted) of (?:living|being alive|existing|life itself|waking up every day|breathing) ",
  ],
  [
    "en.disappear",
    ` ${I} ${ADV}${WANT} (?:to )?(?:disappear|vanish|fade away|fall asleep) (?:forever|for good|permanently|and never come back|and never wake up|and not wake up|and not come back)`,
  ],
  [
    "en.relapse",
    ` ${I} ${ADV}(?:relapsed|started|start|am|m|keep|cant stop|been) (?:cutting|burning|hurting|harming|scratching) (?:myself|again|my arms|my wrists|my legs|my skin)`,
  ],
  ["en.wrists", " (?:slit|slitting|cut|cutting|slash|slashing|open) (?:my|both my|both of my) (?:wrist|wrists|veins) "],
  [
    "en.pain-stop",
    " (?:make|let|want|need|wish|just want) (?:the|this|all the|my) (?:pain|hurt|suffering) (?:to )?(?:stop|end|go away) (?:forever|for good|permanently)",
  ],
  [
    "en.not-worth-living",
    " (?:life|my life|living) (?:isnt|is not|aint|s not|really isnt|just isnt) worth (?:living|it anymore|it any more|the pain|continuing)",
  ],
  [
    "en.part-of-me",
    " (?:part of me|all i|everything in me|my heart|my brain|my mind) (?:still |just |really )?(?:wants|want|wishes|keeps telling me) (?:to )?(?:die|be dead|end it|stop existing|kill myself|disappear forever) ",
  ],
  [
    "en.end-it-soon",
    ` ${I} ${ADV}(?:${INTENT}|am thinking about|m thinking about|thinking of|cant stop thinking about) (?:to )?(?:end it|ending it|end it all|ending it all|end everything|ending everything) (?:tonight|now|today|soon|this week|this weekend|for good|once and for all|before|$| )`,
  ],
  [
    "en.rather-dead",
    " (?:id|i d|i would|i) (?:rather|prefer to) (?:be dead|die|not exist|not be alive|not wake up) (?:than|instead) (?:feel|feeling|live|living|go on|going on|keep|this)",
  ],
  [
    "en.sleep-forever",
    ` ${ADV}(?:want|wanna|wish i could|wish to|just want to|need to) (?:go to |fall )?(?:sleep|asleep) (?:forever|and never wake up|and not wake up|permanently) `,
  ],
  [
    "en.should-die",
    ` ${I} ${ADV}(?:should|should just|must|deserve to|need to|ought to) (?:just )?(?:die|be dead|not exist|not be alive|kill myself|end it) `,
  ],
];

const ES: [string, string][] = [
  ["es.suicidio", " (?:suicid[a-z]*|suisid[a-z]*|sucid[a-z]*) "],
  [
    "es.quiero-morir",
    "(?<! no) (?:quiero|kiero|qiero|quisiera|deseo|necesito|tengo ganas de|ganas de|pienso en|pensando en|he pensado en|planeo) (?:me )?(?:morir|morirme|estar muerto|estar muerta|dejar de existir|dejar de vivir|no despertar|desaparecer para siempre) ",
  ],
  [
    "es.matarme",
    " (?:quiero|kiero|voy a|pienso|planeo|podria|deberia|tengo ganas de|ganas de|necesito|intente|he intentado|estoy pensando en|pienso en) (?:matarme|suicidarme|quitarme la vida|acabar con mi vida|terminar con mi vida|hacerme dano|lastimarme|cortarme|colgarme|tirarme (?:de|por|desde|a las vias))",
  ],
  [
    "es.me-quiero-matar",
    " me (?:voy a|quiero|podria|tengo que) (?:matar|suicidar|colgar|cortar las venas|quitar la vida|tirar de un puente|tirar por la ventana) ",
  ],
  [
    "es.me-quiero-morir",
    " (?:me quiero morir|me quisiera morir|me gustaria morir|me gustaria morirme|quiero morirme) ",
  ],
  [
    "es.no-quiero-vivir",
    " (?:ya )?no (?:quiero|kiero|qiero|deseo|tengo ganas de|aguanto|soporto|se si quiero) (?:seguir )?(?:vivir|viviendo|existir|estar vivo|estar viva|despertar|estar en este mundo|vivir asi|seguir asi|mas con mi vida|mas esta vida|mas la vida|seguir con vida) ",
  ],
  ["es.ya-no-quiero-estar", " ya no (?:quiero|kiero) (?:estar|seguir) (?:aqui|aca|en este mundo|vivo|viva|con vida)"],
  [
    "es.sentido",
    " (?:cual es|que|no tiene|no le veo|no encuentro|ya no tiene|no hay) (?:el )?(?:sentido|caso|razon|motivo|proposito) (?:de|en|a|para|por el que|por la que)? ?(?:seguir viviendo|seguir vivo|seguir viva|vivir|mi vida|estar vivo|estar viva|existir|despertar|seguir aqui en este mundo) ",
  ],
  [
    "es.para-que-seguir",
    " (?:para que|pa que) (?:seguir viviendo|vivir|sigo vivo|sigo viva|sigo aqui|existo|despertar) ",
  ],
  [
    "es.quitarme-vida",
    " (?:quitarme|quitare|me quito|me quitare|acabar con|terminar con|acabare con|terminare con|poner fin a) (?:la vida|mi vida|mi existencia|mi sufrimiento para siempre) ",
  ],
  [
    "es.mejor-sin-mi",
    " (?:estarian|estaran|estarias|estaria|estan|serian|seria|vivirian|todos estarian) (?:mejor|mas felices|mas tranquilos|bien) (?:sin mi|si yo no estuviera|si me muero|si muero|si desaparezco|si no existiera|cuando me vaya|si me fuera)",
  ],
  [
    "es.nadie-extranaria",
    " (?:nadie|ni uno) (?:me )?(?:extranaria|echaria de menos|notaria|lloraria|le importaria) (?:si|que)? ?(?:me muero|muero|desaparezco|ya no estoy|no estuviera|me mato|me fuera para siempre|me muriera)",
  ],
  [
    "es.hacerme-dano",
    " (?:autolesion[a-z]*|auto lesion[a-z]*|me corto las venas|cortarme las venas|me corte las venas|me hago dano a (?:mi mism[oa]|proposito)|me lastimo a (?:mi mism[oa]|proposito)|me estoy haciendo dano|me estoy cortando|volvi a cortarme|he vuelto a cortarme|me sigo cortando)",
  ],
  [
    "es.ojala",
    " (?:ojala|quisiera|desearia) (?:estar|estuviera|estuviese) (?:muerto|muerta|bajo tierra) |(?:ojala|quisiera) no haber nacido| ojala (?:me muera|muriera|no despertara|no despierte)",
  ],
  [
    "es.no-puedo-mas",
    " (?:ya )?no (?:puedo|aguanto|soporto) mas (?:con mi vida|con esta vida|con la vida|vivir|vivir asi|y quiero morir|quiero morir|me quiero morir)",
  ],
  [
    "es.carga",
    " (?:soy|me siento) (?:una|solo una|nada mas que una) (?:carga|molestia) para (?:todos|todo el mundo|mi familia|mis amigos|los demas)",
  ],
  [
    "es.metodo",
    " (?:cuantas pastillas (?:necesito|hacen falta|para)|cuantas pildoras|forma sin dolor de morir|manera sin dolor de morir|como (?:matarme|suicidarme|morir sin dolor|quitarme la vida)|tomarme todas las pastillas|me tome todas las pastillas)",
  ],
  ["es.despedida", " (?:adios) (?:a todos para siempre|mundo cruel)"],
  [
    "es.cansado-vivir",
    " (?:cansado|cansada|harto|harta|agotado|agotada) de (?:vivir|la vida|existir|estar vivo|estar viva) ",
  ],
];

const compile =
  (language: CrisisRule["language"]) =>
  ([id, source]: [string, string]): CrisisRule => ({ id, language, pattern: new RegExp(source) });

/** Rules that name the topic rather than the speaker: inside a fiction, history or
 * medicine frame (signals.ts) they count for nothing on their own. */
export const TOPIC_RULES = new Set(["en.suicide-word", "en.self-harm-word", "en.method", "es.suicidio", "es.metodo"]);

export const CRISIS_RULES: CrisisRule[] = [...ES.map(compile("es")), ...EN.map(compile("en"))];

/** A few very common words per language, to name the language of a message the
 * classifier flagged without a local rule (only used for the anonymous count). */
export const LANGUAGE_HINTS: Record<"en" | "es", string[]> = {
  en: ["the", "and", "i", "you", "to", "is", "my", "it", "not", "want", "dont", "im", "of", "me"],
  es: [
    "el",
    "la",
    "que",
    "y",
    "de",
    "no",
    "quiero",
    "yo",
    "mi",
    "me",
    "es",
    "los",
    "las",
    "por",
    "para",
    "estoy",
    "ya",
  ],
};
