/**
 * The 429 page of the data export download. The download is a resource route (it answers
 * with a ZIP), and React Router turns what a resource route throws into JSON, not the app's
 * error page — so over the limit it answers with this page itself, worded like the error
 * boundary's 429 ("Slow down a little"), with Retry-After.
 */
import { renderToStaticMarkup } from "react-dom/server";
import stylesheetHref from "~/app.css?url";
import { retryAfterHeaders, type RateLimited } from "~/lib/http/rate-limit";

function LimitedPage({ message }: { message: string }) {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>Slow down a little · BotCafe</title>
        <link rel="stylesheet" href={stylesheetHref} />
      </head>
      <body className="bg-stone-50 font-sans text-stone-900">
        <main className="mx-auto max-w-xl px-4 py-12 text-center">
          <p className="text-sm font-semibold text-brand-700">Error 429</p>
          <h1 className="mt-2 text-2xl font-bold">Slow down a little</h1>
          <p role="alert" className="mt-3 text-stone-700">
            {message}
          </p>
          <p className="mt-6">
            <a href="/account/export" className="text-brand-700 underline">
              Back to Download my data
            </a>
          </p>
        </main>
      </body>
    </html>
  );
}

export function exportLimitedResponse(limited: RateLimited): Response {
  const html = `<!DOCTYPE html>${renderToStaticMarkup(<LimitedPage message={limited.message} />)}`;
  return new Response(html, {
    status: 429,
    headers: {
      ...retryAfterHeaders(limited),
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "private, no-store",
    },
  });
}
