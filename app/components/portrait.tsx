/** A generated portrait as inline SVG: no request, no script, the same face on every page. */
import { portrait, PORTRAIT_SIZE, type Shape } from "~/lib/art/portrait";

function ShapeElement({ shape }: { shape: Shape }) {
  const opacity = shape.opacity;
  switch (shape.kind) {
    case "rect":
      return <rect x={shape.x} y={shape.y} width={shape.w} height={shape.h} fill={shape.fill} opacity={opacity} />;
    case "ellipse":
      return <ellipse cx={shape.cx} cy={shape.cy} rx={shape.rx} ry={shape.ry} fill={shape.fill} opacity={opacity} />;
    case "ring":
      return (
        <circle
          cx={shape.cx}
          cy={shape.cy}
          r={shape.r}
          fill="none"
          stroke={shape.fill}
          strokeWidth={shape.width}
          opacity={opacity}
        />
      );
  }
}

/** Decorative by default (the name is always beside it); round like uploaded avatars. */
export function Portrait({ seed, size }: { seed: string; size: number }) {
  return (
    <span
      aria-hidden="true"
      className="inline-block flex-none overflow-hidden rounded-full"
      style={{ width: size, height: size }}
    >
      <svg
        viewBox={`0 0 ${PORTRAIT_SIZE} ${PORTRAIT_SIZE}`}
        width={size}
        height={size}
        focusable="false"
        className="block"
      >
        {portrait(seed).map((shape, i) => (
          <ShapeElement key={i} shape={shape} />
        ))}
      </svg>
    </span>
  );
}
