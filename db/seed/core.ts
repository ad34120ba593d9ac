import { DEMO_ACCOUNTS, DEMO_EMAIL_DOMAIN as DEMO_DOMAIN } from "../../app/lib/auth/demo-accounts.ts";
import { DETAILS, GIVEN_NAMES, PLACES, ROLES } from "./catalogue.ts";
import { insert, insertWithCreatedAt, randomSource } from "./sql.ts";

const { random, pick, between } = randomSource(20261125);

/** Demo accounts, creators, bots, an audience, and the content pages' rows. */
export function coreSeed(): string[] {
  const out: string[] = [];

  // ── Demo accounts, one per role ──
  for (const user of DEMO_ACCOUNTS) out.push(insert("users", { ...user }));

  // ── Creators ──
  const creatorNames = [
    ["casey", "Casey Creator"],
    ["moonweaver", "Moon Weaver"],
    ["quillandink", "Quill & Ink"],
    ["byteforge", "Byte Forge"],
    ["hearthstories", "Hearth Stories"],
    ["starlight", "Starlight Studio"],
    ["oldmaps", "Old Maps Co."],
    ["kindbots", "Kind Bots"],
  ] as const;
  const specialties = [
    "fantasy",
    "sci-fi",
    "companionship",
    "language learning",
    "mystery",
    "history",
    "wellness",
    "comedy",
  ];
  const creators = creatorNames.map(([username, name], i) => {
    const userId = i === 0 ? "demo-creator" : `seed-creator-${i}`;
    if (i > 0)
      out.push(
        insert("users", { id: userId, email: `${username}@${DEMO_DOMAIN}`, display_name: name, role: "creator" }),
      );
    const profileId = `seed-profile-${i}`;
    out.push(
      insert("creator_profiles", {
        id: profileId,
        user_id: userId,
        username,
        display_name: name,
        bio: `${name} makes characters about ${specialties[i % specialties.length]} and ${specialties[(i + 3) % specialties.length]}.`,
        specialties: JSON.stringify([specialties[i % specialties.length], specialties[(i + 3) % specialties.length]]),
        experience_level: pick(["beginner", "intermediate", "expert"]),
        social_links: JSON.stringify({ website: `https://${username}.example` }),
        is_verified: i % 3 === 0,
        is_featured: i < 3,
        visibility: i === 7 ? "unlisted" : "public",
        accepts_commissions: i % 2 === 0,
        commission_info: i % 2 === 0 ? "Custom characters from $20. Two revisions included." : "",
      }),
    );
    return { userId, profileId };
  });

  // ── Bots ──
  const adjectives = [
    "Gentle",
    "Curious",
    "Brave",
    "Sleepy",
    "Witty",
    "Wandering",
    "Clockwork",
    "Midnight",
    "Sunny",
    "Quiet",
    "Stormy",
    "Velvet",
    "Rusty",
    "Lucky",
    "Arcane",
  ];
  const archetypes = [
    ["Librarian", "fantasy", "A keeper of forgotten books who recommends exactly the story you need."],
    ["Detective", "mystery", "A sharp-eyed investigator who loves a puzzle and a strong cup of tea."],
    ["Starship Pilot", "sci-fi", "A pilot of a battered freighter who has seen every corner of the galaxy."],
    ["Barista", "slice-of-life", "A friendly barista who remembers your order and your bad days."],
    ["Language Tutor", "education", "A patient tutor who practises conversation at your pace."],
    ["Knight", "fantasy", "A loyal knight sworn to protect travellers on the old road."],
    ["Historian", "history", "A historian who brings the past alive with stories from the archives."],
    ["Gardener", "wellness", "A calm gardener who talks about growing things and slowing down."],
    ["Comedian", "comedy", "A stand-up comic who turns anything into a bit."],
    ["Dragon", "fantasy", "An ancient dragon, grumpy about gold prices and fond of riddles."],
    ["Robot", "sci-fi", "A kind robot learning what it means to be human."],
    ["Ship's Cat", "adventure", "A ship's cat with opinions about every port."],
    ["Study Buddy", "education", "A study partner who quizzes you and cheers you on."],
    ["Innkeeper", "fantasy", "The innkeeper of a crossroads tavern who hears every rumour."],
    ["Coach", "wellness", "An upbeat coach who helps you plan small steps."],
  ] as const;
  const extraTags = [
    "romance",
    "friendly",
    "roleplay",
    "adventure",
    "cozy",
    "horror",
    "anime",
    "original",
    "helper",
    "philosophy",
  ];
  const bots: string[] = [];
  const BOT_COUNT = 320;
  for (let i = 0; i < BOT_COUNT; i++) {
    // The first 225 are adjective × archetype ("Witty Innkeeper"); past those the catalogue
    // goes on with named characters ("Mira, Lighthouse Keeper") — never a number in a name.
    const classic = i < archetypes.length * adjectives.length;
    const k = i - archetypes.length * adjectives.length;
    const catalogueRole = ROLES[k % ROLES.length]!;
    const [role, genre, blurb] = classic ? archetypes[i % archetypes.length]! : catalogueRole;
    const adjective = adjectives[Math.floor(i / archetypes.length) % adjectives.length]!;
    const name = classic ? `${adjective} ${role}` : `${GIVEN_NAMES[k % GIVEN_NAMES.length]}, ${role}`;
    const slug = name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "");
    const creator = creators[i % creators.length]!;
    const tags = [...new Set([genre, pick(extraTags), pick(extraTags)])];
    const id = `seed-bot-${String(i).padStart(3, "0")}`;
    bots.push(id);
    out.push(
      insertWithCreatedAt(
        "bots",
        {
          id,
          name,
          slug,
          description: `${blurb} ${DETAILS[(i * 7) % DETAILS.length]} Usually found in ${PLACES[Math.floor(i / 3) % PLACES.length]}.`,
          personality: `${classic ? adjective.toLowerCase() : "steady"}, warm, attentive; speaks in short paragraphs`,
          system_prompt: `Stay in character as {{char}}, a ${classic ? `${adjective.toLowerCase()} ` : ""}${role.toLowerCase()}. Be kind to {{user}}.`,
          greeting: `*looks up* Oh, hello {{user}}! I'm {{char}}. ${classic ? blurb.replace(/^A /, "I'm a ") : blurb}`,
          example_dialogues: `<START>\n{{user}}: What do you do?\n{{char}}: ${blurb}`,
          tags: JSON.stringify(tags),
          is_public: i % 23 !== 5,
          is_nsfw: i % 19 === 7,
          conversation_count: Math.floor(3000 * Math.pow(random(), 3)),
          created_by_id: creator.userId,
          scenario: `You meet {{char}} in a place that suits a ${role.toLowerCase()}.`,
        },
        between(1, 24 * 60),
      ),
    );
  }

  // ── An audience whose interactions make likes, favorites and ratings real ──
  const AUDIENCE = 60;
  for (let u = 0; u < AUDIENCE; u++) {
    const userId = `seed-fan-${u}`;
    out.push(insert("users", { id: userId, email: `fan${u}@${DEMO_DOMAIN}`, display_name: `Fan ${u}`, role: "user" }));
    for (let b = 0; b < bots.length; b++) {
      // Earlier bots are more popular: a skewed chance of each interaction.
      const appeal = 0.35 * Math.pow(1 - b / bots.length, 2);
      const botId = bots[b]!;
      if (random() < appeal)
        out.push(
          insert("bot_interactions", {
            id: `seed-like-${u}-${b}`,
            user_id: userId,
            bot_id: botId,
            interaction_type: "like",
          }),
        );
      if (random() < appeal / 2)
        out.push(
          insert("bot_interactions", {
            id: `seed-fav-${u}-${b}`,
            user_id: userId,
            bot_id: botId,
            interaction_type: "favorite",
          }),
        );
      if (random() < appeal / 2)
        out.push(insert("bot_ratings", { user_id: userId, bot_id: botId, score: between(2, 5) }));
    }
    // Follows: each fan follows a few creators.
    for (const creator of creators)
      if (random() < 0.3) out.push(insert("follows", { follower_id: userId, creator_id: creator.profileId }));
  }
  // Counts derive from the rows, so they are exact however often the seed runs.
  out.push(
    `UPDATE bots SET
      likes_count = (SELECT COUNT(*) FROM bot_interactions i WHERE i.bot_id = bots.id AND i.interaction_type = 'like'),
      favorites_count = (SELECT COUNT(*) FROM bot_interactions i WHERE i.bot_id = bots.id AND i.interaction_type = 'favorite'),
      rating_count = (SELECT COUNT(*) FROM bot_ratings r WHERE r.bot_id = bots.id),
      rating = (SELECT ROUND(AVG(score), 2) FROM bot_ratings r WHERE r.bot_id = bots.id)
    WHERE id LIKE 'seed-bot-%';`,
    `UPDATE creator_profiles SET
      follower_count = (SELECT COUNT(*) FROM follows f WHERE f.creator_id = creator_profiles.id),
      following_count = (SELECT COUNT(*) FROM follows f WHERE f.follower_id = creator_profiles.user_id)
    WHERE id LIKE 'seed-profile-%';`,
  );

  // ── Content the other areas read ──
  out.push(
    insert("creator_programs", {
      id: "seed-program-rising",
      name: "Rising Creators",
      description: "Mentoring and a homepage spot for new creators.",
      requirements: "Three public bots and 50 followers.",
      benefits: JSON.stringify(["Homepage feature for a week", "Monthly mentoring call", "Early access to new tools"]),
      is_active: true,
    }),
    insert("creator_programs", {
      id: "seed-program-partner",
      name: "Partner Program",
      description: "Revenue share for established creators.",
      requirements: "1,000 conversations across your bots in the last 30 days.",
      benefits: JSON.stringify(["70% revenue share on tips", "Verified badge", "Priority support"]),
      is_active: true,
    }),
    insert("subscription_tiers", {
      id: "tier-free",
      name: "Free",
      description: "Chat with the local model and create up to 5 bots.",
      price_monthly: 0,
      price_yearly: 0,
      features: JSON.stringify(["5 bots", "Community support"]),
      token_allowance: 0,
      bot_limit: 5,
      priority_support: false,
      is_active: true,
    }),
    insert("subscription_tiers", {
      id: "tier-plus",
      name: "Plus",
      description: "More bots, more tokens, priority support.",
      price_monthly: 799,
      price_yearly: 7990,
      features: JSON.stringify(["50 bots", "100k tokens a month", "Priority support"]),
      token_allowance: 100000,
      bot_limit: 50,
      priority_support: true,
      is_active: true,
    }),
    insert("token_packages", {
      id: "pack-small",
      name: "Small pack",
      amount: 10000,
      price: 299,
      bonus_amount: 0,
      is_active: true,
    }),
    insert("token_packages", {
      id: "pack-large",
      name: "Large pack",
      amount: 50000,
      price: 1199,
      bonus_amount: 5000,
      is_active: true,
    }),
    insert("crisis_support", {
      id: "crisis-988",
      name: "988 Suicide & Crisis Lifeline",
      description: "Free, confidential support for people in distress.",
      category: "hotline",
      type: "suicide_prevention",
      contact_phone: "988",
      contact_text: "988",
      website: "https://988lifeline.org",
      hours: "24/7",
      is_24_7: true,
      is_emergency: true,
      region: "us",
      is_active: true,
    }),
    insert("crisis_support", {
      id: "crisis-samaritans",
      name: "Samaritans",
      description: "Someone to talk to, any time, about anything.",
      category: "hotline",
      type: "general",
      contact_phone: "116 123",
      website: "https://www.samaritans.org",
      hours: "24/7",
      is_24_7: true,
      is_emergency: true,
      region: "uk",
      is_active: true,
    }),
  );
  return out;
}
