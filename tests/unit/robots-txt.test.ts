/** public/robots.txt: valid to a crawler (Lighthouse's robots-txt audit), and it never keeps
 * crawlers away from the public pages. */
import { readFileSync } from "node:fs";
import { expect, test } from "vitest";

const lines = readFileSync("public/robots.txt", "utf8")
  .split("\n")
  .map((line) => line.replace(/#.*/, "").trim())
  .filter(Boolean);

test("every line is a known directive with a value", () => {
  for (const line of lines) expect(line, line).toMatch(/^(user-agent|allow|disallow|sitemap|crawl-delay):\s*\S/i);
  expect(lines[0]).toMatch(/^user-agent:\s*\*$/i);
});

test("the public pages are not disallowed", () => {
  const disallowed = lines.filter((l) => /^disallow:/i.test(l)).map((l) => l.replace(/^disallow:\s*/i, ""));
  for (const path of [
    "/",
    "/bots",
    "/bots/witty-innkeeper",
    "/help",
    "/help/getting-started",
    "/creators",
    "/creators/casey",
    "/legal/terms",
    "/crisis",
    "/tutorials",
  ]) {
    expect(
      disallowed.filter((prefix) => path.startsWith(prefix)),
      path,
    ).toEqual([]);
  }
  // …while areas that answer only signed-in people are.
  expect(disallowed).toEqual(expect.arrayContaining(["/account", "/chat", "/staff"]));
});
