/**
 * /crisis — the directory of crisis resources, open to everyone (signed in or not), by
 * region, category and type. The region starts as the person's saved preference, else
 * the country their request came from, else the international directory.
 */
import { redirect } from "react-router";
import { z } from "zod";
import { CrisisResourceCard } from "~/components/crisis-resource-card";
import { FormErrors, SubmitButton } from "~/components/form";
import { getOptionalUser, requireUser } from "~/lib/auth/guards";
import { getApp } from "~/lib/context";
import { invalid, parseSubmission } from "~/lib/forms";
import { saveCrisisRegion } from "~/lib/wellbeing/preferences";
import {
  chooseRegion,
  CRISIS_REGIONS,
  REGION_LABELS,
  requestCountry,
  type CrisisRegion,
} from "~/lib/wellbeing/regions";
import {
  CRISIS_CATEGORIES,
  CRISIS_TYPES,
  directoryQuery,
  TYPE_LABELS,
  type CrisisResource,
} from "~/lib/wellbeing/resources";
import type { Route } from "./+types/crisis";
import { PostForm } from "~/components/post-form";

export function meta() {
  return [
    { title: "Crisis support · BotCafe" },
    { name: "description", content: "Free, confidential crisis lines and services, by region." },
  ];
}

// Unknown values in the address are ignored (a filter that does not exist filters nothing).
const filterSchema = z.object({
  region: z
    .enum([...CRISIS_REGIONS, "all"])
    .optional()
    .catch(undefined),
  category: z.enum(CRISIS_CATEGORIES).optional().catch(undefined),
  type: z.enum(CRISIS_TYPES).optional().catch(undefined),
});

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = getOptionalUser({ context });
  const { db } = getApp(context);
  const params = new URL(request.url).searchParams;
  const filter = filterSchema.parse({
    region: params.get("region") ?? undefined,
    category: params.get("category") ?? undefined,
    type: params.get("type") ?? undefined,
  });
  const saved = user
    ? ((
        await db.selectFrom("self_moderation").select("crisis_region").where("user_id", "=", user.id).executeTakeFirst()
      )?.crisis_region ?? null)
    : null;
  const yourRegion = chooseRegion(saved, requestCountry(request));
  const region: CrisisRegion | null = filter.region === "all" ? null : (filter.region ?? yourRegion);
  const resources = (await directoryQuery(db, {
    region,
    category: filter.category,
    type: filter.type,
  }).execute()) as CrisisResource[];
  return {
    resources,
    region: filter.region === "all" ? "all" : region,
    yourRegion,
    savedRegion: saved,
    category: filter.category ?? "",
    type: filter.type ?? "",
    signedIn: user !== null,
    saved: params.has("saved"),
  };
}

const preferenceSchema = z.object({
  intent: z.literal("save-region"),
  crisis_region: z.enum([...CRISIS_REGIONS, "auto"], { error: "Choose a region from the list." }),
});

export async function action({ request, context }: Route.ActionArgs) {
  const user = requireUser({ request, context });
  const submission = parseSubmission(await request.formData(), preferenceSchema);
  if (submission.status === "invalid") return invalid(submission);
  const region = submission.value.crisis_region === "auto" ? null : submission.value.crisis_region;
  await saveCrisisRegion(getApp(context).db, user.id, region, new Date()).execute();
  throw redirect("/crisis?saved=1", 303);
}

const selectClass = "mt-1 block w-full rounded border border-stone-300 bg-white px-3 py-2";

export default function Crisis({ loaderData, actionData }: Route.ComponentProps) {
  const { resources, region, yourRegion, savedRegion, category, type, signedIn, saved } = loaderData;
  return (
    <div className="mx-auto max-w-3xl">
      <h1 className="text-2xl font-bold">Crisis support</h1>
      <div className="mt-3 rounded-lg border border-red-200 bg-red-50 p-4 text-red-950">
        <p className="font-semibold">
          If you or someone else is in immediate danger, call your local emergency number now.
        </p>
        <p className="mt-1">
          If you are thinking about suicide or hurting yourself, you can talk to a real person, for free, right now. The
          lines below are run by people, not by BotCafe and not by an AI.
        </p>
      </div>
      {saved ? (
        <p role="status" className="mt-4 rounded border border-green-300 bg-green-50 p-3 text-green-900">
          Saved. Crisis notices in chat will use this region.
        </p>
      ) : null}

      <form
        method="get"
        action="/crisis"
        className="mt-4 grid gap-3 rounded-lg border border-stone-200 bg-white p-4 sm:grid-cols-4 sm:items-end"
      >
        <label className="block">
          <span className="font-medium">Region</span>
          <select name="region" defaultValue={region ?? "all"} className={selectClass}>
            <option value="all">All regions</option>
            {CRISIS_REGIONS.map((r) => (
              <option key={r} value={r}>
                {REGION_LABELS[r]}
              </option>
            ))}
          </select>
        </label>
        <label className="block">
          <span className="font-medium">Kind</span>
          <select name="category" defaultValue={category} className={selectClass}>
            <option value="">Any</option>
            {CRISIS_CATEGORIES.map((c) => (
              <option key={c} value={c} className="capitalize">
                {c === "hotline"
                  ? "Phone line"
                  : c === "text"
                    ? "Text line"
                    : c === "chat"
                      ? "Online chat"
                      : c === "app"
                        ? "App"
                        : "Organisation / directory"}
              </option>
            ))}
          </select>
        </label>
        <label className="block">
          <span className="font-medium">For</span>
          <select name="type" defaultValue={type} className={selectClass}>
            <option value="">Everyone</option>
            {CRISIS_TYPES.map((t) => (
              <option key={t} value={t}>
                {TYPE_LABELS[t]}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-900">
          Show
        </button>
      </form>
      <p className="mt-2 text-sm text-stone-600">
        {region === "all"
          ? "Showing every region."
          : `Showing ${REGION_LABELS[region as CrisisRegion]} and international resources.`}{" "}
        Your region: {REGION_LABELS[yourRegion]}
        {savedRegion ? " (your saved choice)" : " (from where your connection is)"}.
      </p>

      <h2 className="sr-only">Resources</h2>
      {resources.length === 0 ? (
        <p className="mt-4 rounded border border-stone-200 bg-white p-4">
          Nothing matches these filters.{" "}
          <a href="/crisis?region=all" className="text-brand-700 underline">
            Show every resource
          </a>
          .
        </p>
      ) : (
        <ul className="mt-4 grid gap-3">
          {resources.map((resource) => (
            <CrisisResourceCard key={resource.id} resource={resource} />
          ))}
        </ul>
      )}

      {signedIn ? (
        <PostForm className="mt-6 rounded-lg border border-stone-200 bg-white p-4">
          <h2 className="text-lg font-semibold">Your region for crisis notices</h2>
          <FormErrors state={actionData} />
          <input type="hidden" name="intent" value="save-region" />
          <label className="block">
            <span className="font-medium">Region</span>
            <select name="crisis_region" defaultValue={savedRegion ?? "auto"} className={selectClass}>
              <option value="auto">Automatic (from where my connection is)</option>
              {CRISIS_REGIONS.map((r) => (
                <option key={r} value={r}>
                  {REGION_LABELS[r]}
                </option>
              ))}
            </select>
          </label>
          <div className="mt-3">
            <SubmitButton>Save region</SubmitButton>
          </div>
        </PostForm>
      ) : null}
    </div>
  );
}
