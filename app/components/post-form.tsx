/**
 * Every POST form in the app: `<form method="post">` plus the per-session form token
 * (app/lib/http/form-token.ts) as a hidden field, so a browser that sends neither Origin
 * nor Referer can still post — with no JavaScript. The token comes from the root loader.
 * tests/unit/post-forms.test.ts fails if a `<form method="post">` is written by hand.
 */
import type { FormHTMLAttributes } from "react";
import { useRouteLoaderData } from "react-router";
import { FORM_TOKEN_FIELD } from "~/lib/http/form-token-field";
import type { loader as rootLoader } from "~/root";

export type PostFormProps = Omit<FormHTMLAttributes<HTMLFormElement>, "method">;

export function PostForm({ children, ...props }: PostFormProps) {
  const token = useRouteLoaderData<typeof rootLoader>("root")?.formToken;
  return (
    <form method="post" {...props}>
      {token ? <input type="hidden" name={FORM_TOKEN_FIELD} value={token} /> : null}
      {children}
    </form>
  );
}
