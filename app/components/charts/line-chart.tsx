/**
 * A line chart drawn on the server as SVG: no client JavaScript, readable by screen
 * readers through its <title>/<desc> (the numbers themselves belong in a table beside it).
 * Series are told apart by colour AND dash pattern, so they work in greyscale too.
 */
import { useId } from "react";
import { labelIndices, linePath, niceMax, round, xAt, yAt, yTicks, type Plot } from "./scale";

export interface LineSeries {
  name: string;
  values: number[];
}

const STYLES = [
  { stroke: "#0f766e", dash: undefined },
  { stroke: "#b45309", dash: "6 4" },
  { stroke: "#7c3aed", dash: "2 3" },
  { stroke: "#be123c", dash: "10 3 2 3" },
];

const WIDTH = 560;
const HEIGHT = 220;
const PLOT: Plot = { left: 40, top: 12, width: WIDTH - 56, height: HEIGHT - 44 };

export function LineChart({
  title,
  description,
  labels,
  series,
}: {
  title: string;
  description: string;
  labels: string[];
  series: LineSeries[];
}) {
  const id = useId();
  const top = niceMax(Math.max(0, ...series.flatMap((s) => s.values)));
  const ticks = yTicks(top);
  const labelled = labelIndices(labels.length, 7);
  const single = labels.length === 1;
  return (
    <figure className="min-w-0">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        className="h-auto w-full rounded border border-stone-200 bg-white"
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        <g fontSize="11" className="fill-stone-600">
          {ticks.map((tick) => {
            const y = round(yAt(tick, top, PLOT));
            return (
              <g key={tick}>
                <line x1={PLOT.left} x2={PLOT.left + PLOT.width} y1={y} y2={y} className="stroke-stone-200" />
                <text x={PLOT.left - 6} y={y + 4} textAnchor="end">
                  {tick}
                </text>
              </g>
            );
          })}
          {labelled.map((i) => (
            // The end labels are anchored inwards so they are never cut off.
            <text
              key={i}
              x={round(xAt(i, labels.length, PLOT))}
              y={HEIGHT - 12}
              textAnchor={i === 0 ? "start" : i === labels.length - 1 ? "end" : "middle"}
            >
              {labels[i]}
            </text>
          ))}
        </g>
        {series.map((s, i) => {
          const style = STYLES[i % STYLES.length]!;
          // A single point has no line to draw: mark it with a dot so the chart is never an empty box.
          return single ? (
            <circle
              key={s.name}
              cx={round(xAt(0, 1, PLOT))}
              cy={round(yAt(s.values[0] ?? 0, top, PLOT))}
              r="5"
              fill={style.stroke}
            />
          ) : (
            <path
              key={s.name}
              d={linePath(s.values, top, PLOT)}
              fill="none"
              stroke={style.stroke}
              strokeWidth="2"
              strokeDasharray={style.dash}
            />
          );
        })}
      </svg>
      {single ? (
        <p className="mt-1 text-sm text-stone-600">
          Only one day so far ({labels[0]}): the line starts with the next one.
        </p>
      ) : null}
      {series.length > 1 ? (
        <figcaption>
          <ul className="mt-1 flex flex-wrap gap-4 text-sm" aria-label="Legend">
            {series.map((s, i) => {
              const style = STYLES[i % STYLES.length]!;
              return (
                <li key={s.name} className="flex items-center gap-1">
                  <svg width="24" height="8" aria-hidden="true">
                    <line
                      x1="0"
                      x2="24"
                      y1="4"
                      y2="4"
                      stroke={style.stroke}
                      strokeWidth="2"
                      strokeDasharray={style.dash}
                    />
                  </svg>
                  {s.name}
                </li>
              );
            })}
          </ul>
        </figcaption>
      ) : null}
    </figure>
  );
}
