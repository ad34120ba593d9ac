/**
 * The header and footer around every page: plain links and one plain form (sign out). On a
 * wide screen a few links sit in the header and the rest are under "More"; on a phone all
 * of them fold into a "Menu". Both are <details>, which open and close with no JavaScript;
 * "Signed in as …" stays visible and links to the account page.
 */
import type { Role } from "#db/schema";
import { PostForm } from "~/components/post-form";

export interface HeaderUser {
  displayName: string;
  role: Role;
  /** Unread notifications; shown as a badge when given (wired by the notifications area). */
  unreadCount?: number;
  /** Token balance; shown when given (wired by the billing area). */
  tokenBalance?: number;
}

/**
 * The main navigation: every area a person has, in one list (each area adds itself here as
 * its pages land). On a wide screen the `top` links sit in the header and the rest fold
 * into a "More" menu; on a phone all of them are in the "Menu". Wellbeing is one link to a
 * hub (/wellbeing) that leads to limits, mood, activity and crisis resources.
 */
const NAV_LINKS: { href: string; label: string; top?: boolean; signedInOnly?: boolean; staffOnly?: boolean }[] = [
  { href: "/", label: "Home", top: true },
  { href: "/bots", label: "Explore", top: true },
  { href: "/my/bots", label: "My bots", top: true, signedInOnly: true },
  { href: "/creators", label: "Creators", top: true },
  { href: "/chat", label: "Chats", top: true, signedInOnly: true },
  { href: "/knowledge", label: "Knowledge", top: true, signedInOnly: true },
  { href: "/personas", label: "Personas", signedInOnly: true },
  { href: "/shared", label: "Shared with me", signedInOnly: true },
  { href: "/wellbeing", label: "Wellbeing", signedInOnly: true },
  { href: "/notifications", label: "Notifications", signedInOnly: true },
  { href: "/billing", label: "Billing", signedInOnly: true },
  { href: "/gifts", label: "Gifts", signedInOnly: true },
  { href: "/help", label: "Help" },
  { href: "/support", label: "Support", signedInOnly: true },
  { href: "/account", label: "Account", signedInOnly: true },
  { href: "/staff", label: "Staff", staffOnly: true },
];

function SignOutButton() {
  return (
    <PostForm action="/sign-out">
      <button type="submit" className="rounded border border-stone-300 px-3 py-1 hover:bg-stone-100">
        Sign out
      </button>
    </PostForm>
  );
}

function UserBadges({ user }: { user: HeaderUser }) {
  return (
    <>
      {user.unreadCount ? (
        <a
          href="/notifications"
          className="rounded-full bg-brand-700 px-2 py-0.5 text-xs font-semibold text-white"
          aria-label={`${user.unreadCount} unread notifications`}
        >
          {user.unreadCount > 99 ? "99+" : user.unreadCount}
        </a>
      ) : null}
      {user.tokenBalance !== undefined ? (
        <a href="/billing" className="text-xs text-stone-700 hover:underline">
          {user.tokenBalance.toLocaleString("en")} tokens
        </a>
      ) : null}
    </>
  );
}

export function SiteHeader({ user }: { user: HeaderUser | null }) {
  const isStaff = user?.role === "admin" || user?.role === "support";
  const links = NAV_LINKS.filter((link) => (user || !link.signedInOnly) && (isStaff || !link.staffOnly));
  // Signed out there are only a few links: all of them fit in the header.
  const top = user ? links.filter((link) => link.top) : links;
  const more = user ? links.filter((link) => !link.top) : [];
  return (
    <header className="border-b border-stone-200 bg-white">
      <div className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-2 sm:py-3">
        <a href="/" className="text-xl font-bold text-brand-700">
          BotCafe
        </a>
        <nav aria-label="Main" className="hidden flex-wrap items-center gap-4 text-sm sm:flex">
          {top.map((link) => (
            <a key={link.href} href={link.href} className="text-stone-700 hover:text-brand-700 hover:underline">
              {link.label}
            </a>
          ))}
          {more.length > 0 ? (
            // A <details> opens and closes with no JavaScript; the list floats over the page.
            <details className="relative">
              <summary className="cursor-pointer text-stone-700 hover:text-brand-700">More</summary>
              <ul className="absolute left-0 z-20 mt-2 w-48 rounded border border-stone-200 bg-white py-1 shadow-lg">
                {more.map((link) => (
                  <li key={link.href}>
                    <a
                      href={link.href}
                      className="block px-3 py-1.5 text-stone-700 hover:bg-stone-100 hover:text-brand-700"
                    >
                      {link.label}
                    </a>
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
        </nav>
        <div className="ml-auto flex min-w-0 items-center gap-2 text-sm sm:gap-3">
          {user ? (
            <>
              <a href="/account" className="min-w-0 truncate hover:underline">
                Signed in as <strong>{user.displayName}</strong>
              </a>
              {user.role !== "user" ? (
                <span className="rounded bg-brand-100 px-1.5 py-0.5 text-xs text-brand-900">{user.role}</span>
              ) : null}
              <UserBadges user={user} />
              <div className="hidden sm:block">
                <SignOutButton />
              </div>
            </>
          ) : (
            <a href="/sign-in" className="rounded bg-brand-700 px-3 py-1.5 font-medium text-white hover:bg-brand-900">
              Sign in
            </a>
          )}
        </div>
        <details className="w-full sm:hidden">
          <summary className="cursor-pointer py-1 text-sm font-medium text-brand-700">Menu</summary>
          <nav aria-label="Main (menu)" className="mt-1 grid grid-cols-2 gap-2 pb-2 text-sm">
            {links.map((link) => (
              <a
                key={link.href}
                href={link.href}
                className="rounded border border-stone-200 px-2 py-1.5 text-stone-700"
              >
                {link.label}
              </a>
            ))}
            {user ? <SignOutButton /> : null}
          </nav>
        </details>
      </div>
    </header>
  );
}

const FOOTER_LINKS = [
  { href: "/help", label: "Help" },
  { href: "/tutorials", label: "Tutorials" },
  { href: "/legal/terms", label: "Terms" },
  { href: "/legal/privacy", label: "Privacy" },
  { href: "/legal/responsible_ai", label: "Responsible AI" },
  { href: "/crisis", label: "Crisis resources" },
  { href: "/support", label: "Support" },
];

export function SiteFooter() {
  return (
    <footer className="border-t border-stone-200 bg-white">
      <div className="mx-auto max-w-5xl px-4 py-4 text-sm text-stone-600">
        <nav aria-label="Footer">
          <ul className="flex flex-wrap gap-x-4 gap-y-1">
            {FOOTER_LINKS.map((link) => (
              <li key={link.href}>
                <a href={link.href} className="text-stone-700 underline hover:text-brand-700">
                  {link.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <p className="mt-2">BotCafe — AI companions that work on any phone, with or without JavaScript.</p>
      </div>
    </footer>
  );
}
