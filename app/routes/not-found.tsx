/** Any path no other route matches: a real 404 through the root error boundary. */
import { notFound } from "~/lib/auth/guards";

export function loader() {
  notFound();
}

export function action() {
  notFound();
}

export default function NotFound() {
  return null;
}
