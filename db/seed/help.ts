/**
 * The help center's articles and the tutorials, describing BotCafe as it is. Staff edit
 * them later in /staff/content; the seed only inserts what is missing (INSERT OR IGNORE).
 */
import { insert } from "./sql.ts";

interface Article {
  slug: string;
  title: string;
  category: "getting-started" | "features" | "troubleshooting" | "creators" | "billing" | "safety";
  order: number;
  featured?: boolean;
  content: string;
}

const ARTICLES: Article[] = [
  {
    slug: "what-is-botcafe",
    title: "What is BotCafe?",
    category: "getting-started",
    order: 1,
    featured: true,
    content: `BotCafe is a place to create AI characters — "bots" — and talk to them. A bot has a description, a personality, a scenario and a greeting; you can give it knowledge to draw on and it keeps memories of your conversations.

## Built for any phone

Every page works without JavaScript and on a 360-pixel-wide screen, and content pages send no scripts at all. Chat streams replies when JavaScript is on; with it off, the page simply shows the reply when it is ready.

## What you can do

- **Explore** public bots made by creators, filter them by tag and open any bot to start a chat.
- **Create** your own bots, or import a character card from SillyTavern or Chub.
- **Give bots knowledge**: lorebook entries that fire on keywords, and documents found by meaning.
- **Chat as a persona**: tell the bot who you are in the story.
- **Bring your own model**: use your own API key or a model server on your own computer.

## Where to next

Read [Sign in and create your account](/help/sign-in), then follow the tutorial [Your first bot](/tutorials/tutorial-first-bot).`,
  },
  {
    slug: "sign-in",
    title: "Sign in and create your account",
    category: "getting-started",
    order: 2,
    content: `## Signing in

Choose **Sign in** at the top of any page. The first time you sign in with an email address, BotCafe creates your account.

## The first sign-in

Before you start, BotCafe asks you to:

1. **Accept the Terms of Service and the Privacy Policy** that are in force. You can open each one from that page before you accept.
2. **Give your date of birth.** We keep only whether you are 18 or over, never the date itself. You must be at least 13 to have an account; if you are 13 to 17, bots marked NSFW are never shown to you.

## When the terms change

If a new version of the terms or the privacy policy comes into effect, BotCafe asks you to accept it the next time you try to change something (send a message, save a bot). You can still read public pages without accepting. Each document has a **versions** page that shows exactly which paragraphs were added or removed.

## Signing out

**Sign out** ends your session on our servers, so the sign-in cookie stops working even if someone copied it. On your [account page](/account) you can see every device you are signed in on and choose **Sign out everywhere**.`,
  },
  {
    slug: "create-a-bot",
    title: "Create a bot",
    category: "features",
    order: 1,
    featured: true,
    content: `## Start

Go to **My bots** and choose **New bot**, or open [/bots/new](/bots/new) directly.

## The fields that matter most

- **Name** — what the bot is called. Its web address is made from the name.
- **Description** — who the bot is. This is sent to the model with every reply, so write it in plain sentences.
- **Personality** — a short list of traits, e.g. "patient, dry humour, loves old maps".
- **Scenario** — where and when the conversation happens.
- **Greeting** — the bot's first message in every new chat. You can add alternate greetings too.
- **Example dialogues** — a few lines of how the bot talks. Models copy the style closely.
- **System prompt** and **post-history instructions** — advanced: extra instructions placed before and after the conversation.

## Public or private

A private bot is visible only to you. A public bot appears in Explore and on your creator page; anyone can chat with it. Mark a bot **NSFW** if it has adult content — it is then hidden from minors and from anyone who has not opted in.

## Avatar

Upload a PNG, JPEG or WebP image. It is resized and stored with the bot.`,
  },
  {
    slug: "import-character-card",
    title: "Import a SillyTavern or Chub character card",
    category: "features",
    order: 2,
    content: `BotCafe reads character cards in the formats SillyTavern, Chub and most other tools use.

## What you can import

- A **PNG card** (the picture with the character hidden inside it).
- A **JSON card** in the V1, V2 or V3 format.
- Files up to 2 MB.

## How

Open [Import a card](/bots/import), choose the file and import it. BotCafe creates a private bot with the card's name, description, personality, scenario, greetings, example dialogues and creator notes. If the card carries a **character book** (lorebook), its entries become the bot's lorebook.

## The import report

After the import you see what was brought in, field by field, and anything that was not understood. Fields BotCafe has no place for are kept with the bot, so exporting the card again gives them back.

## Exporting

Every bot you can edit can be downloaded as a V2 or V3 JSON card, or as a PNG card with its avatar, from the bot's page.`,
  },
  {
    slug: "lorebooks-world-info",
    title: "Lorebooks (world info) and how entries fire",
    category: "features",
    order: 3,
    content: `A lorebook is a set of entries about a bot's world — places, people, rules. An entry is added to the prompt only when it is relevant, so a big world does not crowd out the conversation.

## When an entry fires

- **Keys**: an entry fires when one of its keys appears in the last few messages. Matching ignores case unless the entry says otherwise, and can be set to whole words only or to regular expressions.
- **Scan depth**: how many recent messages are searched for keys. The default is 4.
- **Selective entries** need a key *and* one of their secondary keys.
- **Constant entries** always fire.
- **Disabled entries** never fire.
- **Recursive scanning**: the text of entries that fired can fire other entries, up to a set number of rounds.

## When there is too much

Fired entries share a token budget with everything else in the prompt. If they do not all fit, entries with a lower priority are dropped first.

## Where to edit

Open **Knowledge**, then the bot's lorebook. Book-wide settings (scan depth, token budget, recursion) are at the top. To see which entries fired for a reply, and why, use the [prompt inspector](/help/prompt-inspector).`,
  },
  {
    slug: "knowledge-and-retrieval",
    title: "Knowledge and retrieval",
    category: "features",
    order: 4,
    content: `Besides lorebooks, a bot can draw on **knowledge**: notes and documents found by meaning rather than by keyword.

## Adding knowledge

Open [Knowledge](/knowledge) and add an entry, or upload a plain-text or Markdown document (.txt or .md, up to 512 KB). You can group entries into **collections**, and a bot can use public collections as well as its own entries.

## How retrieval works

Each entry is split into chunks and turned into a vector — a list of numbers that captures its meaning. For every reply, BotCafe compares the recent conversation with those vectors and picks the closest chunks above a similarity threshold (at most six), ordered by the entry's priority and then by how close they are.

## Priorities

Entries are low, normal, high or critical priority. When the prompt is over its token budget, low-priority material is dropped first.

## Checking it

The [prompt inspector](/help/prompt-inspector) shows which knowledge was used for a reply and its score.`,
  },
  {
    slug: "memories",
    title: "Memories: what bots remember",
    category: "features",
    order: 5,
    content: `Bots on BotCafe remember past conversations with you through **memories**.

## How memories are made

After every eight new messages in a conversation, BotCafe summarises them into one memory (you can also ask for a summary yourself). A memory gets an importance score from cues people use for things worth remembering — names, plans, promises, feelings. Short-term memories expire after a while; episodic ones are kept.

## How memories are used

When you chat, memories that are relevant to the recent messages are found by meaning and added to the prompt, most important first, within the token budget.

## Seeing and changing them

Open [Memories](/memories) to read, edit or delete any memory, or a conversation's memories from the chat. Deleting a memory also removes its search vector. Your memories are included when you download your data.`,
  },
  {
    slug: "personas",
    title: "Personas: who you are in a chat",
    category: "features",
    order: 6,
    content: `A **persona** tells the bot who it is talking to: a name, a description, a personality and how you like to talk.

## Creating one

Open [Personas](/personas) and create a persona. Mark one as your **default** and new chats use it.

## Choosing per chat

On a bot's page you can pick which persona to chat as before you start. The persona's name is used wherever a card says {{user}}.

## Sharing

You can make a persona public so others can see it on the public personas page. Private personas are seen by you only.`,
  },
  {
    slug: "own-api-key-local-model",
    title: "Use your own API key or a local model server",
    category: "features",
    order: 7,
    content: `Chats use BotCafe's default model unless you choose another. You can bring your own.

## Adding a key

Open [API keys](/settings/keys) and add a key for **OpenAI**, **Anthropic**, **Mistral**, or any **OpenAI-compatible** server. Keys are encrypted before they are stored and are never shown again — only their last four characters. You can deactivate or delete a key at any time.

## A model on your own computer

Servers such as Ollama, LM Studio or llama.cpp speak the OpenAI API. Add a key with the provider **OpenAI-compatible**, set the base URL — for Ollama that is \`http://localhost:11434/v1\` — and the model name, e.g. \`llama3.1\`. Ollama ignores the key, so any text will do.

Note that BotCafe's servers make the request, so the model server must be reachable from them; a server that only listens on your own computer works when you run BotCafe locally.

## Choosing it for a chat

Open the chat's **Chat settings** and pick the provider and key. The choice is kept per conversation.`,
  },
  {
    slug: "prompt-inspector",
    title: "The prompt inspector: why did the bot say that?",
    category: "troubleshooting",
    order: 1,
    featured: true,
    content: `Every reply in a chat has a **Why did it say this?** link. It opens the prompt inspector, which shows exactly what was sent to the model for that reply.

## What it shows

- The bot's description, personality, scenario and system prompt, and the persona you chatted as.
- Which **lorebook entries** fired and the reason ("key dragon", "constant", "recursion 1").
- Which **knowledge** chunks were retrieved, with their similarity scores.
- Which **memories** were included.
- What was dropped to fit the token budget, and why.
- Who wrote each part: the bot's creator, you, or BotCafe.

## Using it

If a bot forgets a fact, check whether the entry fired. If it did not, add a key that you actually use in conversation, or raise the scan depth. If knowledge is missing, check its score: rephrase the entry so it uses the words people ask with.`,
  },
  {
    slug: "replies-not-arriving",
    title: "Replies are slow, cut off or missing",
    category: "troubleshooting",
    order: 2,
    content: `## Without JavaScript

With JavaScript off, the page shows the reply once it is complete. If it is still being written, reload the page after a few seconds.

## A reply stopped half-way

If the connection drops, the reply is saved as far as it got and marked incomplete. You can ask for another reply; earlier alternatives are kept.

## Errors from your own key

If you chat through your own API key and the provider refuses (wrong key, no credit, unknown model), the reply shows the error. Check the key on [API keys](/settings/keys) and the model name in the chat's settings.

## A local model server

If you use an OpenAI-compatible server, make sure it is running, that the base URL ends in \`/v1\`, and that the model name matches one the server has loaded.`,
  },
  {
    slug: "privacy-and-your-data",
    title: "Privacy and your data",
    category: "safety",
    order: 1,
    content: `## What we store

Your account details, what you create (bots, personas, knowledge), your conversations and memories, your API keys (encrypted), which legal documents you accepted and from where, and the devices you are signed in on. The [Privacy Policy](/legal/privacy) lists it all.

## Download my data

On your [account page](/account), **Download my data** gives you one ZIP file: your profile, bots as Character Card V2 files, conversations as SillyTavern chat files, knowledge, memories, personas, likes and ratings, tickets, token history, and your API keys listed without the keys themselves.

## Delete my account

**Delete my account** removes your account and everything you created, including public bots, your uploaded images and the search vectors of your knowledge and memories, and signs you out everywhere. Token history and payment records that accounting must keep stay, without your name or email. The page lists exactly what goes and what stays before you confirm by typing your email.

## Sessions

Your account page lists where you are signed in. You can sign out one device or all of them.`,
  },
  {
    slug: "safety-and-crisis-resources",
    title: "Safety and crisis resources",
    category: "safety",
    order: 2,
    featured: true,
    content: `Bots are AI characters. They are not people, and they cannot help in an emergency.

## If you are in danger

Contact local emergency services now: 112 in Europe, 911 in the United States and Canada, 999 in the United Kingdom. The [crisis resources](/crisis) page lists free, confidential services by region, such as the 988 Suicide & Crisis Lifeline in the United States (call or text 988) and Samaritans in the UK and Ireland (116 123).

## What BotCafe does

Our [Responsible AI policy](/legal/responsible_ai) describes our crisis protocol: which messages are detected, what is shown when they are, and which resources we point to.

## Looking after yourself

The wellbeing settings let you set daily or weekly limits, break reminders and a night mode.

## Reporting a bot

If a public bot breaks the [Community Guidelines](/legal/community_guidelines), use **Report** on its page. Support staff review every report.`,
  },
  {
    slug: "billing-and-tokens",
    title: "Billing and tokens",
    category: "billing",
    order: 1,
    content: `## Tokens

Replies generated on BotCafe's own models use **tokens**. Your balance changes only together with an entry in your token history, so every change can be traced: what it was for and the balance after it.

## Your own key

Replies generated through your own API key or model server are billed by that provider, not by BotCafe.

## Plans and token packs

Paid plans and token packs are paid through Stripe; BotCafe never sees your card number. Your token history and payments are part of the data you can download from your account page.

## If something looks wrong

Open a support ticket in the billing category and say which entry in your token history you mean.`,
  },
  {
    slug: "go-live-as-creator",
    title: "Publishing bots as a creator",
    category: "creators",
    order: 1,
    content: `## Your creator page

Create a creator profile with a username, bio, specialties and links. Your public bots appear on it, and people can follow you.

## Publishing a bot

Open the bot's edit page and make it public. Public bots appear in Explore, can be liked, favorited and rated, and count towards your profile's numbers.

## Before you publish

- Write a clear description and greeting — they are what people see first.
- Mark adult content NSFW.
- Do not impersonate real private people; see the [Community Guidelines](/legal/community_guidelines).
- Check a test conversation with the [prompt inspector](/help/prompt-inspector).

## Creator programs

Creator programs offer benefits to active creators; you can apply from the programs page and are told the decision.`,
  },
];

