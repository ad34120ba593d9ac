import { expect, test } from "vitest";
import { escapeXml } from "~/lib/creators/atom";
import { lastDays, perDay, rangeStart } from "~/lib/creators/days";
import { parseSpecialties, profileColumns, profileFormSchema, readSocialLinks } from "~/lib/creators/profile-form";
import { usernameSchema } from "~/lib/creators/username";

const base = { username: "ada", display_name: "Ada", visibility: "public" };

test("usernames are lowercased and checked for length, characters and reserved words", () => {
  expect(usernameSchema.parse("  Ada_Maker-2 ")).toBe("ada_maker-2");
  for (const bad of ["ab", "x".repeat(31), "has space", "émile", "a/b", "admin", "creators", "My"]) {
    expect(usernameSchema.safeParse(bad).success, bad).toBe(false);
  }
});

test("specialties are split on commas, trimmed and de-duplicated ignoring case", () => {
  expect(parseSpecialties(" fantasy ,, Sci-Fi , FANTASY,  cozy   mysteries ")).toEqual([
    "fantasy",
    "Sci-Fi",
    "cozy mysteries",
  ]);
  const tooMany = profileFormSchema.safeParse({
    ...base,
    specialties: Array.from({ length: 11 }, (_, i) => `s${i}`).join(","),
  });
  expect(tooMany.success).toBe(false);
});

test("social links must be http(s) web addresses; only filled ones are stored", () => {
  for (const bad of ["javascript:alert(1)", "ftp://x.example", "not a url", "https://localhost"]) {
    expect(profileFormSchema.safeParse({ ...base, social_website: bad }).success, bad).toBe(false);
  }
  const parsed = profileFormSchema.parse({ ...base, social_github: "https://github.com/ada", social_website: "" });
  expect(JSON.parse(profileColumns(parsed).social_links)).toEqual({ github: "https://github.com/ada" });
  // Stored junk is never shown as a link.
  expect(
    readSocialLinks(
      JSON.stringify({
        website: "javascript:alert(1)",
        github: "https://github.com/ada",
        myspace: "https://x.example",
      }),
    ),
  ).toEqual([{ key: "github", label: "GitHub", url: "https://github.com/ada" }]);
});

test("accepting commissions needs commission details; unknown visibility is refused", () => {
  expect(profileFormSchema.safeParse({ ...base, accepts_commissions: "on" }).success).toBe(false);
  expect(profileFormSchema.safeParse({ ...base, accepts_commissions: "on", commission_info: "From $20" }).success).toBe(
    true,
  );
  expect(profileFormSchema.safeParse({ ...base, visibility: "secret" }).success).toBe(false);
  expect(profileFormSchema.safeParse({ ...base, experience_level: "god" }).success).toBe(false);
});

test("escapeXml escapes markup and drops characters XML cannot carry", () => {
  expect(escapeXml(`<a href="x">Tom & Jerry's</a>`)).toBe(
    "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&lt;/a&gt;",
  );
  expect(escapeXml("a\u0000b\u0008c\u000Bd\uFFFEe\uD800f\tg\nh")).toBe("abcdef\tg\nh");
  expect(escapeXml("emoji 🤖 ok")).toBe("emoji 🤖 ok");
});

test("lastDays ends today (UTC) and perDay zero-fills", () => {
  const days = lastDays(3, new Date("2026-03-01T23:59:00Z"));
  expect(days).toEqual(["2026-02-27", "2026-02-28", "2026-03-01"]);
  expect(rangeStart(days)).toBe("2026-02-27T00:00:00.000Z");
  expect(
    perDay(days, [
      { day: "2026-02-28", n: 4 },
      { day: "2025-01-01", n: 9 },
    ]),
  ).toEqual([0, 4, 0]);
});
