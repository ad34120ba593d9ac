/**
 * The per-session form token's field name, and the hidden input for the few forms that
 * are HTML strings rather than React (streamed chat pages). Kept apart from
 * ./form-token.ts so components import a name, not the server's signing code.
 */
export const FORM_TOKEN_FIELD = "_form_token";

/** The hidden input carrying the token; empty when there is none (a server without a secret). */
export function formTokenInput(token: string | null | undefined): string {
  // Tokens are base64url: nothing in them needs escaping.
  return token && /^[A-Za-z0-9_-]+$/.test(token)
    ? `<input type="hidden" name="${FORM_TOKEN_FIELD}" value="${token}">`
    : "";
}
