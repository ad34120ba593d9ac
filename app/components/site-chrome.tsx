/** The header and footer around every page: plain links and one plain form (sign out). */
import type { Role } from "#db/schema";

export interface HeaderUser {
  displayName: string;
  role: Role;
}

/** The main navigation; each area adds itself here as its pages land. */
const NAV_LINKS: { href: string; label: string; signedInOnly?: boolean }[] = [
  { href: "/", label: "Home" },
  { href: "/bots", label: "Explore" },
  { href: "/my/bots", label: "My bots", signedInOnly: true },
  { href: "/creators", label: "Creators" },
  { href: "/chat", label: "Chats", signedInOnly: true },
  { href: "/personas", label: "Personas", signedInOnly: true },
  { href: "/knowledge", label: "Knowledge", signedInOnly: true },
];

export function SiteHeader({ user }: { user: HeaderUser | null }) {
  return (
    <header className="border-b border-stone-200 bg-white">
      <div className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
        <a href="/" className="text-xl font-bold text-brand-700">
          BotCafe
        </a>
        <nav aria-label="Main" className="flex flex-wrap gap-4 text-sm">
          {NAV_LINKS.filter((link) => user || !link.signedInOnly).map((link) => (
            <a key={link.href} href={link.href} className="text-stone-700 hover:text-brand-700 hover:underline">
              {link.label}
            </a>
          ))}
        </nav>
        <div className="ml-auto flex items-center gap-3 text-sm">
          {user ? (
            <>
              <span>
                Signed in as <strong>{user.displayName}</strong>
                {user.role !== "user" ? <span className="ml-1 rounded bg-brand-100 px-1.5 py-0.5 text-xs text-brand-900">{user.role}</span> : null}
              </span>
              <form method="post" action="/sign-out">
                <button type="submit" className="rounded border border-stone-300 px-3 py-1 hover:bg-stone-100">
                  Sign out
                </button>
              </form>
            </>
          ) : (
            <a href="/sign-in" className="rounded bg-brand-700 px-3 py-1.5 font-medium text-white hover:bg-brand-900">
              Sign in
            </a>
          )}
        </div>
      </div>
    </header>
  );
}

export function SiteFooter() {
  return (
    <footer className="border-t border-stone-200 bg-white">
      <div className="mx-auto max-w-5xl px-4 py-4 text-sm text-stone-600">
        <p>BotCafe — AI companions that work on any phone, with or without JavaScript.</p>
      </div>
    </footer>
  );
}
