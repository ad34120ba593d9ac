/**
 * Creators seed part: makes the creator dashboard and visibility rules visible in the
 * demo. Runs after coreSeed (which creates the creators, their bots, fans and follows).
 *
 * - Casey's dashboard needs activity spread over the last 30 days: conversations on
 *   Casey's bots, and the fans' likes/favorites/follows moved to deterministic days
 *   (core inserts them all "now"). Re-running gives the same spread relative to now.
 * - A private profile (only its owner and staff see it) and one decided application.
 */
import { DEMO_EMAIL_DOMAIN } from "../../app/lib/auth/demo-accounts.ts";
import { insert, insertWithCreatedAt } from "./sql.ts";

const CASEY_USER = "demo-creator";
const CASEY_PROFILE = "seed-profile-0";
const FANS = 60;
const DAYS = 30;

export function creatorsSeed(): string[] {
  const out: string[] = [];

  // Conversations on Casey's bots (core gives Casey every 8th bot), a few a day.
  let n = 0;
  for (let day = 0; day < DAYS; day++) {
    const perDay = 1 + ((day * 7) % 5);
    for (let k = 0; k < perDay; k++, n++) {
      const bot = `seed-bot-${String(((n * 3) % 40) * 8).padStart(3, "0")}`;
      out.push(
        insertWithCreatedAt(
          "conversations",
          {
            id: `seed-dash-conv-${n}`,
            title: "A chat",
            user_id: `seed-fan-${n % FANS}`,
            bot_id: bot,
            message_count: 0,
            is_active: true,
          },
          day * 24 + (k % 20),
        ),
      );
    }
  }

  const spread = (days: string, hours: string) =>
    `strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || (${days}) || ' days', '-' || (${hours}) || ' hours')`;
  out.push(
    // Casey's followers arrive over the month (fan n on day n·7 mod 30).
    `UPDATE follows SET created_at = ${spread(`CAST(substr(follower_id, 10) AS INTEGER) * 7 % ${DAYS}`, "1")}
      WHERE creator_id = '${CASEY_PROFILE}' AND follower_id LIKE 'seed-fan-%';`,
    // Likes and favorites on Casey's bots over the last ~45 days (some fall outside 30).
    `UPDATE bot_interactions SET created_at = ${spread("rowid * 7 % 45", "rowid % 24")}
      WHERE id LIKE 'seed-%' AND bot_id IN (SELECT id FROM bots WHERE created_by_id = '${CASEY_USER}');`,
  );

  // A private profile: reachable by nobody but its owner and staff.
  out.push(
    insert("users", {
      id: "seed-creator-private",
      email: `quietdrafts@${DEMO_EMAIL_DOMAIN}`,
      display_name: "Quiet Drafts",
      role: "creator",
    }),
    insert("creator_profiles", {
      id: "seed-profile-private",
      user_id: "seed-creator-private",
      username: "quietdrafts",
      display_name: "Quiet Drafts",
      bio: "Works in progress, not ready for visitors.",
      specialties: JSON.stringify(["drafts"]),
      visibility: "private",
    }),
    insert("creator_program_applications", {
      id: "seed-application-moonweaver",
      program_id: "seed-program-rising",
      user_id: "seed-creator-1",
      message: "I have been making fantasy characters for a year and would love mentoring.",
      status: "approved",
      decided_by_id: "demo-admin",
    }),
  );
  return out;
}
