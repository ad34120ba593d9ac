/**
 * Finding 3 of the security review: `/sign-in?redirectTo=%2F%09%2Fevil.example%2Fphish`
 * answered `Location: /\t/evil.example/phish`, which Chromium follows to evil.example.
 * Every target is now parsed as a browser would, against our origin.
 */
import { describe, expect, test } from "vitest";
import { safeRedirectPath } from "~/lib/auth/guards";

const ORIGIN = "https://botcafe.example";
/** Where a browser on our site goes when it reads this Location header. */
const browserDestination = (location: string) => new URL(location, ORIGIN);

describe("safeRedirectPath", () => {
  test("same-site paths pass, query and fragment kept", () => {
    expect(safeRedirectPath("/bots?page=2")).toBe("/bots?page=2");
    expect(safeRedirectPath("/chat/abc#latest")).toBe("/chat/abc#latest");
    expect(safeRedirectPath("/creators/%2F%2Fname")).toBe("/creators/%2F%2Fname");
    expect(safeRedirectPath(null, "/home")).toBe("/home");
    expect(safeRedirectPath("", "/home")).toBe("/home");
  });

  const attacks = [
    "/\t/evil.example/phish", // the review's case, decoded from %2F%09%2F
    "/\n/evil.example",
    "/\r\n/evil.example",
    "/ \t/evil.example",
    "\t//evil.example",
    "//evil.example/",
    "///evil.example",
    "/\\evil.example",
    "\\/evil.example",
    "/\\/evil.example",
    "/.//evil.example",
    "/..//evil.example",
    "/%2e//evil.example",
    "https://evil.example/",
    "https:evil.example",
    "javascript:alert(1)",
    "evil.example",
    " /evil",
    "/\u0000/evil.example",
    `/${"a".repeat(3000)}`,
  ];

  test.each(attacks)("refuses %j", (target) => {
    expect(safeRedirectPath(target, "/fallback")).toBe("/fallback");
  });

  test("whatever it returns, a browser stays on our origin", () => {
    const inputs = [
      ...attacks,
      "/ok",
      "/%09/evil.example",
      "/%5C/evil.example",
      "/%2F%2Fevil.example",
      "/a/../b",
      "/?next=//evil.example",
    ];
    for (const input of inputs) {
      const location = safeRedirectPath(input);
      expect(browserDestination(location).origin, input).toBe(ORIGIN);
      expect(location.startsWith("//"), input).toBe(false);
    }
  });

  test("encoded tricks stay encoded paths on our site", () => {
    expect(safeRedirectPath("/%09/evil.example")).toBe("/%09/evil.example");
    expect(safeRedirectPath("/%5C/evil.example")).toBe("/%5C/evil.example");
  });
});
