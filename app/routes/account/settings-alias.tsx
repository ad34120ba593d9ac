/** /settings — people look for settings here; everything lives on the account page. */
import { redirect } from "react-router";

export function loader() {
  throw redirect("/account", 301);
}
