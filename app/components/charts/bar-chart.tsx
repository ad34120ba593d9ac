/** A horizontal bar chart drawn on the server as SVG (no client JavaScript), with an
 * accessible title/description; each bar carries its label and value as text too. */
import { useId } from "react";
import { niceMax, round } from "./scale";

export interface Bar {
  label: string;
  value: number;
}

const WIDTH = 560;
const BAR_HEIGHT = 22;
const GAP = 6;
const LABEL_WIDTH = 170;
const VALUE_WIDTH = 60;

export function BarChart({ title, description, bars }: { title: string; description: string; bars: Bar[] }) {
  const id = useId();
  const top = niceMax(Math.max(0, ...bars.map((bar) => bar.value)));
  const span = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  const height = Math.max(1, bars.length) * (BAR_HEIGHT + GAP) + GAP;
  return (
    <figure className="min-w-0">
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        className="h-auto w-full max-w-2xl rounded border border-stone-200 bg-white"
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        {bars.map((bar, i) => {
          const y = GAP + i * (BAR_HEIGHT + GAP);
          const width = round((Math.max(0, bar.value) / top) * span);
          return (
            <g key={`${bar.label}-${i}`} fontSize="12">
              <text x={LABEL_WIDTH - 8} y={y + 15} textAnchor="end" className="fill-stone-800">
                {truncate(bar.label, 24)}
              </text>
              <rect x={LABEL_WIDTH} y={y} width={width} height={BAR_HEIGHT} rx="3" fill="#0f766e" />
              <text x={LABEL_WIDTH + width + 6} y={y + 15} className="fill-stone-700">
                {bar.value.toLocaleString("en")}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
