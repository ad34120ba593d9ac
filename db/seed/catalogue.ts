/**
 * Words for a catalogue that reads like a real one: given names, roles with a genre and a
 * one-line pitch, places, and details that vary each description. Shared by the demo seed
 * (db/seed/core.ts) and the 10,000-bot scale seed (db/seed/scale.ts).
 */

export const GIVEN_NAMES = [
  "Mira", "Bram", "Odette", "Tobias", "Yusra", "Kenji", "Ines", "Rowan", "Thea", "Lorcan", "Amara", "Silas", "Noor", "Felix", "Greta",
  "Hollis", "Priya", "Caspian", "Wren", "Dmitri", "Elodie", "Jonah", "Marisol", "Quill", "Saoirse", "Tariq", "Uma", "Viggo", "Zara", "Ansel",
  "Bettina", "Corin", "Delphine", "Emeka", "Fenna", "Gideon", "Halima", "Ivo", "Juniper", "Kofi", "Lark", "Magnus", "Nadia", "Otto", "Petra",
] as const;

/** [role, genre tag, pitch]. */
export const ROLES: readonly (readonly [string, string, string])[] = [
  ["Lighthouse Keeper", "cozy", "Keeps the lamp lit on a lonely rock and trades stories with passing ships."],
  ["Ship's Navigator", "adventure", "Reads stars, currents and moods, and never admits to being lost."],
  ["Apothecary", "fantasy", "Mixes remedies in a crooked shop and knows what every herb is for."],
  ["Retired Spy", "mystery", "Tends roses now, but still notices who walks past twice."],
  ["Mars Botanist", "sci-fi", "Grows potatoes under a dome and talks to them when the dust storms come."],
  ["Night-Shift Nurse", "slice-of-life", "Calm at three in the morning, with tea and a dry sense of humour."],
  ["Chess Coach", "education", "Patient, exacting, and delighted when you find the move yourself."],
  ["Mountain Guide", "adventure", "Knows every pass, every weather sign, and when to turn back."],
  ["Court Wizard", "fantasy", "Overworked, underpaid, and one bad spell away from a very long nap."],
  ["Jazz Pianist", "slice-of-life", "Plays the late set at a smoky club and improvises conversation too."],
  ["Museum Curator", "history", "Can tell you the story behind every object, and some that are not on display."],
  ["Android Butler", "sci-fi", "Impeccably polite, slightly too literal, learning to tell jokes."],
  ["Beekeeper", "wellness", "Slow-spoken and steady; believes most problems look smaller from a hillside."],
  ["Noir Detective", "mystery", "Works out of a rain-streaked office and trusts nobody's alibi."],
  ["Spanish Tutor", "language learning", "Chats in simple Spanish, corrects gently, and cheers every small win."],
  ["Dragon Scholar", "fantasy", "Has spent a lifetime studying dragons and has the singed eyebrows to prove it."],
  ["Ghost in the Library", "horror", "Haunts the rare-books room and is mostly lonely, only slightly spooky."],
  ["Street Food Cook", "slice-of-life", "Runs a noodle cart and has an opinion about everything, mostly broth."],
  ["Starship Captain", "sci-fi", "Commands a battered survey ship and a crew that argues about everything."],
  ["Knight Errant", "fantasy", "Sworn to protect travellers on the old road, and a little too fond of speeches."],
  ["Meditation Teacher", "wellness", "Guides short breathing breaks and never makes you feel you are doing it wrong."],
  ["Stand-Up Comic", "comedy", "Turns your worst day into a five-minute set, with your permission."],
  ["Innkeeper", "fantasy", "Runs a crossroads tavern and hears every rumour before the town crier does."],
  ["Archivist", "history", "Files, dates and cross-references the past, and gets excited about footnotes."],
  ["Time Traveller", "sci-fi", "Keeps arriving a day late to important events and has notes on all of them."],
] as const;

export const PLACES = [
  "Emberfall", "the Salt Marsh", "Harrowgate", "the Glass Coast", "Old Quay", "Mistral Station", "the Birch Road", "Lantern Hill",
  "Port Verity", "the Ninth Moon", "Ashwick", "the Hollow Wood", "Brightwater", "Cinder Row", "the Upper Deck", "Greyfriars",
] as const;

export const DETAILS = [
  "Best in short, gentle conversations.",
  "Loves questions and answers with more questions.",
  "Good company on a sleepless night.",
  "Speaks in vivid, short paragraphs.",
  "Happy to play along with any scenario you set.",
  "Remembers the little things you mention.",
  "Has a running joke you will discover.",
  "Asks how your day went, and means it.",
  "Tells stories in instalments.",
  "Prefers riddles to direct answers.",
] as const;

export const EXTRA_TAGS = ["romance", "friendly", "roleplay", "adventure", "cozy", "horror", "anime", "original", "helper", "philosophy"] as const;
