import { route, type RouteConfigEntry } from "@react-router/dev/routes";

/** Knowledge, world info, memories and the prompt inspector (issue 5). Paths are relative to app/. */
export const knowledgeRoutes: RouteConfigEntry[] = [
  route("knowledge", "routes/knowledge/index.tsx"),
  route("knowledge/new", "routes/knowledge/new.tsx"),
  route("knowledge/upload", "routes/knowledge/upload.tsx"),
  route("knowledge/collections/new", "routes/knowledge/collection-new.tsx"),
  route("knowledge/collections/:collectionId", "routes/knowledge/collection.tsx"),
  route("knowledge/lorebooks/:botId", "routes/knowledge/lorebook.tsx"),
  route("knowledge/:entryId", "routes/knowledge/entry.tsx"),
  route("memories", "routes/knowledge/memories.tsx"),
  route("chat/:conversationId/memories", "routes/knowledge/conversation-memories.tsx"),
  route("chat/:conversationId/messages/:messageId/why", "routes/knowledge/why.tsx"),
];
