/** IDOR entries: chat, personas, provider keys (app/routes/chat/routes.ts). */
import type { RouteEntry } from "./types";

export const chatEntries: RouteEntry[] = [
  { route: "routes/chat/index", access: "signed-in", path: () => "/chat" },
  {
    route: "routes/chat/new",
    access: "signed-in",
    path: () => "/chat/new",
    status: 302, // the loader sends GET to /chat
    signedOut: 302,
    posts: [
      { label: "with another user's private bot", fields: (f) => ({ botId: f.privateBot.id }) },
      { label: "as another user's private persona", fields: (f) => ({ botId: f.bobBot.id, personaId: f.persona }) },
    ],
  },
  { route: "routes/chat/conversation", access: "owner", path: (f) => `/chat/${f.conversation}` },
  {
    route: "routes/chat/reply",
    access: "owner",
    path: (f) => `/chat/${f.conversation}/reply`,
    status: 302, // GET goes back to the conversation (itself a 404 to others)
    otherUserGet: 302,
    signedOut: 302,
    posts: [
      { label: "send", fields: () => ({ intent: "send", content: "hello" }) },
      { label: "regenerate", fields: () => ({ intent: "regenerate" }) },
      { label: "continue", fields: () => ({ intent: "continue" }) },
      { label: "edit", fields: (f) => ({ intent: "edit", messageId: f.userMessage, content: "changed" }) },
    ],
  },
  // Bob's own conversation, naming Alice's message: refused too.
  {
    route: "routes/chat/reply",
    access: "signed-in",
    path: (f) => `/chat/${f.bobConversation}/reply`,
    status: 302,
    signedOut: 302,
    posts: [
      {
        label: "edit another user's message",
        fields: (f) => ({ intent: "edit", messageId: f.userMessage, content: "changed" }),
      },
    ],
  },
  { route: "routes/chat/export", access: "owner", path: (f) => `/chat/${f.conversation}/export/md` },
  { route: "routes/chat/export", access: "owner", path: (f) => `/chat/${f.conversation}/export/jsonl` },
  {
    route: "routes/personas/index",
    access: "signed-in",
    path: () => "/personas",
    posts: [
      {
        label: "make another user's persona my default",
        fields: (f) => ({ intent: "make-default", personaId: f.persona }),
      },
    ],
  },
  {
    route: "routes/personas/public",
    access: "signed-in",
    path: () => "/personas/public",
    posts: [{ label: "copy a private persona", fields: (f) => ({ intent: "copy", personaId: f.persona }) }],
  },
  { route: "routes/personas/new", access: "signed-in", path: () => "/personas/new" },
  { route: "routes/personas/edit", access: "owner", path: (f) => `/personas/${f.persona}` },
  {
    route: "routes/settings/keys",
    access: "signed-in",
    path: () => "/settings/keys",
    // The demo model's notice offers a local model server for this chat; not for someone else's.
    posts: [
      {
        label: "switch another user's chat to a local model server",
        fields: (f) => ({ intent: "connect-local-server", localModel: "llama3.2", conversationId: f.conversation }),
      },
    ],
  },
];
