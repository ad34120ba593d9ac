/**
 * Page-number pagination as plain links. URLs are stable: the same filters always give the
 * same query string (keys in the order given, empty values dropped, page 1 has no `page`),
 * so pages can be bookmarked, shared and cached.
 */

/** Read `?page=` safely: anything that is not a whole number ≥ 1 is page 1. */
export function parsePage(value: string | null | undefined, maxPage = 10_000): number {
  if (!value || !/^\d{1,6}$/.test(value)) return 1;
  return Math.min(Math.max(1, Number(value)), maxPage);
}

/** The URL of one page: `path?<params>&page=N` (page omitted for page 1). */
export function pageHref(path: string, params: Record<string, string | null | undefined>, page: number): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
  if (page > 1) search.set("page", String(page));
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}

/** Which page numbers to show: first, last, and a window around the current one;
 * `null` marks a gap. */
export function pageWindow(page: number, totalPages: number, radius = 2): (number | null)[] {
  const pages: (number | null)[] = [];
  for (let n = 1; n <= totalPages; n++) {
    if (n === 1 || n === totalPages || Math.abs(n - page) <= radius) pages.push(n);
    else if (pages[pages.length - 1] !== null) pages.push(null);
  }
  return pages;
}

export function totalPagesFor(total: number, perPage: number): number {
  return Math.max(1, Math.ceil(total / perPage));
}

interface PaginationProps {
  /** The page's path, e.g. "/bots". */
  path: string;
  /** The other query-string values to keep (filters, sort), in a fixed order. */
  params?: Record<string, string | null | undefined>;
  page: number;
  totalPages: number;
  /** Names the nav landmark, e.g. "Bot pages". */
  label?: string;
}

export function Pagination({ path, params = {}, page, totalPages, label = "Pages" }: PaginationProps) {
  if (totalPages <= 1) return null;
  const linkClass =
    "inline-block min-w-9 rounded border border-stone-300 bg-white px-3 py-1.5 text-center hover:bg-brand-50 focus:outline-2 focus:outline-brand-700";
  return (
    <nav aria-label={label} className="mt-6">
      <ul className="flex flex-wrap items-center gap-1 text-sm">
        {page > 1 ? (
          <li>
            <a href={pageHref(path, params, page - 1)} rel="prev" className={linkClass}>
              ← Previous
            </a>
          </li>
        ) : null}
        {pageWindow(page, totalPages).map((n, i) =>
          n === null ? (
            <li key={`gap-${i}`} aria-hidden="true" className="px-1 text-stone-500">
              …
            </li>
          ) : (
            <li key={n}>
              {n === page ? (
                <span
                  aria-current="page"
                  className="inline-block min-w-9 rounded bg-brand-700 px-3 py-1.5 text-center font-semibold text-white"
                >
                  <span className="sr-only">Page </span>
                  {n}
                </span>
              ) : (
                <a href={pageHref(path, params, n)} className={linkClass}>
                  <span className="sr-only">Page </span>
                  {n}
                </a>
              )}
            </li>
          ),
        )}
        {page < totalPages ? (
          <li>
            <a href={pageHref(path, params, page + 1)} rel="next" className={linkClass}>
              Next →
            </a>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}
