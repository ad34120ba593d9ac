/** The creator dashboard's "Tips" section: tokens tipped per bot. */
import type { TipsPerBot as Rows } from "~/lib/billing/tips";

export function TipsPerBot({ tips }: { tips: Rows }) {
  return (
    <section aria-labelledby="tips" className="mt-8">
      <h2 id="tips" className="text-xl font-semibold">
        Tips
      </h2>
      {tips.length === 0 ? (
        <p className="mt-2 text-stone-700">No tips yet. People can tip you from your bots' pages.</p>
      ) : (
        <div className="mt-3 overflow-x-auto rounded-lg border border-stone-200 bg-white">
          <table className="min-w-full text-sm">
            <thead className="bg-stone-50">
              <tr>
                <th scope="col" className="p-2 text-left">
                  Bot
                </th>
                <th scope="col" className="p-2 text-right">
                  Tips
                </th>
                <th scope="col" className="p-2 text-right">
                  Tokens
                </th>
              </tr>
            </thead>
            <tbody>
              {tips.map((row) => (
                <tr key={row.id} className="border-t border-stone-200">
                  <th scope="row" className="p-2 text-left font-normal">
                    <a href={`/bots/${row.slug}`} className="text-brand-700 underline">
                      {row.name}
                    </a>
                  </th>
                  <td className="p-2 text-right tabular-nums">{row.tips}</td>
                  <td className="p-2 text-right tabular-nums">{Number(row.tokens).toLocaleString("en-US")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
