import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { expect, test } from "vitest";
import { BarChart } from "~/components/charts/bar-chart";
import { LineChart } from "~/components/charts/line-chart";
import { labelIndices, linePath, niceMax, yTicks } from "~/components/charts/scale";

test("niceMax rounds up to 1, 2 or 5 times a power of ten", () => {
  expect([0, -3, Number.NaN].map(niceMax)).toEqual([1, 1, 1]);
  expect([1, 3, 7, 10, 11, 19, 21, 49, 51, 999, 1001].map(niceMax)).toEqual([
    1, 5, 10, 10, 20, 20, 50, 50, 100, 1000, 2000,
  ]);
});

test("yTicks are whole numbers from 0 to the top", () => {
  expect(yTicks(1)).toEqual([0, 1]);
  expect(yTicks(5)).toEqual([0, 1, 2, 3, 4, 5]);
  expect(yTicks(10)).toEqual([0, 2, 4, 6, 8, 10]);
  expect(yTicks(20)).toEqual([0, 5, 10, 15, 20]);
  expect(yTicks(50)).toEqual([0, 10, 20, 30, 40, 50]);
  expect(yTicks(2000)).toEqual([0, 500, 1000, 1500, 2000]);
});

test("linePath maps values onto the plot, 0 at the bottom and top at the top", () => {
  const plot = { left: 10, top: 0, width: 100, height: 50 };
  expect(linePath([0, 5, 10], 10, plot)).toBe("M10 50 L60 25 L110 0");
});

test("labelIndices labels the first, last and every Nth point without crowding the end", () => {
  expect(labelIndices(30, 7)).toEqual([0, 7, 14, 21, 29]);
  expect(labelIndices(29, 7)).toEqual([0, 7, 14, 21, 28]);
  expect(labelIndices(23, 7)).toEqual([0, 7, 14, 22]);
  expect(labelIndices(1, 7)).toEqual([0]);
});

test("the line chart is an SVG image with an accessible title and description, one path per series", () => {
  const html = renderToStaticMarkup(
    createElement(LineChart, {
      title: "Followers <per> day",
      description: "3 new followers",
      labels: ["Nov 1", "Nov 2", "Nov 3"],
      series: [
        { name: "Likes", values: [1, 2, 3] },
        { name: "Favorites", values: [0, 0, 1] },
      ],
    }),
  );
  expect(html).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="[^"]+-title [^"]+-desc"/);
  expect(html).toContain("<title");
  expect(html).toContain("Followers &lt;per&gt; day</title>");
  expect(html).toContain("3 new followers</desc>");
  expect(html.match(/<path /g)).toHaveLength(2);
  expect(html).toContain("Favorites");
  expect(html).not.toContain("<script");
});

test("a line chart with one point marks it and says so instead of drawing an empty box", () => {
  const html = renderToStaticMarkup(
    createElement(LineChart, {
      title: "Mood",
      description: "1 day",
      labels: ["Nov 3"],
      series: [{ name: "Mood score", values: [7] }],
    }),
  );
  expect(html).toMatch(/<circle [^>]*r="5"/);
  expect(html).toContain("Only one day so far (Nov 3)");
});

test("the bar chart draws one bar per item, scaled to the largest", () => {
  const html = renderToStaticMarkup(
    createElement(BarChart, {
      title: "Conversations per bot",
      description: "Top bots",
      bars: [
        { label: "Alpha", value: 100 },
        { label: "A very long bot name that will be shortened", value: 50 },
      ],
    }),
  );
  const widths = [...html.matchAll(/<rect[^>]*width="([\d.]+)"/g)].map((m) => Number(m[1]));
  expect(widths).toHaveLength(2);
  expect(widths[0]).toBeCloseTo(widths[1]! * 2, 0);
  expect(html).toContain("Conversations per bot</title>");
  expect(html).toContain("…");
});
