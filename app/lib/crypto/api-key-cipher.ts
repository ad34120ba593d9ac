/**
 * Encrypts users' provider API keys at rest: AES-256-GCM through WebCrypto, a fresh
 * 96-bit nonce for every encryption, the key from the ENCRYPTION_KEY secret (32 bytes,
 * base64). The owner's id is bound in as additional data, so a ciphertext copied onto
 * another user's row does not decrypt.
 *
 * Stored form: `v1.<base64 nonce>.<base64 ciphertext+tag>`.
 */
import { isLocalMode, type LocalModeEnv } from "../runtime/local-mode";

export class EncryptionUnavailableError extends Error {
  constructor() {
    super("API keys cannot be stored: the ENCRYPTION_KEY secret is not configured.");
    this.name = "EncryptionUnavailableError";
  }
}

type CipherEnv = LocalModeEnv & { ENCRYPTION_KEY?: string };

// Local mode only (app/lib/runtime/local-mode.ts): a fixed key so `npm start` works with
// no secrets. Anywhere else a missing ENCRYPTION_KEY means keys cannot be saved or read.
const DEV_KEY_MATERIAL = "botcafe-local-development-key-not-for-production";

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const fromBase64 = (text: string): Uint8Array<ArrayBuffer> => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
const encoder = new TextEncoder();

/** The AES key for this environment, or an EncryptionUnavailableError outside local mode without the secret. */
export async function encryptionKeyFor(env: CipherEnv): Promise<CryptoKey> {
  let raw: Uint8Array<ArrayBuffer>;
  if (env.ENCRYPTION_KEY) {
    raw = fromBase64(env.ENCRYPTION_KEY.trim());
    if (raw.length !== 32) throw new Error("ENCRYPTION_KEY must be 32 bytes, base64-encoded.");
  } else if (isLocalMode(env)) {
    raw = new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(DEV_KEY_MATERIAL)));
  } else {
    throw new EncryptionUnavailableError();
  }
  return crypto.subtle.importKey("raw", raw, { name: "AES-GCM" }, false, ["encrypt", "decrypt"]);
}

const additionalData = (ownerId: string) => encoder.encode(`api_key:${ownerId}`);

export async function encryptSecret(key: CryptoKey, plaintext: string, ownerId: string): Promise<string> {
  const nonce = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv: nonce, additionalData: additionalData(ownerId) },
    key,
    encoder.encode(plaintext),
  );
  return `v1.${toBase64(nonce)}.${toBase64(new Uint8Array(sealed))}`;
}

export async function decryptSecret(key: CryptoKey, stored: string, ownerId: string): Promise<string> {
  const [version, nonce, sealed] = stored.split(".");
  if (version !== "v1" || !nonce || !sealed) throw new Error("Unrecognised encrypted value.");
  const plain = await crypto.subtle.decrypt(
    { name: "AES-GCM", iv: fromBase64(nonce), additionalData: additionalData(ownerId) },
    key,
    fromBase64(sealed),
  );
  return new TextDecoder().decode(plain);
}

/** What a page may show of a key: its last four characters. */
export function keyHint(plaintext: string): string {
  return plaintext.trim().slice(-4);
}
