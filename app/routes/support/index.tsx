/** /support — my tickets, newest activity first. */
import { batch } from "#db/batch";
import { Pagination, parsePage, totalPagesFor } from "~/components/pagination";
import { requireUser } from "~/lib/auth/guards";
import { getApp } from "~/lib/context";
import { StatusBadge, When } from "./ticket-ui";
import type { Route } from "./+types/index";

const PAGE_SIZE = 20;

export function meta() {
  return [{ title: "Support · BotCafe" }];
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireUser({ request, context });
  const { db, env } = getApp(context);
  const page = parsePage(new URL(request.url).searchParams.get("page"));
  // support_tickets_user_activity (user_id, last_message_at DESC) serves both queries.
  const [tickets, [counted]] = await batch(env.DB, [
    db
      .selectFrom("support_tickets")
      .select(["id", "subject", "status", "category", "last_message_at", "created_at"])
      .where("user_id", "=", user.id)
      .orderBy("last_message_at", "desc")
      .orderBy("id", "desc")
      .limit(PAGE_SIZE)
      .offset((page - 1) * PAGE_SIZE),
    db
      .selectFrom("support_tickets")
      .select((eb) => eb.fn.countAll<number>().as("total"))
      .where("user_id", "=", user.id),
  ]);
  return { tickets, page, totalPages: totalPagesFor(Number(counted?.total ?? 0), PAGE_SIZE) };
}

export default function SupportIndex({ loaderData }: Route.ComponentProps) {
  const { tickets, page, totalPages } = loaderData;
  return (
    <div className="max-w-3xl">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="mr-auto text-2xl font-bold">Support</h1>
        <a href="/support/new" className="rounded bg-brand-700 px-3 py-1.5 font-medium text-white hover:bg-brand-900">
          Ask for help
        </a>
      </div>
      <p className="mt-1 text-stone-700">Your questions to the BotCafe team. A person reads every ticket.</p>
      {tickets.length === 0 ? (
        <p className="mt-4 rounded border border-dashed border-stone-300 bg-white p-4">
          You have not opened any tickets.
        </p>
      ) : (
        <ul className="mt-4 divide-y divide-stone-200 rounded border border-stone-200 bg-white">
          {tickets.map((ticket) => (
            <li key={ticket.id} className="p-3">
              <a href={`/support/${ticket.id}`} className="font-medium text-brand-700 underline">
                {ticket.subject}
              </a>
              <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-stone-700">
                <StatusBadge status={ticket.status} />
                <span>
                  Last activity <When at={ticket.last_message_at ?? ticket.created_at} />
                </span>
              </p>
            </li>
          ))}
        </ul>
      )}
      <Pagination path="/support" page={page} totalPages={totalPages} label="Ticket pages" />
    </div>
  );
}
