/**
 * Finding 10 of the security review: a 30-byte PNG header and a GIF/HTML polyglot were
 * stored as images. readImageInfo now decodes enough of each format to know it is one.
 */
import { describe, expect, test } from "vitest";
import { readImageInfo } from "~/lib/media/image-info";
import { crc32, makeGif, makeJpegHeader, makePng, makeWebpVp8x } from "../support/images";

const text = (s: string) => new TextEncoder().encode(s);
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

/** Split a PNG into its chunks and join them back (with fresh CRCs), to build variants. */
function pngChunks(png: Uint8Array) {
  const view = new DataView(png.buffer, png.byteOffset);
  const chunks: { type: string; data: Uint8Array }[] = [];
  for (let o = 8; o < png.length;) {
    const length = view.getUint32(o);
    chunks.push({ type: String.fromCharCode(...png.subarray(o + 4, o + 8)), data: png.slice(o + 8, o + 8 + length) });
    o += 12 + length;
  }
  return chunks;
}
function pngFrom(chunks: { type: string; data: Uint8Array }[]) {
  return concat(
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    ...chunks.map(({ type, data }) => {
      const out = new Uint8Array(12 + data.length);
      const view = new DataView(out.buffer);
      view.setUint32(0, data.length);
      out.set(text(type), 4);
      out.set(data, 8);
      view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
      return out;
    }),
  );
}

describe("PNG", () => {
  test("a real PNG passes; a 30-byte header (signature + IHDR) does not", async () => {
    const png = await makePng(20, 10);
    expect(readImageInfo(png)).toEqual({ mime: "image/png", width: 20, height: 10 });
    expect(readImageInfo(png.subarray(0, 33))).toBeNull(); // signature + complete IHDR
    expect(readImageInfo(png.subarray(0, 30))).toBeNull();
    const [ihdr, , iend] = pngChunks(png);
    expect(readImageInfo(pngFrom([ihdr!, iend!]))).toBeNull(); // header and end, no pixels
  });

  test("a wrong CRC, HTML after IEND, or pixel data that does not fill the image is refused", async () => {
    const png = await makePng(20, 10);
    const corrupt = png.slice();
    corrupt[30] = corrupt[30]! ^ 0xff; // a byte of IHDR's CRC
    expect(readImageInfo(corrupt)).toBeNull();
    expect(readImageInfo(concat(png, text("<html><script>alert(1)</script></html>")))).toBeNull();
    const [ihdr, idat, iend] = pngChunks(png);
    const taller = ihdr!.data.slice();
    new DataView(taller.buffer).setUint32(4, 11); // claims one more row than the data holds
    expect(readImageInfo(pngFrom([{ type: "IHDR", data: taller }, idat!, iend!]))).toBeNull();
    expect(readImageInfo(pngFrom([ihdr!, { type: "IDAT", data: text("not deflate data") }, iend!]))).toBeNull();
    const badColour = ihdr!.data.slice();
    badColour[8] = 3; // bit depth 3 exists for no colour type
    expect(readImageInfo(pngFrom([{ type: "IHDR", data: badColour }, idat!, iend!]))).toBeNull();
  });

  test("chunks a card carries (tEXt) are fine", async () => {
    const [ihdr, idat, iend] = pngChunks(await makePng(4, 4));
    expect(readImageInfo(pngFrom([ihdr!, { type: "tEXt", data: text("chara\0e30=") }, idat!, iend!]))).toEqual({
      mime: "image/png",
      width: 4,
      height: 4,
    });
  });
});

describe("GIF", () => {
  test("a real GIF passes; a GIF/HTML polyglot does not", () => {
    expect(readImageInfo(makeGif(16, 16))).toEqual({ mime: "image/gif", width: 16, height: 16 });
    expect(readImageInfo(text("GIF89a/*<html><body><script>alert(1)</script></body></html>*/=1;"))).toBeNull();
    expect(readImageInfo(concat(makeGif(16, 16), text("<script>alert(1)</script>")))).toBeNull();
  });

  test("markup hidden in a comment extension, a GIF without an image, or without a trailer is refused", () => {
    const gif = makeGif(16, 16);
    const comment = concat(new Uint8Array([0x21, 0xfe, 25]), text("<script>alert(1)</script>"), new Uint8Array([0]));
    expect(readImageInfo(concat(gif.subarray(0, 19), comment, gif.subarray(19)))).toBeNull();
    expect(readImageInfo(concat(gif.subarray(0, 19), new Uint8Array([0x3b])))).toBeNull();
    expect(readImageInfo(gif.subarray(0, gif.length - 1))).toBeNull();
  });
});

describe("JPEG", () => {
  test("a complete JPEG passes; one that stops after its frame header does not", () => {
    const jpeg = makeJpegHeader(64, 32);
    expect(readImageInfo(jpeg)).toEqual({ mime: "image/jpeg", width: 64, height: 32 });
    const sos = jpeg.findIndex((b, i) => b === 0xff && jpeg[i + 1] === 0xda);
    expect(readImageInfo(concat(jpeg.subarray(0, sos), new Uint8Array([0xff, 0xd9])))).toBeNull(); // no scan
    expect(readImageInfo(jpeg.subarray(0, jpeg.length - 2))).toBeNull(); // no end of image
    expect(readImageInfo(concat(new Uint8Array([0xff, 0xd8, 0xff]), text("<html>")))).toBeNull();
  });
});

describe("WebP", () => {
  test("a canvas with a bitstream passes; a canvas alone or a wrong RIFF size does not", () => {
    const webp = makeWebpVp8x(300, 200);
    expect(readImageInfo(webp)).toEqual({ mime: "image/webp", width: 300, height: 200 });
    const canvasOnly = webp.slice(0, 30);
    new DataView(canvasOnly.buffer).setUint32(4, 22, true);
    expect(readImageInfo(canvasOnly)).toBeNull();
    expect(readImageInfo(concat(webp, text("<html></html>")))).toBeNull();
  });
});
