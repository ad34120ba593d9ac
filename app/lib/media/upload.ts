/**
 * Image uploads: checked by content (magic bytes), size and pixel dimensions, stored in R2
 * (`MEDIA`; miniflare's local R2 by default) and recorded in `media` with the type, size
 * and dimensions read from the file. Served back by the /media/* route.
 */
import { data } from "react-router";
import type { DB } from "#db/schema";
import { newId } from "../ids";
import { extensionFor, readImageInfo } from "./image-info";
import { formatBytes, MAX_IMAGE_BYTES, MAX_IMAGE_SIDE } from "./limits";

export { formatBytes, MAX_IMAGE_BYTES, MAX_IMAGE_SIDE } from "./limits";

export interface StoredMedia {
  id: string;
  url: string;
  mimeType: string;
  filesize: number;
  width: number;
  height: number;
}

export type UploadResult = { ok: true; media: StoredMedia } | { ok: false; error: string };

/**
 * Bodies up to this size are read, so an image that is merely too big (a phone photo of a
 * few MB) gets the form back with its error and everything typed kept; only a body past
 * this is refused unread.
 */
const MAX_UPLOAD_REQUEST_BYTES = 12 * 1024 * 1024;
/** A multipart body may carry a few fields beside its files. */
const MAX_FORM_OVERHEAD_BYTES = 64 * 1024;

/**
 * Refuse an absurdly large body before parsing it (a 413 page), so it never has to be read
 * into memory. Call before `request.formData()` on any form that takes a file.
 */
export function assertUploadSize(request: Request, maxFileBytes = MAX_IMAGE_BYTES, files = 1): void {
  const limit = Math.max(MAX_UPLOAD_REQUEST_BYTES, maxFileBytes * files + MAX_FORM_OVERHEAD_BYTES);
  const length = Number(request.headers.get("Content-Length") ?? "0");
  if (length > limit) {
    throw data(
      {
        message: `That upload is too large (over ${formatBytes(limit)}). Images may be at most ${formatBytes(maxFileBytes)}.`,
      },
      { status: 413 },
    );
  }
}

/** A file input left empty arrives as a File with no name and no bytes — or, in workerd,
 * as the empty string. */
export function isEmptyFile(value: FormDataEntryValue | null): boolean {
  return value === null || value === "" || (typeof value !== "string" && value.size === 0 && !value.name);
}

/** Check an uploaded image without storing it: the error message to show, or its info. */
export async function inspectImage(value: FormDataEntryValue | null, maxBytes = MAX_IMAGE_BYTES) {
  if (value === null || typeof value === "string")
    return { ok: false as const, error: "Choose an image file to upload." };
  if (value.size === 0) return { ok: false as const, error: "That file is empty." };
  if (value.size > maxBytes)
    return {
      ok: false as const,
      error: `That image is ${formatBytes(value.size)}; the limit is ${formatBytes(maxBytes)}.`,
    };
  const bytes = new Uint8Array(await value.arrayBuffer());
  const info = readImageInfo(bytes);
  if (!info) return { ok: false as const, error: "That file is not a PNG, JPEG, GIF or WebP image." };
  if (info.width > MAX_IMAGE_SIDE || info.height > MAX_IMAGE_SIDE) {
    return {
      ok: false as const,
      error: `That image is ${info.width}×${info.height} pixels; the limit is ${MAX_IMAGE_SIDE}×${MAX_IMAGE_SIDE}.`,
    };
  }
  return { ok: true as const, bytes, info, filename: value.name };
}

export async function storeImage(
  deps: { db: DB; bucket: R2Bucket },
  value: FormDataEntryValue | null,
  options: { uploadedBy: string; alt?: string; maxBytes?: number },
): Promise<UploadResult> {
  const checked = await inspectImage(value, options.maxBytes);
  if (!checked.ok) return checked;
  return storeImageBytes(deps, checked.bytes, { ...options, filename: checked.filename });
}

/** Store bytes already known to be an image (e.g. a character card PNG). */
export async function storeImageBytes(
  { db, bucket }: { db: DB; bucket: R2Bucket },
  bytes: Uint8Array,
  options: { uploadedBy: string; alt?: string; filename?: string },
): Promise<UploadResult> {
  const info = readImageInfo(bytes);
  if (!info) return { ok: false, error: "That file is not a PNG, JPEG, GIF or WebP image." };
  const id = newId();
  const key = `images/${id}.${extensionFor(info.mime)}`;
  await bucket.put(key, bytes, {
    httpMetadata: { contentType: info.mime, cacheControl: "public, max-age=31536000, immutable" },
  });
  const media: StoredMedia = {
    id,
    url: `/media/${key}`,
    mimeType: info.mime,
    filesize: bytes.byteLength,
    width: info.width,
    height: info.height,
  };
  await db
    .insertInto("media")
    .values({
      id,
      url: media.url,
      storage_key: key,
      filename: (options.filename || `image.${extensionFor(info.mime)}`).slice(0, 200),
      mime_type: info.mime,
      filesize: bytes.byteLength,
      width: info.width,
      height: info.height,
      alt: options.alt ?? null,
      uploaded_by_id: options.uploadedBy,
    })
    .execute();
  return { ok: true, media };
}

/** Remove a stored image (when replaced or its owner is deleted). */
export async function deleteMedia({ db, bucket }: { db: DB; bucket: R2Bucket }, mediaId: string): Promise<void> {
  const row = await db.deleteFrom("media").where("id", "=", mediaId).returning("storage_key").executeTakeFirst();
  if (row) await bucket.delete(row.storage_key);
}
