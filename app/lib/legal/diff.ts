/**
 * What changed between two versions of a document, paragraph by paragraph: a longest
 * common subsequence over paragraphs (blank-line separated, whitespace-normalised), so a
 * reworded paragraph shows as one removed and one added. Documents are a few hundred
 * paragraphs at most, so the O(n·m) table is small.
 */
export type DiffPart = { kind: "same" | "added" | "removed"; text: string };

export function paragraphs(markdown: string): string[] {
  return markdown
    .replace(/\r\n?/g, "\n")
    .split(/\n\s*\n/)
    .map((p) => p.trim().replace(/[ \t]+/g, " "))
    .filter(Boolean);
}

export function diffParagraphs(before: string, after: string): DiffPart[] {
  const a = paragraphs(before);
  const b = paragraphs(after);
  // lcs[i][j] = length of the LCS of a[i..] and b[j..]
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const parts: DiffPart[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      parts.push({ kind: "same", text: a[i]! });
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) {
      parts.push({ kind: "removed", text: a[i++]! });
    } else {
      parts.push({ kind: "added", text: b[j++]! });
    }
  }
  while (i < a.length) parts.push({ kind: "removed", text: a[i++]! });
  while (j < b.length) parts.push({ kind: "added", text: b[j++]! });
  return parts;
}
