/** Import a character card (PNG or JSON; V1, V2, V3). Malformed files get a 400 that says
 * what is wrong, and nothing is created. */
import { redirect } from "react-router";
import { FileField, FormErrors, SubmitButton } from "~/components/form";
import { BotAllowanceNotice, UpgradeNotice } from "~/components/upgrade-notice";
import { requireUser } from "~/lib/auth/guards";
import { botAllowance, botLimitRefusal } from "~/lib/billing/limits";
import { importCard } from "~/lib/cards/import";
import { CardError, MAX_CARD_BYTES, parseCardFile } from "~/lib/cards/parse";
import { getApp } from "~/lib/context";
import { formValues, invalidWith } from "~/lib/forms";
import { enforceRateLimit } from "~/lib/http/rate-limit";
import { isEmptyFile } from "~/lib/media/upload";
import type { Route } from "./+types/import";
import { PostForm } from "~/components/post-form";

export function meta() {
  return [{ title: "Import a character card · BotCafe" }];
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireUser({ request, context });
  const { db, env } = getApp(context);
  return { allowance: await botAllowance(db, env.DB, env, user) };
}

export async function action({ request, context }: Route.ActionArgs) {
  const user = requireUser({ request, context });
  const { db, env } = getApp(context);
  await enforceRateLimit({ request, context }, "card_import", user.id);
  // Refuse an over-size body before reading it, as a 400 on this form (not a bare 413 page).
  const tooLarge = `That file is too large; cards may be at most ${MAX_CARD_BYTES / 1024 / 1024} MB.`;
  if (Number(request.headers.get("Content-Length") ?? "0") > MAX_CARD_BYTES + 64 * 1024)
    return invalidWith({}, { card: [tooLarge] });
  const overLimit = await botLimitRefusal(db, env.DB, env, user, request);
  if (overLimit) return overLimit;
  const formData = await request.formData();
  const values = formValues(formData);
  const file = formData.get("card");
  if (isEmptyFile(file) || typeof file === "string" || file === null)
    return invalidWith(values, { card: ["Choose a character card file (.png or .json)."] });
  if (file.size > MAX_CARD_BYTES) return invalidWith(values, { card: [tooLarge] });
  try {
    const card = parseCardFile(new Uint8Array(await file.arrayBuffer()));
    const { slug } = await importCard({ db, d1: env.DB, bucket: env.MEDIA }, card, user.id);
    throw redirect(`/bots/${slug}/import-report`);
  } catch (error) {
    if (error instanceof CardError) return invalidWith(values, { card: [error.message] });
    throw error;
  }
}

export default function ImportCard({ loaderData, actionData }: Route.ComponentProps) {
  return (
    <div className="mx-auto max-w-2xl">
      <h1 className="text-2xl font-bold">Import a character card</h1>
      <p className="mt-1 text-sm">
        <a href="/help/import-character-card" className="text-brand-700 underline">
          Help: importing character cards
        </a>
      </p>
      <p className="mt-2 text-stone-700">
        Bring a character from SillyTavern, Chub, RisuAI or another tool: a card PNG (with the card inside it) or a card
        JSON file, Character Card V1, V2 or V3. The bot is created as private so you can check it first; its lorebook
        becomes world info.
      </p>
      <PostForm
        encType="multipart/form-data"
        noValidate
        className="mt-4 rounded-lg border border-stone-200 bg-white p-4"
      >
        <FormErrors state={actionData} />
        {actionData ? <UpgradeNotice state={actionData} /> : <BotAllowanceNotice allowance={loaderData.allowance} />}
        <FileField
          label="Card file"
          name="card"
          state={actionData}
          accept="image/png,application/json,.json,.png"
          hint="A .png or .json file up to 2 MB."
        />
        <SubmitButton>Import card</SubmitButton>
      </PostForm>
    </div>
  );
}