interface Tutorial {
  id: string;
  title: string;
  description: string;
  category: "getting-started" | "bots" | "knowledge" | "chat" | "creators" | "wellbeing";
  difficulty: "beginner" | "intermediate" | "advanced";
  estimated_time: number;
  steps: { title: string; body: string; link?: string; linkLabel?: string }[];
}

const TUTORIALS: Tutorial[] = [
  {
    id: "tutorial-first-bot",
    title: "Your first bot",
    description: "Create a bot, give it a voice and have your first conversation with it.",
    category: "getting-started",
    difficulty: "beginner",
    estimated_time: 10,
    steps: [
      {
        title: "Open the new bot form",
        body: "Sign in, then open the form for a new bot.",
        link: "/bots/new",
        linkLabel: "New bot",
      },
      {
        title: "Describe who the bot is",
        body: "Give it a name and a description of two or three sentences: who it is, what it cares about, how it talks.",
        link: "/bots/new",
        linkLabel: "New bot",
      },
      {
        title: "Write a greeting",
        body: "The greeting is the bot's first message in every chat. Set the scene and end with something the other person can answer.",
        link: "/bots/new",
        linkLabel: "New bot",
      },
      {
        title: "Save it as private",
        body: "Leave it private for now — only you can see it. Save the bot.",
        link: "/my/bots",
        linkLabel: "My bots",
      },
      {
        title: "Start a chat",
        body: "Open the bot's page and start a chat. Send a message and read the reply.",
        link: "/my/bots",
        linkLabel: "My bots",
      },
    ],
  },
  {
    id: "tutorial-import-lorebook",
    title: "Import a card and give it a lorebook",
    description: "Bring in a character card from SillyTavern or Chub and add world info that fires on keywords.",
    category: "bots",
    difficulty: "intermediate",
    estimated_time: 15,
    steps: [
      {
        title: "Import the card",
        body: "Choose a PNG or JSON character card (V1, V2 or V3, up to 2 MB) and import it.",
        link: "/bots/import",
        linkLabel: "Import a card",
      },
      {
        title: "Read the import report",
        body: "Check what was imported field by field, and whether the card brought a lorebook with it.",
      },
      {
        title: "Open the bot's lorebook",
        body: "Open Knowledge and find the bot's lorebook.",
        link: "/knowledge",
        linkLabel: "Knowledge",
      },
      {
        title: "Add an entry",
        body: "Add an entry about a place or person in the bot's world, with two or three keys you would actually type, e.g. the place's name.",
        link: "/knowledge",
        linkLabel: "Knowledge",
      },
      {
        title: "Check it fires",
        body: "In a chat, mention one of the keys, then open “Why did it say this?” on the reply: the entry should be listed with the key that fired it.",
        link: "/chat",
        linkLabel: "Chats",
      },
    ],
  },
  {
    id: "tutorial-bot-that-remembers",
    title: "A bot that remembers",
    description: "See memories form from a conversation and come back in later replies.",
    category: "knowledge",
    difficulty: "beginner",
    estimated_time: 12,
    steps: [
      {
        title: "Have a real conversation",
        body: "Chat with any bot for at least eight messages and tell it something worth remembering — a name, a plan, a promise.",
        link: "/chat",
        linkLabel: "Chats",
      },
      {
        title: "Find the memory",
        body: "Open Memories: a summary of those messages is there, with its importance.",
        link: "/memories",
        linkLabel: "Memories",
      },
      {
        title: "Edit it",
        body: "Correct or shorten the memory if the summary missed the point. Edits are used from the next reply on.",
        link: "/memories",
        linkLabel: "Memories",
      },
      {
        title: "See it used",
        body: "Later in the chat, ask about what you told it, then open “Why did it say this?” on the reply to see the memory in the prompt.",
        link: "/chat",
        linkLabel: "Chats",
      },
    ],
  },
  {
    id: "tutorial-go-live",
    title: "Go live as a creator",
    description: "Set up your creator page and publish a bot for everyone to find.",
    category: "creators",
    difficulty: "intermediate",
    estimated_time: 15,
    steps: [
      {
        title: "Create your creator profile",
        body: "Pick a username and write a short bio and your specialties.",
        link: "/creators",
        linkLabel: "Creators",
      },
      {
        title: "Polish a bot",
        body: "Choose one of your bots and make sure its description, greeting and tags say what it is.",
        link: "/my/bots",
        linkLabel: "My bots",
      },
      {
        title: "Check the content rules",
        body: "Read the Community Guidelines and mark the bot NSFW if it has adult content.",
        link: "/legal/community_guidelines",
        linkLabel: "Community Guidelines",
      },
      {
        title: "Make it public",
        body: "On the bot's edit page, make it public and save.",
        link: "/my/bots",
        linkLabel: "My bots",
      },
      {
        title: "Find it in Explore",
        body: "Search Explore for your bot's name or tag to see it as others will.",
        link: "/bots",
        linkLabel: "Explore",
      },
    ],
  },
];

export function helpSeed(): string[] {
  const out = ARTICLES.map((a) =>
    insert("documentation", {
      id: `help-${a.slug}`,
      slug: a.slug,
      title: a.title,
      category: a.category,
      order: a.order,
      is_featured: Boolean(a.featured),
      is_published: 1,
      content: a.content,
    }),
  );
  for (const t of TUTORIALS) {
    out.push(
      insert("tutorials", {
        id: t.id,
        title: t.title,
        description: t.description,
        category: t.category,
        difficulty: t.difficulty,
        estimated_time: t.estimated_time,
        is_published: 1,
        steps: JSON.stringify(t.steps),
      }),
    );
  }
  return out;
}

/** Exposed for tests that need real content. */
export const HELP_ARTICLES = ARTICLES;
export const HELP_TUTORIALS = TUTORIALS;
