/**
 * A server-sent events parser (the WHATWG event-stream format): bytes in, events out.
 * Handles \n, \r\n and \r line endings, multi-line `data:`, comments and events split
 * across chunk boundaries. Providers (Workers AI, OpenAI-compatible, Anthropic) stream in it.
 */

export interface SseEvent {
  event: string;
  data: string;
  id?: string;
}

export async function* parseSse(body: ReadableStream<Uint8Array>, signal?: AbortSignal): AsyncGenerator<SseEvent> {
  const reader = body
    .pipeThrough(new TextDecoderStream() as unknown as ReadableWritablePair<string, Uint8Array>)
    .getReader();
  let buffer = "";
  let data: string[] = [];
  let event = "";
  let id: string | undefined;
  const onAbort = () => void reader.cancel().catch(() => {});
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    while (true) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let newline: RegExpExecArray | null;
      const lineEnd = /\r\n|\r|\n/g;
      let consumed = 0;
      while ((newline = lineEnd.exec(buffer)) !== null) {
        // A lone \r at the very end may be the first half of \r\n: wait for more bytes.
        if (newline[0] === "\r" && newline.index === buffer.length - 1) break;
        const line = buffer.slice(consumed, newline.index);
        consumed = newline.index + newline[0].length;
        if (line === "") {
          if (data.length > 0)
            yield { event: event || "message", data: data.join("\n"), ...(id !== undefined ? { id } : {}) };
          data = [];
          event = "";
          continue;
        }
        if (line.startsWith(":")) continue;
        const colon = line.indexOf(":");
        const field = colon === -1 ? line : line.slice(0, colon);
        let fieldValue = colon === -1 ? "" : line.slice(colon + 1);
        if (fieldValue.startsWith(" ")) fieldValue = fieldValue.slice(1);
        if (field === "data") data.push(fieldValue);
        else if (field === "event") event = fieldValue;
        else if (field === "id") id = fieldValue;
      }
      buffer = buffer.slice(consumed);
    }
    // A stream that ends without a blank line still delivers its last event.
    if (buffer.length > 0 && buffer.startsWith("data:")) data.push(buffer.slice(5).replace(/^ /, ""));
    if (data.length > 0)
      yield { event: event || "message", data: data.join("\n"), ...(id !== undefined ? { id } : {}) };
  } finally {
    signal?.removeEventListener("abort", onAbort);
    reader.releaseLock();
  }
}
