import { unzlibSync } from "fflate";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, test } from "vitest";
import { Portrait } from "~/components/portrait";
import { portrait } from "~/lib/art/portrait";
import { portraitCardPng } from "~/lib/art/raster";
import { readPngChunks } from "~/lib/cards/png";

/** The RGB rows of an 8-bit RGB PNG whose rows all use filter 0 (what the rasteriser writes). */
function pixels(png: Uint8Array) {
  const chunks = readPngChunks(png);
  const header = chunks.find((c) => c.type === "IHDR")!.data;
  const ihdr = new DataView(header.buffer, header.byteOffset, header.byteLength);
  const width = ihdr.getUint32(0);
  const height = ihdr.getUint32(4);
  const raw = unzlibSync(chunks.find((c) => c.type === "IDAT")!.data);
  const at = (x: number, y: number) => {
    const i = y * (1 + width * 3) + 1 + x * 3;
    return `${raw[i]},${raw[i + 1]},${raw[i + 2]}`;
  };
  return { width, height, at };
}

describe("generated portraits", () => {
  test("the same name always draws the same face, and names differ", () => {
    expect(portrait("Luna the Librarian")).toEqual(portrait("Luna the Librarian"));
    const faces = new Set(
      ["Luna", "Captain Rex", "Mira", "Professor Oak", "Sam", "Casey Creator", "Ada", "Zed"].map((name) =>
        JSON.stringify(portrait(name)),
      ),
    );
    expect(faces.size).toBeGreaterThanOrEqual(7);
  });

  test("inline SVG with no script, hidden from screen readers beside the name", () => {
    const html = renderToStaticMarkup(createElement(Portrait, { seed: "Luna", size: 56 }));
    expect(html).toContain("<svg");
    expect(html).toContain('aria-hidden="true"');
    expect(html).not.toMatch(/<script|on\w+=/i);
    expect(html.length).toBeLessThan(3000);
  });

  test("a card image without an avatar shows a face and the bot's name, not a flat square", async () => {
    const png = await portraitCardPng("Luna", "Luna");
    const { width, height, at } = pixels(png);
    expect([width, height]).toEqual([256, 320]);
    const colours = new Set<string>();
    for (let y = 0; y < 256; y += 4) for (let x = 0; x < 256; x += 4) colours.add(at(x, y));
    expect(colours.size).toBeGreaterThan(8);
    // The name band: dark, with white letters in it.
    const band = new Set<string>();
    for (let y = 256; y < 320; y++) for (let x = 0; x < 256; x++) band.add(at(x, y));
    expect(band).toContain("255,255,255");
    expect(band).toContain("31,41,55");
  });

  test("a long or non-Latin name still draws (cut to fit, unknown letters as spaces)", async () => {
    const long = await portraitCardPng(
      "x",
      "The Extraordinarily Long-Named Wandering Storyteller of the Northern Isles",
    );
    const other = await portraitCardPng("y", "月の魔女");
    expect(pixels(long).height).toBe(320);
    expect(pixels(other).height).toBe(320);
  });
});
