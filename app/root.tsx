import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteLoaderData,
} from "react-router";
import type { Route } from "./+types/root";
import stylesheet from "./app.css?url";
import { SiteFooter, SiteHeader } from "./components/site-chrome";
import { authMiddleware } from "./lib/auth/middleware";
import { formTokenContext, formTokenMiddleware } from "./lib/http/form-token";
import { legalGateMiddleware } from "./lib/legal/gate";
import { getOptionalUser } from "./lib/auth/guards";
import { getApp } from "./lib/context";
import { useHydrationOptIn } from "./lib/hydration";
import { headerBadges } from "./lib/notifications/notify";

// The form token check needs the session (authMiddleware) and runs before anything else reads the body.
export const middleware: Route.MiddlewareFunction[] = [authMiddleware, formTokenMiddleware, legalGateMiddleware];

export const links: Route.LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ context }: Route.LoaderArgs) {
  const user = getOptionalUser({ context });
  const { db, nonce } = getApp(context);
  // The header's badges for a signed-in person: one indexed query (balance, unread count).
  const badges = user ? await headerBadges(db, user.id) : null;
  return {
    user: user
      ? {
          displayName: user.displayName ?? user.email,
          role: user.role,
          unreadCount: badges?.unread ?? 0,
          tokenBalance: badges?.token_balance ?? 0,
        }
      : null,
    nonce,
    /** Every POST form's hidden token (app/components/post-form.tsx). */
    formToken: context.get(formTokenContext),
  };
}

export function Layout({ children }: { children: React.ReactNode }) {
  const root = useRouteLoaderData<typeof loader>("root");
  const hydrate = useHydrationOptIn();
  return (
    <html lang="en" className="h-full">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="flex min-h-full flex-col bg-stone-50 font-sans text-stone-900">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-white focus:p-2"
        >
          Skip to content
        </a>
        <SiteHeader user={root?.user ?? null} />
        <main id="main" className="mx-auto w-full max-w-5xl flex-1 px-4 py-6">
          {children}
        </main>
        <SiteFooter />
        {hydrate ? (
          <>
            <ScrollRestoration nonce={root?.nonce} />
            <Scripts nonce={root?.nonce} />
          </>
        ) : null}
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

/** A refused request says when to retry (Retry-After, app/lib/http/rate-limit.ts): keep that
 * header on the error page. Nothing else changes, with or without an error. */
export function headers({ errorHeaders }: Route.HeadersArgs) {
  const retryAfter = errorHeaders?.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : {};
}

export function meta() {
  return [
    { title: "BotCafe" },
    {
      name: "description",
      content:
        "Create AI companion characters, give them knowledge and memory, and talk to them — on any phone, with or without JavaScript.",
    },
  ];
}

const STATUS_TITLES: Record<number, string> = {
  400: "That request did not look right",
  401: "Please sign in",
  403: "Not allowed",
  404: "Page not found",
  405: "Not allowed",
  429: "Slow down a little",
};

/** One error boundary for every route: status errors say what happened; anything else
 * is an internal error, shown without details. */
export function ErrorBoundary({ error }: Route.ErrorBoundaryProps) {
  let status = 500;
  let message = "Something went wrong on our side. Please try again in a moment.";
  if (isRouteErrorResponse(error)) {
    status = error.status;
    const detail = (error.data as { message?: unknown } | null)?.message;
    message =
      typeof detail === "string"
        ? detail
        : typeof error.data === "string" && error.data
          ? error.data
          : (STATUS_TITLES[status] ?? error.statusText);
  } else if (import.meta.env.DEV && error instanceof Error) {
    message = error.message;
  }
  const title = STATUS_TITLES[status] ?? (status >= 500 ? "Something went wrong" : "Error");
  return (
    <section aria-labelledby="error-title" className="mx-auto max-w-xl py-12 text-center">
      <p className="text-sm font-semibold text-brand-700">Error {status}</p>
      <h1 id="error-title" className="mt-2 text-3xl font-bold">
        {title}
      </h1>
      <p className="mt-4 text-stone-700">{message}</p>
      <p className="mt-6">
        <a href="/" className="font-medium text-brand-700 underline">
          Go to the home page
        </a>
      </p>
    </section>
  );
}
