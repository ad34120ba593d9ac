/**
 * /account/export — "Download my data": what is in it, and the button that POSTs to
 * /account/export/download (a POST, so a link on another site cannot start it).
 * Allowed even before accepting new terms (that is the point of declining).
 */
import { requireUser } from "~/lib/auth/guards";
import type { Route } from "./+types/export";
import { PostForm } from "~/components/post-form";

export function meta() {
  return [{ title: "Download my data · BotCafe" }];
}

export function loader({ request, context }: Route.LoaderArgs) {
  requireUser({ request, context });
  return null;
}

export default function ExportPage() {
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <h1 className="text-2xl font-bold">Download my data</h1>
      <p className="text-stone-700">One ZIP file with everything BotCafe stores about you:</p>
      <ul className="ml-5 list-disc text-stone-700">
        <li>your profile, legal acceptances and sign-in sessions;</li>
        <li>your bots as Character Card V2 files, your knowledge, lorebooks and personas;</li>
        <li>every conversation as a SillyTavern chat file, and the memories bots keep;</li>
        <li>likes, favorites, ratings, follows and reports; support tickets;</li>
        <li>token history, payments and gifts; wellbeing settings and moods; notifications;</li>
        <li>your API keys listed without the keys themselves; the images you uploaded.</li>
      </ul>
      <PostForm action="/account/export/download">
        <button type="submit" className="rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-900">
          Download my data (ZIP)
        </button>
      </PostForm>
      <p className="text-sm text-stone-600">Large accounts take a little while: the file is built as it downloads.</p>
    </div>
  );
}
