/** The link to upgrade shown under a form refused by a plan limit (see app/lib/billing/limits.ts). */
export function UpgradeNotice({ state }: { state: unknown }) {
  const href = (state as { upgradeHref?: unknown } | undefined)?.upgradeHref;
  if (typeof href !== "string") return null;
  return (
    <p className="mb-4">
      <a href={href} className="font-medium text-brand-700 underline">
        See plans and upgrade
      </a>
    </p>
  );
}
