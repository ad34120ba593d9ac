/** A bot's round avatar, or its initial when it has none. */
export function BotAvatar({ name, url, alt, size = 56 }: { name: string; url: string | null; alt?: string | null; size?: number }) {
  const style = { width: size, height: size };
  return url ? (
    <img src={url} alt={alt ?? `${name}'s avatar`} width={size} height={size} style={style} className="flex-none rounded-full object-cover" />
  ) : (
    <span aria-hidden="true" style={style} className="flex flex-none items-center justify-center rounded-full bg-brand-100 text-3xl font-bold text-brand-700">
      {name.slice(0, 1).toUpperCase()}
    </span>
  );
}
