/** /legal — every kind of legal document BotCafe publishes. */
import { LEGAL_TYPES } from "~/lib/legal/documents";

export function meta() {
  return [{ title: "Legal · BotCafe" }];
}

export default function LegalIndex() {
  return (
    <div className="mx-auto max-w-3xl">
      <h1 className="text-2xl font-bold">Legal</h1>
      <p className="mt-2 text-stone-700">
        The rules BotCafe and its users agree to, and how we handle your data. Each page lists its past versions and
        what changed.
      </p>
      <ul className="mt-4 space-y-2">
        {Object.entries(LEGAL_TYPES).map(([type, title]) => (
          <li key={type}>
            <a href={`/legal/${type}`} className="font-medium text-brand-700 underline">
              {title}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
