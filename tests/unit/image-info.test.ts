import { expect, test } from "vitest";
import { readImageInfo } from "~/lib/media/image-info";
import { makeGif, makeJpegHeader, makePng, makeWebpVp8x } from "../support/images";

test("reads PNG type and size from the header", async () => {
  expect(readImageInfo(await makePng(37, 21))).toEqual({ mime: "image/png", width: 37, height: 21 });
});

test("reads GIF, JPEG (past an APP0 segment) and WebP sizes", () => {
  expect(readImageInfo(makeGif(640, 480))).toEqual({ mime: "image/gif", width: 640, height: 480 });
  expect(readImageInfo(makeJpegHeader(1024, 768))).toEqual({ mime: "image/jpeg", width: 1024, height: 768 });
  expect(readImageInfo(makeWebpVp8x(300, 200))).toEqual({ mime: "image/webp", width: 300, height: 200 });
});

test("refuses what is not an image, whatever its name says", () => {
  expect(readImageInfo(new TextEncoder().encode("<svg xmlns='http://www.w3.org/2000/svg'/>"))).toBeNull();
  expect(readImageInfo(new TextEncoder().encode("GIF8"))).toBeNull();
  expect(readImageInfo(new Uint8Array([0x89, 0x50, 0x4e, 0x47]))).toBeNull();
  expect(readImageInfo(new Uint8Array())).toBeNull();
});

test("refuses a zero-sized image header", () => {
  expect(readImageInfo(makeGif(0, 10))).toBeNull();
});
