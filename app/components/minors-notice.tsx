/** The suitability notice for minors (SB 243), as shown on pages: sign-up, a bot's page
 * and the chat. The Atom feeds carry the same sentence (app/lib/creators/atom.ts). */
import { MINORS_NOTICE } from "~/lib/wellbeing/minors-notice";

export function MinorsNotice() {
  return (
    <p role="note" data-testid="minors-notice" className="text-sm text-stone-700">
      {MINORS_NOTICE}
    </p>
  );
}
