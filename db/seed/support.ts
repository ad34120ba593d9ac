/**
 * Support seed part: a queue for Riley Support (demo-support) to work — tickets in every
 * state (some waiting over a day, one from a Plus subscriber at high priority, one with an
 * internal note), open moderation reports, pending program applications, saved replies.
 * Fixed ids and INSERT OR IGNORE; the UPDATEs only place timestamps relative to now.
 */
import { ago, insert } from "./sql.ts";

interface SeedTicket {
  id: string;
  user: string;
  subject: string;
  description: string;
  category: string;
  priority: string;
  status: string;
  assignee: string | null;
  resolution?: string;
  hoursAgo: number;
  /** Hours since the user's unanswered message; null when staff answered last. */
  waitingHours: number | null;
  messages: { author: string; body: string; internal?: boolean; hoursAgo: number }[];
}

const TICKETS: SeedTicket[] = [
  {
    id: "seed-ticket-1",
    user: "demo-user",
    subject: "My chat stops halfway through a reply",
    description:
      "With the Gentle Librarian the reply stops after a sentence or two. It happens on my phone with JavaScript off.",
    category: "bug",
    priority: "normal",
    status: "open",
    assignee: null,
    hoursAgo: 30,
    waitingHours: 30,
    messages: [],
  },
  {
    id: "seed-ticket-2",
    user: "seed-fan-1",
    subject: "Charged twice for Plus",
    description: "My card statement shows two charges of $7.99 this month.",
    category: "billing",
    priority: "high",
    status: "in_progress",
    assignee: "demo-support",
    hoursAgo: 50,
    waitingHours: 3,
    messages: [
      { author: "demo-support", body: "Sorry about that! I am checking with our payments provider now.", hoursAgo: 40 },
      {
        author: "demo-support",
        body: "Stripe shows one refunded charge; confirm with the user before closing.",
        internal: true,
        hoursAgo: 39,
      },
      { author: "seed-fan-1", body: "Thanks. I still see both charges on my statement.", hoursAgo: 3 },
    ],
  },
  {
    id: "seed-ticket-3",
    user: "seed-fan-2",
    subject: "Idea: folders for my bots",
    description: "I have 30 bots. Folders or tags on My bots would help a lot.",
    category: "feature",
    priority: "low",
    status: "open",
    assignee: null,
    hoursAgo: 5,
    waitingHours: 5,
    messages: [],
  },
  {
    id: "seed-ticket-4",
    user: "seed-fan-3",
    subject: "Someone copied my character",
    description: "A public bot is a word-for-word copy of mine.",
    category: "safety",
    priority: "urgent",
    status: "in_progress",
    assignee: "demo-admin",
    hoursAgo: 72,
    waitingHours: 26,
    messages: [{ author: "seed-fan-3", body: "It is still up. Can you look?", hoursAgo: 26 }],
  },
  {
    id: "seed-ticket-5",
    user: "demo-user",
    subject: "How do I change my email?",
    description: "I want to use a different email address for my account.",
    category: "account",
    priority: "normal",
    status: "resolved",
    assignee: "demo-support",
    resolution: "Explained that email changes go through the sign-in provider's account page.",
    hoursAgo: 120,
    waitingHours: null,
    messages: [
      {
        author: "demo-support",
        body: "You can change it on your sign-in provider's account page; BotCafe follows it on your next sign-in.",
        hoursAgo: 110,
      },
    ],
  },
  {
    id: "seed-ticket-6",
    user: "seed-fan-4",
    subject: "Thanks for the fix",
    description: "The export works now, closing this.",
    category: "other",
    priority: "normal",
    status: "closed",
    assignee: "demo-support",
    resolution: "Export fixed in the last release.",
    hoursAgo: 240,
    waitingHours: null,
    messages: [],
  },
];

const SAVED_REPLIES = [
  [
    "seed-saved-thanks",
    "Thanks, looking into it",
    "Thanks for writing in! I am looking into this now and will reply here as soon as I know more.",
  ],
  [
    "seed-saved-more-info",
    "Ask for details",
    "Could you tell me which bot this was with, roughly when it happened, and which browser or phone you use? That helps us find it quickly.",
  ],
  [
    "seed-saved-fixed",
    "Fixed in a release",
    "Good news: this is fixed in today's release. Reload the page and it should work. Reply here if it does not.",
  ],
] as const;

export function supportSeed(): string[] {
  const out: string[] = [];
  for (const [id, title, body] of SAVED_REPLIES) out.push(insert("saved_replies", { id, title, body }));

  for (const t of TICKETS) {
    out.push(
      insert("support_tickets", {
        id: t.id,
        user_id: t.user,
        subject: t.subject,
        description: t.description,
        category: t.category,
        priority: t.priority,
        status: t.status,
        assigned_to_id: t.assignee,
        resolution: t.resolution ?? null,
        revision: `${t.id}-seed`,
      }),
    );
    const last = Math.min(t.hoursAgo, ...t.messages.map((m) => m.hoursAgo));
    out.push(
      `UPDATE support_tickets SET created_at = ${ago(t.hoursAgo)}, updated_at = ${ago(last)}, last_message_at = ${ago(last)}, awaiting_staff_since = ${t.waitingHours === null ? "NULL" : ago(t.waitingHours)} WHERE id = '${t.id}' AND revision = '${t.id}-seed';`,
    );
    t.messages.forEach((m, i) => {
      const id = `${t.id}-m${i + 1}`;
      out.push(
        insert("ticket_messages", {
          id,
          ticket_id: t.id,
          author_id: m.author,
          body: m.body,
          is_internal: m.internal === true,
        }),
      );
      out.push(`UPDATE ticket_messages SET created_at = ${ago(m.hoursAgo)} WHERE id = '${id}';`);
    });
  }

  // Reports on a few seeded bots, from the audience.
  const reports = [
    ["seed-report-1", "seed-fan-5", "seed-bot-001", "spam", "The greeting is an advert for a crypto site."],
    ["seed-report-2", "seed-fan-6", "seed-bot-001", "spam", "Same advert in every reply."],
    ["seed-report-3", "seed-fan-7", "seed-bot-002", "nsfw_unmarked", "Gets explicit quickly but is not marked NSFW."],
    ["seed-report-4", "seed-fan-8", "seed-bot-003", "impersonation", "Claims to be a real actor."],
  ] as const;
  for (const [id, reporter, bot, reason, details] of reports)
    out.push(insert("moderation_reports", { id, reporter_id: reporter, bot_id: bot, reason, details }));

  // Program requirements as numbers, and two applications waiting for review.
  out.push(
    "UPDATE creator_programs SET min_public_bots = 3, min_followers = 50 WHERE id = 'seed-program-rising' AND min_public_bots = 0 AND min_followers = 0;",
  );
  out.push(
    "UPDATE creator_programs SET min_public_bots = 10, min_followers = 500 WHERE id = 'seed-program-partner' AND min_public_bots = 0 AND min_followers = 0;",
  );
  out.push(
    insert("creator_program_applications", {
      id: "seed-application-quill",
      program_id: "seed-program-rising",
      user_id: "seed-creator-2",
      message: "I write literary characters and would love the mentoring calls.",
    }),
  );
  out.push(
    insert("creator_program_applications", {
      id: "seed-application-byteforge",
      program_id: "seed-program-partner",
      user_id: "seed-creator-3",
      message: "My sci-fi bots have a steady audience; I would like to join the partner program.",
    }),
  );
  return out;
}
