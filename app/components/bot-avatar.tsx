import { Portrait } from "./portrait";

/** A bot's round avatar, or its generated portrait when it has none. */
export function BotAvatar({
  name,
  url,
  alt,
  size = 56,
}: {
  name: string;
  url: string | null;
  alt?: string | null;
  size?: number;
}) {
  const style = { width: size, height: size };
  return url ? (
    <img
      src={url}
      alt={alt ?? `${name}'s avatar`}
      width={size}
      height={size}
      style={style}
      className="flex-none rounded-full object-cover"
    />
  ) : (
    <Portrait seed={name} size={size} />
  );
}
