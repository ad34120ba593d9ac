/**
 * Every POST form carries the per-session form token (app/lib/http/form-token.ts): JSX
 * forms through <PostForm>, the few HTML-string forms (streamed chat pages) through
 * formTokenInput() on the same line. A hand-written `<form method="post">` fails here.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(tsx?|jsx?)$/.test(name) ? [path] : [];
  });
}

test("no POST form is written outside PostForm (or without the token in an HTML string)", () => {
  const offenders: string[] = [];
  for (const file of sourceFiles("app")) {
    if (file === join("app", "components", "post-form.tsx")) continue;
    const text = readFileSync(file, "utf8");
    // Any <form …> opening tag (attributes may span lines) whose method is post.
    for (const match of text.matchAll(/<form\b[^>]*?\bmethod\s*=\s*\{?\s*["'`]post["'`]/gi)) {
      const lineStart = text.lastIndexOf("\n", match.index) + 1;
      const lineEnd = text.indexOf("\n", match.index);
      const line = text.slice(lineStart, lineEnd === -1 ? undefined : lineEnd);
      if (line.includes("formTokenInput(")) continue;
      offenders.push(`${file}:${text.slice(0, match.index).split("\n").length}: ${line.trim().slice(0, 80)}`);
    }
  }
  expect(offenders).toEqual([]);
});
