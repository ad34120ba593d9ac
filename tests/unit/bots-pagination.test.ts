import { expect, test } from "vitest";
import { pageHref, pageWindow, parsePage, totalPagesFor } from "~/components/pagination";
import { parseTags } from "~/lib/bots/form";
import { slugify } from "~/lib/bots/slug";

test("page URLs are stable: fixed key order, empty values dropped, page 1 has no page", () => {
  expect(pageHref("/bots", { q: "dragon tea", tag: "", sort: "newest" }, 1)).toBe("/bots?q=dragon+tea&sort=newest");
  expect(pageHref("/bots", { q: "dragon tea", tag: "", sort: "newest" }, 3)).toBe(
    "/bots?q=dragon+tea&sort=newest&page=3",
  );
  expect(pageHref("/bots", { tag: "sci-fi&x=1" }, 2)).toBe("/bots?tag=sci-fi%26x%3D1&page=2");
  expect(pageHref("/my/bots", {}, 1)).toBe("/my/bots");
});

test("page numbers are read safely and windowed with gaps", () => {
  expect([
    parsePage(null),
    parsePage("0"),
    parsePage("-3"),
    parsePage("2.5"),
    parsePage("abc"),
    parsePage("7"),
    parsePage("99999999"),
  ]).toEqual([1, 1, 1, 1, 1, 7, 1]);
  expect(pageWindow(1, 1)).toEqual([1]);
  expect(pageWindow(6, 16)).toEqual([1, null, 4, 5, 6, 7, 8, null, 16]);
  expect(pageWindow(2, 5)).toEqual([1, 2, 3, 4, 5]);
  expect(totalPagesFor(0, 20)).toBe(1);
  expect(totalPagesFor(41, 20)).toBe(3);
});

test("slugs and tags are normalised", () => {
  expect(slugify("  Élise & the Dragon's Tea!  ")).toBe("elise-the-dragon-s-tea");
  expect(slugify("import")).toBe("import-bot");
  expect(parseTags("Fantasy,  cozy , ,FANTASY, sci  fi")).toEqual(["fantasy", "cozy", "sci fi"]);
});
