/**
 * What the memory pages can do to one of the person's memories: edit its summary and
 * importance (re-embedded), pin it (long-term, never expires), unpin it, or delete it
 * (with its vectors). Shared by /memories and /chat/:id/memories.
 */
import { data } from "react-router";
import { z } from "zod";
import type { DB } from "#db/schema";
import { formField, invalid, parseSubmission } from "../forms";
import type { Services } from "../services";
import { markVectorizationPending, vectorizeSource } from "../retrieval/vectorize-job";
import { deleteMemories } from "./conversation-memory";

const memoryId = z.string().trim().min(1).max(64);

export const memoryEditSchema = z.object({
  memory_id: memoryId,
  summary: formField.text("Summary", 4000),
  importance: z
    .string()
    .trim()
    .transform((v, ctx) => {
      const n = Number(v);
      if (!/^(0(\.\d+)?|1(\.0+)?)$/.test(v) || !Number.isFinite(n)) {
        ctx.addIssue({ code: "custom", message: "Importance must be a number from 0 to 1, like 0.7." });
        return z.NEVER;
      }
      return n;
    }),
});

interface MemoryActionContext {
  db: DB;
  services: Services;
  waitUntil(promise: Promise<unknown>): void;
  userId: string;
  /** On a conversation's page, only that conversation's memories may be touched. */
  conversationId?: string;
}

async function ownedMemory(ctx: MemoryActionContext, id: string) {
  let query = ctx.db
    .selectFrom("memories")
    .select(["id", "memory_type"])
    .where("id", "=", id)
    .where("user_id", "=", ctx.userId);
  if (ctx.conversationId) query = query.where("conversation_id", "=", ctx.conversationId);
  return query.executeTakeFirst();
}

/** Handle a memory form post. Returns a 400 answer for invalid input, or null when done (redirect). */
export async function handleMemoryAction(ctx: MemoryActionContext, formData: FormData) {
  const intent = formData.get("intent");
  const parsedId = memoryId.safeParse(formData.get("memory_id"));
  const memory = parsedId.success ? await ownedMemory(ctx, parsedId.data) : undefined;
  if (!memory) throw data({ message: "We could not find that memory." }, { status: 404 });

  switch (intent) {
    case "save": {
      const submission = parseSubmission(formData, memoryEditSchema);
      if (submission.status === "invalid") return invalid(submission);
      await ctx.db
        .updateTable("memories")
        .set({
          summary: submission.value.summary,
          importance: submission.value.importance,
          updated_at: new Date().toISOString(),
        })
        .where("id", "=", memory.id)
        .execute();
      await markVectorizationPending(ctx.db, "memory", memory.id, ctx.services.vectorIndex.name).execute();
      ctx.waitUntil(vectorizeSource({ db: ctx.db, services: ctx.services, sourceType: "memory", sourceId: memory.id }));
      return null;
    }
    case "pin":
      await ctx.db
        .updateTable("memories")
        .set({ memory_type: "long_term", expires_at: null, updated_at: new Date().toISOString() })
        .where("id", "=", memory.id)
        .execute();
      return null;
    case "unpin":
      // Back to an episodic memory; it keeps no expiry (only summaries judged trivial are short-term).
      await ctx.db
        .updateTable("memories")
        .set({ memory_type: "episodic", updated_at: new Date().toISOString() })
        .where("id", "=", memory.id)
        .execute();
      return null;
    case "delete":
      await deleteMemories({ db: ctx.db, services: ctx.services, userId: ctx.userId, memoryIds: [memory.id] });
      return null;
    default:
      throw data({ message: "Unknown action." }, { status: 400 });
  }
}

export const MEMORY_PAGE_SIZE = 20;
