/**
 * /chat/:conversationId/messages/:messageId/why — "why did it say this": the prompt an
 * assistant reply was generated from, as recorded when it was assembled. Only the
 * conversation's owner sees it; someone chatting with another creator's bot sees the
 * creator's sections as names and token counts, never their text (docs/decisions/0011).
 * Plain HTML (sections fold with <details>, no JavaScript).
 */
import type { ReactNode } from "react";
import { ReplyCost } from "~/components/reply-cost";
import { chatChargeFor } from "~/lib/billing/chat";
import { notFound, requireUser } from "~/lib/auth/guards";
import { canEditBot } from "~/lib/bots/access";
import { getApp } from "~/lib/context";
import { promptReportFrom, visiblePromptReport, type VisibleContextEntry } from "~/lib/knowledge/prompt-report";
import type { Route } from "./+types/why";

export function meta() {
  return [{ title: "Why did it say this? · BotCafe" }];
}

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const user = requireUser({ request, context });
  const { db } = getApp(context);
  const message = await db
    .selectFrom("messages")
    .innerJoin("conversations", "conversations.id", "messages.conversation_id")
    .innerJoin("bots", "bots.id", "conversations.bot_id")
    .select([
      "messages.id",
      "messages.content",
      "messages.metadata",
      "messages.created_at",
      "conversations.id as conversation_id",
      "bots.name as bot_name",
      "bots.created_by_id as bot_created_by_id",
    ])
    .where("messages.id", "=", params.messageId.slice(0, 64))
    .where("messages.conversation_id", "=", params.conversationId.slice(0, 64))
    .where("messages.role", "=", "assistant")
    .where("conversations.user_id", "=", user.id)
    .executeTakeFirst();
  if (!message) notFound("We could not find that message.");
  const report = promptReportFrom(message.metadata);
  // Cut down here, in the loader: withheld text never leaves the server.
  const visible = report
    ? visiblePromptReport(report, canEditBot(user, { created_by_id: message.bot_created_by_id }))
    : null;
  const cost = await chatChargeFor(db, message.id);
  return {
    message: {
      id: message.id,
      content: message.content,
      created_at: message.created_at,
      conversation_id: message.conversation_id,
      bot_name: message.bot_name,
    },
    report: visible,
    cost,
  };
}

type ContextRow = VisibleContextEntry;

const HIDDEN_NOTE = "Hidden: written by the bot's creator.";

const KIND_TITLES: Record<ContextRow["kind"], string> = {
  world_info: "World info that fired",
  knowledge: "Knowledge retrieved",
  memory: "Memories recalled",
};

