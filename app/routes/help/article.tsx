/**
 * /help/:slug — one article: table of contents, "was this helpful?" (a plain form; one
 * vote per signed-in person or signed-out visitor, counts shown to staff), related
 * articles, last updated date. The view is counted after the response.
 */
import { redirect } from "react-router";
import { z } from "zod";
import { MarkdownArticle, TableOfContents } from "~/components/markdown-article";
import { getOptionalUser, isStaff, notFound } from "~/lib/auth/guards";
import { readCookie } from "~/lib/auth/session";
import { getApp } from "~/lib/context";
import { invalid, parseSubmission } from "~/lib/forms";
import {
  articleQuery,
  categoryLabel,
  countView,
  recordVote,
  relatedArticlesQuery,
  voteCountsQuery,
} from "~/lib/help/articles";
import { newId } from "~/lib/ids";
import { renderDocument } from "~/lib/markdown/render";
import { batch } from "#db/batch";
import type { Route } from "./+types/article";
import { PostForm } from "~/components/post-form";

const VISITOR_COOKIE = "botcafe_visitor";

export function meta({ loaderData: data }: Route.MetaArgs) {
  return [{ title: `${data?.article.title ?? "Help"} · BotCafe help` }];
}

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { db, env, waitUntil } = getApp(context);
  const user = getOptionalUser({ context });
  const showCounts = isStaff(user);
  const [articles, related, counts] = await batch(env.DB, [
    articleQuery(db, params.slug),
    relatedArticlesQuery(db, params.slug),
    // Staff only; everyone else gets an empty result from the same round trip.
    voteCountsQuery(db, showCounts ? params.slug : ""),
  ]);
  const article = articles[0];
  if (!article) notFound("We could not find that help article.");
  waitUntil(countView(db, article.id).catch(() => undefined));
  const { html, toc } = renderDocument(article.content);
  const voted = new URL(request.url).searchParams.get("voted") === "1";
  return {
    article: { slug: article.slug, title: article.title, category: article.category, updated_at: article.updated_at },
    html,
    toc,
    related,
    voted,
    votes: showCounts
      ? { total: Number(counts[0]?.total ?? 0), helpful: Number(counts[0]?.helpful ?? 0), views: article.view_count }
      : null,
  };
}

const voteSchema = z.object({
  intent: z.literal("vote"),
  helpful: z.enum(["yes", "no"], { error: "Answer yes or no." }),
});

export async function action({ request, params, context }: Route.ActionArgs) {
  const { db } = getApp(context);
  const submission = parseSubmission(await request.formData(), voteSchema);
  if (submission.status === "invalid") return invalid(submission);
  const article = await db
    .selectFrom("documentation")
    .select("id")
    .where("slug", "=", params.slug)
    .where("is_published", "=", 1)
    .executeTakeFirst();
  if (!article) notFound("We could not find that help article.");
  const user = getOptionalUser({ context });
  const headers = new Headers();
  let voterKey: string;
  if (user) voterKey = `user:${user.id}`;
  else {
    const existing = readCookie(request, VISITOR_COOKIE);
    const visitor = existing && /^[A-Za-z0-9_-]{8,64}$/.test(existing) ? existing : newId();
    if (visitor !== existing) {
      const secure = new URL(request.url).protocol === "https:" ? "; Secure" : "";
      headers.append(
        "Set-Cookie",
        `${VISITOR_COOKIE}=${visitor}; Path=/help; HttpOnly; SameSite=Lax; Max-Age=31536000${secure}`,
      );
    }
    voterKey = `visitor:${visitor}`;
  }
  await recordVote(db, {
    documentId: article.id,
    voterKey,
    userId: user?.id ?? null,
    helpful: submission.value.helpful === "yes",
  });
  throw redirect(`/help/${params.slug}?voted=1#feedback`, { status: 303, headers });
}

export default function HelpArticle({ loaderData }: Route.ComponentProps) {
  const { article, html, toc, related, voted, votes } = loaderData;
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm">
        <a href="/help" className="text-brand-700 underline">
          Help
        </a>{" "}
        ›{" "}
        <a href={`/help#${article.category}`} className="text-brand-700 underline">
          {categoryLabel(article.category)}
        </a>
      </nav>
      <article className="space-y-4">
        <header>
          <h1 className="text-2xl font-bold">{article.title}</h1>
          <p className="mt-1 text-sm text-stone-600">Last updated {article.updated_at.slice(0, 10)}</p>
        </header>
        <TableOfContents toc={toc} />
        <MarkdownArticle html={html} />
      </article>

      <section
        id="feedback"
        aria-labelledby="feedback-title"
        className="rounded-lg border border-stone-200 bg-white p-4"
      >
        <h2 id="feedback-title" className="font-semibold">
          Was this helpful?
        </h2>
        {voted ? (
          <p className="mt-1 text-sm text-green-800">Thanks — your answer is saved. You can change it at any time.</p>
        ) : null}
        <PostForm className="mt-2 flex gap-2">
          <input type="hidden" name="intent" value="vote" />
          <button
            type="submit"
            name="helpful"
            value="yes"
            className="rounded border border-stone-300 px-3 py-1 hover:bg-stone-100"
          >
            Yes
          </button>
          <button
            type="submit"
            name="helpful"
            value="no"
            className="rounded border border-stone-300 px-3 py-1 hover:bg-stone-100"
          >
            No
          </button>
        </PostForm>
        {votes ? (
          <p className="mt-2 text-sm text-stone-600">
            Staff: {votes.helpful} of {votes.total} found this helpful · {votes.views} views
          </p>
        ) : null}
      </section>

      {related.length > 0 ? (
        <section aria-labelledby="related">
          <h2 id="related" className="font-semibold">
            Related articles
          </h2>
          <ul className="mt-2 space-y-1">
            {related.map((r) => (
              <li key={r.slug}>
                <a href={`/help/${r.slug}`} className="text-brand-700 underline">
                  {r.title}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
