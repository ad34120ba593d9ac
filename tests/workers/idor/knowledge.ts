/** IDOR entries: knowledge, collections, lorebooks, memories, the prompt inspector (app/routes/knowledge/routes.ts). */
import type { RouteEntry } from "./types";

export const knowledgeEntries: RouteEntry[] = [
  { route: "routes/knowledge/index", access: "signed-in", path: () => "/knowledge" },
  {
    route: "routes/knowledge/new",
    access: "signed-in",
    path: () => "/knowledge/new",
    posts: [
      {
        label: "into another user's collection",
        fields: (f) => ({ title: "Mine", content: "text", collection_id: f.collection }),
      },
      {
        label: "onto another user's bot",
        fields: (f) => ({ title: "Mine", content: "text", bot_id: f.privateBot.id }),
      },
    ],
  },
  { route: "routes/knowledge/upload", access: "signed-in", path: () => "/knowledge/upload" },
  { route: "routes/knowledge/collection-new", access: "signed-in", path: () => "/knowledge/collections/new" },
  { route: "routes/knowledge/collection", access: "owner", path: (f) => `/knowledge/collections/${f.collection}` },
  { route: "routes/knowledge/lorebook", access: "owner", path: (f) => `/knowledge/lorebooks/${f.privateBot.id}` },
  { route: "routes/knowledge/entry", access: "owner", path: (f) => `/knowledge/${f.knowledge}` },
  { route: "routes/knowledge/entry", access: "owner", path: (f) => `/knowledge/${f.worldInfo}` },
  { route: "routes/knowledge/memories", access: "signed-in", path: () => "/memories" },
  { route: "routes/knowledge/conversation-memories", access: "owner", path: (f) => `/chat/${f.conversation}/memories` },
  {
    route: "routes/knowledge/why",
    access: "owner",
    path: (f) => `/chat/${f.conversation}/messages/${f.botMessage}/why`,
  },
];