function Table({ caption, head, children }: { caption: string; head: string[]; children: ReactNode }) {
  return (
    <div className="mt-2 overflow-x-auto">
      <table className="w-full border-collapse text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr className="border-b border-stone-300">
            {head.map((h) => (
              <th key={h} scope="col" className="px-2 py-1 font-semibold">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

function ContextTable({ kind, rows }: { kind: ContextRow["kind"]; rows: ContextRow[] }) {
  return (
    <section aria-labelledby={`${kind}-heading`} className="mt-6">
      <h2 id={`${kind}-heading`} className="text-lg font-semibold">
        {KIND_TITLES[kind]}
      </h2>
      {rows.length === 0 ? (
        <p className="mt-1 text-stone-700">None for this reply.</p>
      ) : (
        <Table
          caption={KIND_TITLES[kind]}
          head={["Entry", kind === "world_info" ? "Why" : "Score", "Tokens", "In the prompt?"]}
        >
          {rows.map((row, i) => (
            <tr
              key={`${row.title ?? "hidden"}-${row.chunkIndex ?? 0}-${i}`}
              className="border-b border-stone-200 align-top"
            >
              <td className="px-2 py-1">
                {row.text === null ? (
                  <>
                    <span className="font-medium">Hidden entry</span>
                    <span className="block text-xs text-stone-600">{HIDDEN_NOTE}</span>
                  </>
                ) : (
                  <details>
                    <summary className="cursor-pointer font-medium">
                      {row.title}
                      {row.chunkIndex !== undefined ? ` (chunk ${row.chunkIndex + 1})` : ""}
                    </summary>
                    <p className="mt-1 whitespace-pre-wrap text-stone-700">{row.text}</p>
                  </details>
                )}
              </td>
              <td className="px-2 py-1">
                {kind === "world_info" ? row.reason : row.score !== undefined ? row.score.toFixed(2) : "—"}
                {kind !== "world_info" ? <span className="block text-xs text-stone-600">{row.reason}</span> : null}
              </td>
              <td className="px-2 py-1">{row.tokens}</td>
              <td className="px-2 py-1">
                {row.included ? "Yes" : <span className="text-red-800">No — {row.cutReason ?? "cut"}</span>}
              </td>
            </tr>
          ))}
        </Table>
      )}
    </section>
  );
}

export default function Why({ loaderData }: Route.ComponentProps) {
  const { message, report, cost } = loaderData;
  const cut = report?.context.filter((c) => !c.included) ?? [];
  return (
    <div className="mx-auto max-w-3xl">
      <p>
        <a href={`/chat/${message.conversation_id}`} className="text-sm text-brand-700 underline">
          ← Back to the conversation
        </a>
      </p>
      <h1 className="mt-2 text-2xl font-bold">Why did {message.bot_name} say this?</h1>
      <blockquote className="mt-3 whitespace-pre-wrap rounded border-l-4 border-brand-700 bg-white p-3 text-stone-800">
        {message.content}
      </blockquote>
      <ReplyCost cost={cost} />

      {!report ? (
        <p className="mt-6 text-stone-700">No prompt record was kept for this reply.</p>
      ) : (
        <>
          <section aria-labelledby="budget-heading" className="mt-6">
            <h2 id="budget-heading" className="text-lg font-semibold">
              Budget
            </h2>
            <p className="mt-1 text-stone-700">
              {report.provider} / {report.model}: the prompt used <strong>{report.budget.used}</strong> of{" "}
              {report.budget.promptBudget} tokens ({report.budget.contextWindow}-token window,{" "}
              {report.budget.maxReplyTokens} kept for the reply). History: {report.history.included} message(s) in,{" "}
              {report.history.dropped} older dropped.
            </p>
          </section>

          <section aria-labelledby="sections-heading" className="mt-6">
            <h2 id="sections-heading" className="text-lg font-semibold">
              Prompt sections
            </h2>
            {report.withheld ? (
              <p className="mt-1 text-stone-700">
                This bot was made by someone else. Its definition, world info and knowledge are theirs: you see what
                each part cost, not what it says.
              </p>
            ) : null}
            <Table caption="Prompt sections" head={["Section", "Tokens"]}>
              {report.sections.map((section, i) => (
                <tr key={`${section.name}-${i}`} className="border-b border-stone-200 align-top">
                  <td className="px-2 py-1">
                    {section.text === null ? (
                      <>
                        <span className="font-medium">{section.name.replace(/_/g, " ")}</span>
                        <span className="block text-xs text-stone-600">{HIDDEN_NOTE}</span>
                      </>
                    ) : (
                      <details>
                        <summary className="cursor-pointer font-medium">{section.name.replace(/_/g, " ")}</summary>
                        <pre className="mt-1 whitespace-pre-wrap font-sans text-stone-700">{section.text}</pre>
                      </details>
                    )}
                  </td>
                  <td className="px-2 py-1">{section.tokens}</td>
                </tr>
              ))}
            </Table>
          </section>

          {(["world_info", "knowledge", "memory"] as const).map((kind) => (
            <ContextTable key={kind} kind={kind} rows={report.context.filter((c) => c.kind === kind)} />
          ))}

          <section aria-labelledby="cut-heading" className="mt-6">
            <h2 id="cut-heading" className="text-lg font-semibold">
              What the budget cut
            </h2>
            {cut.length === 0 && report.history.dropped === 0 ? (
              <p className="mt-1 text-stone-700">Nothing: everything offered fit.</p>
            ) : (
              <ul className="mt-1 list-disc pl-6">
                {cut.map((c, i) => (
                  <li key={`${c.title ?? "hidden"}-${i}`}>
                    {c.kind.replace("_", " ")} {c.title === null ? "(hidden entry)" : `“${c.title}”`} ({c.tokens}{" "}
                    tokens): {c.cutReason ?? "cut"}
                  </li>
                ))}
                {report.history.dropped > 0 ? (
                  <li>{report.history.dropped} older message(s) of the conversation</li>
                ) : null}
              </ul>
            )}
          </section>
        </>
      )}
    </div>
  );
}
