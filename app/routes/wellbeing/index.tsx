/**
 * /wellbeing — the hub the header menu and the account page link to: one place that leads
 * to the person's limits, mood check-ins and activity, and to the crisis directory (open to
 * everyone, so this page is too). Staff also find the safety report here. No query beyond
 * the session: it only links.
 */
import { getOptionalUser } from "~/lib/auth/guards";
import type { Route } from "./+types/index";

export function meta() {
  return [{ title: "Wellbeing · BotCafe" }];
}

export function loader({ context }: Route.LoaderArgs) {
  const user = getOptionalUser({ context });
  return { signedIn: user !== null, isStaff: user?.role === "admin" || user?.role === "support" };
}

interface HubLink {
  href: string;
  label: string;
  hint: string;
}

const YOURS: HubLink[] = [
  {
    href: "/wellbeing/limits",
    label: "Your limits",
    hint: "Daily and weekly minutes, break reminders and night mode, held in every chat.",
  },
  { href: "/wellbeing/mood", label: "Mood check-ins", hint: "Note how you feel and see it over time." },
  { href: "/activity", label: "Your activity", hint: "Your last 30 days: messages, minutes, new chats." },
];

function LinkList({ links, label }: { links: HubLink[]; label: string }) {
  return (
    <ul aria-label={label} className="mt-3 grid gap-3 sm:grid-cols-2">
      {links.map((link) => (
        <li key={link.href} className="rounded border border-stone-200 bg-white p-3">
          <a href={link.href} className="font-medium text-brand-700 underline">
            {link.label}
          </a>
          <p className="mt-1 text-sm text-stone-700">{link.hint}</p>
        </li>
      ))}
    </ul>
  );
}

export default function WellbeingHub({ loaderData }: Route.ComponentProps) {
  const { signedIn, isStaff } = loaderData;
  return (
    <div className="mx-auto max-w-2xl">
      <h1 className="text-2xl font-bold">Wellbeing</h1>
      <p className="mt-2 text-stone-700">
        Tools to keep your time with bots healthy, and people to talk to when you need them.
      </p>

      {/* First on the page: someone in crisis should not have to read past the settings. */}
      <section aria-labelledby="crisis-title" className="mt-4 rounded border border-amber-300 bg-amber-50 p-4">
        <h2 id="crisis-title" className="font-semibold text-amber-950">
          Need to talk to someone now?
        </h2>
        <p className="mt-1 text-sm text-amber-950">
          <a href="/crisis" className="font-medium underline">
            Crisis resources
          </a>{" "}
          — free, confidential lines and services near you, open to everyone.
        </p>
      </section>

      <h2 className="mt-6 text-lg font-semibold">Yours</h2>
      {signedIn ? null : (
        <p className="mt-1 text-sm text-stone-700">
          <a href="/sign-in?redirectTo=%2Fwellbeing" className="text-brand-700 underline">
            Sign in
          </a>{" "}
          to set limits, check in and see your activity.
        </p>
      )}
      <LinkList links={YOURS} label="Your wellbeing tools" />

      {isStaff ? (
        <>
          <h2 className="mt-6 text-lg font-semibold">Staff</h2>
          <LinkList
            links={[
              {
                href: "/staff/safety",
                label: "Safety report",
                hint: "Crisis referrals per month, by region and language (no user data).",
              },
            ]}
            label="Staff wellbeing reports"
          />
        </>
      ) : null}
    </div>
  );
}
