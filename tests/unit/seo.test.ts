import { expect, test } from "vitest";
import { canonicalLink, metaDescription } from "~/lib/seo";

test("a description is one line of at most 155 characters, cut at a word", () => {
  expect(metaDescription("  Short   and\nsweet. ")).toEqual({ name: "description", content: "Short and sweet." });
  const long = metaDescription("word ".repeat(60)).content;
  expect(long.length).toBeLessThanOrEqual(155);
  expect(long).toMatch(/^(word )+word…$/);
});

test("canonical links are absolute", () => {
  expect(canonicalLink("https://botcafe.example", "/bots?q=tea")).toEqual({
    tagName: "link",
    rel: "canonical",
    href: "https://botcafe.example/bots?q=tea",
  });
});
