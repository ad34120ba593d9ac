/** Upload limits, shared by the checks (server) and the forms that describe them. */
export const MAX_IMAGE_BYTES = 2 * 1024 * 1024;
export const MAX_IMAGE_SIDE = 4096;
/** What an image file input offers to pick; the server still checks the bytes. */
export const IMAGE_ACCEPT = "image/png,image/jpeg,image/gif,image/webp";

export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MB`
    : `${Math.ceil(bytes / 1024)} KB`;
}
