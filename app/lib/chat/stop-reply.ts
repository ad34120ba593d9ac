/**
 * Stopping a reply while it streams. Both chat paths post the same "stop-reply" intent to
 * the conversation (a button with JavaScript, a form on the streamed page without). Two
 * ways reach the running reply, because it may run in another isolate than the stop:
 * - the database: the message leaves "streaming" at once (stopReplyQuery), and the runner
 *   sees that at its next progress save and stops (reply.ts);
 * - this isolate's registry: when the runner is here, it is aborted immediately and the
 *   stop waits briefly for it to save everything written so far.
 */
import { sql } from "kysely";
import type { DB } from "#db/schema";

/** The abort reason a stop gives the model, so the runner can tell a stop from a timeout. */
export const STOP_REASON = "stopped";
/** How long a stop waits for a runner in this isolate to save what it wrote. */
const SETTLE_WAIT_MS = 3000;

interface Running {
  controller: AbortController;
  settled: Promise<void>;
  settle: () => void;
}

const running = new Map<string, Running>();

/** Register a reply that is about to run; call `release` once it is saved. */
export function trackRunningReply(messageId: string): { signal: AbortSignal; release: () => void } {
  let settle = () => {};
  const settled = new Promise<void>((resolve) => (settle = resolve));
  const entry: Running = { controller: new AbortController(), settled, settle };
  running.set(messageId, entry);
  return {
    signal: entry.controller.signal,
    release: () => {
      entry.settle();
      if (running.get(messageId) === entry) running.delete(messageId);
    },
  };
}

/** Mark a streaming reply of this conversation stopped; what was saved so far is kept. */
export function stopReplyQuery(db: DB, conversationId: string, messageId: string) {
  return db
    .updateTable("messages")
    .set({ status: "incomplete", metadata: sql<string>`json_set(metadata, '$.finishReason', ${STOP_REASON})` })
    .where("id", "=", messageId)
    .where("conversation_id", "=", conversationId)
    .where("status", "=", "streaming")
    .returning("id");
}

/** Abort the runner if it is in this isolate, and wait (briefly) until it has saved. */
export async function stopRunningReply(messageId: string): Promise<void> {
  const entry = running.get(messageId);
  if (!entry) return;
  entry.controller.abort(STOP_REASON);
  await Promise.race([entry.settled, new Promise((resolve) => setTimeout(resolve, SETTLE_WAIT_MS))]);
}
