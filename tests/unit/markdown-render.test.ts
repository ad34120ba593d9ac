import { describe, expect, test } from "vitest";
import { markdownToPlainText, renderChatMessage, renderDocument, slugifyHeading } from "~/lib/markdown/render";

const XSS_PAYLOADS = [
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  "[click](javascript:alert(1))",
  "[click](JaVaScRiPt:alert(1))",
  "[click](vbscript:msgbox(1))",
  "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
  "![x](javascript:alert(1))",
  '<a href="javascript:alert(1)">x</a>',
  "<svg onload=alert(1)>",
  "<iframe src=//evil.example></iframe>",
  '[x](" onmouseover="alert(1))',
  "`<script>` and **<b onclick=alert(1)>bold</b>**",
];

describe("markdown rendering is safe by default", () => {
  for (const payload of XSS_PAYLOADS) {
    test(`no executable markup from ${JSON.stringify(payload)}`, () => {
      for (const html of [renderDocument(payload).html, renderChatMessage(payload)]) {
        // Only real tags count: escaped text (&lt;script&gt;) is harmless.
        const tags = html.match(/<[a-z][^>]*>/gi) ?? [];
        const allowed = /^<(p|em|strong|code|pre|a|ul|ol|li|blockquote|br|h[1-6])[\s>]/i;
        for (const tag of tags) {
          expect(tag).toMatch(allowed);
          expect(tag).not.toMatch(/\son\w+=/i);
          expect(tag).not.toMatch(/href="\s*(javascript|vbscript|data):/i);
        }
      }
    });
  }
});

test("documents get heading anchors and a table of contents", () => {
  const { html, toc } = renderDocument("# Title\n\n## First steps\n\ntext\n\n### Sign in\n\n## First steps\n");
  expect(html).toContain('<h2 id="first-steps">First steps</h2>');
  expect(html).toContain('<h2 id="first-steps-2">First steps</h2>');
  expect(toc).toEqual([
    { level: 2, text: "First steps", id: "first-steps" },
    { level: 3, text: "Sign in", id: "sign-in" },
    { level: 2, text: "First steps", id: "first-steps-2" },
  ]);
});

test("chat messages render actions as italics, keep line breaks and drop headings", () => {
  const html = renderChatMessage("*waves* Hello **friend**\n# not a heading\n- one\n- two");
  expect(html).toContain("<em>waves</em>");
  expect(html).toContain("<strong>friend</strong>");
  expect(html).toContain("<br>");
  expect(html).not.toContain("<h1");
  expect(html).toContain("<li>one</li>");
});

test("external links are marked nofollow noopener", () => {
  expect(renderDocument("[site](https://example.com)").html).toContain('rel="nofollow noopener noreferrer"');
  expect(renderDocument("[help](/help/memories)").html).not.toContain("nofollow");
});

test("slugs and plain text", () => {
  expect(slugifyHeading("Café & Crème!")).toBe("cafe-creme");
  expect(markdownToPlainText("## Hi\n\n**bold** <b>x</b>")).toBe("Hi bold <b>x</b>");
});
