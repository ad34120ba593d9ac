import { route, type RouteConfigEntry } from "@react-router/dev/routes";

/** Chat, personas and provider keys (issue 4). Paths are relative to app/. */
export const chatRoutes: RouteConfigEntry[] = [
  route("chat", "routes/chat/index.tsx"),
  route("chat/new", "routes/chat/new.tsx"),
  route("chat/:conversationId", "routes/chat/conversation.tsx"),
  route("chat/:conversationId/reply", "routes/chat/reply.tsx"),
  route("chat/:conversationId/export/:format", "routes/chat/export.tsx"),
  route("personas", "routes/personas/index.tsx"),
  route("personas/public", "routes/personas/public.tsx"),
  route("personas/new", "routes/personas/new.tsx"),
  route("personas/:personaId", "routes/personas/edit.tsx"),
  route("settings/keys", "routes/settings/keys.tsx"),
];
