// The DOM's Element#append collides with the Workers types' HTMLRewriter Element in this
// project's one tsconfig, so nodes are added with appendChild.
/**
 * The chat page's only script: a small progressive enhancement over the server-rendered
 * page (docs/decisions/0020-chat-script-without-hydration.md). Without it every form is a
 * plain post: replies arrive as a streamed HTML page. With it, forms marked `data-stream`
 * are sent with fetch asking for SSE, the reply appears token by token with a Stop button,
 * and once it is saved the server-rendered messages replace the live view (so Markdown,
 * alternatives and notices come from the same HTML as without JavaScript).
 *
 * Markup it relies on (app/routes/chat/conversation.tsx):
 * - `[data-chat-page]` wraps everything it may refresh, with `data-bot-name`;
 * - `form[data-stream]` posts a turn to the reply route; `form[data-send]` is the composer;
 * - `[data-live]` is where the live reply goes.
 */

interface ServerEvent {
  event: string;
  data: Record<string, unknown>;
}

/** Split an SSE byte stream into {event, data} pairs (the server writes one JSON data line per event). */
export async function* readEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<ServerEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  while (true) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf("\n\n")) !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? "message";
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (data) yield { event, data: JSON.parse(data) as Record<string, unknown> };
    }
  }
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text) node.textContent = text;
  return node;
}

/** The live reply: what the person sent, the reply as it grows, notices, errors and Stop. */
function liveView(host: HTMLElement, botName: string, userText: string | null, onStop: () => void) {
  // The live bubbles, and Stop beside them (outside, so the reply's text is all the live region holds).
  const live = el("div", "space-y-3");
  live.setAttribute("data-testid", "live-reply");
  host.replaceChildren(live);
  host.hidden = false;
  const mine = el("div", "ml-auto max-w-[85%] break-words rounded-lg bg-brand-700 px-4 py-3 text-white");
  if (userText) {
    mine.appendChild(el("p", "whitespace-pre-wrap", userText));
    live.appendChild(mine);
  }
  const notices = el("div", "space-y-2");
  const reply = el("div", "max-w-[85%] break-words rounded-lg border border-stone-200 bg-white px-4 py-3");
  reply.setAttribute("aria-live", "polite");
  reply.setAttribute("aria-busy", "true");
  const text = el("p", "whitespace-pre-wrap", "…");
  reply.appendChild(el("p", "font-semibold", botName));
  reply.appendChild(text);
  live.appendChild(notices);
  live.appendChild(reply);
  const stop = el("button", "rounded border border-stone-300 bg-white px-3 py-1 text-sm hover:bg-stone-100", "Stop");
  stop.type = "button";
  stop.addEventListener("click", () => {
    stop.disabled = true;
    stop.textContent = "Stopping…";
    onStop();
  });
  host.appendChild(stop);
  let written = "";
  return {
    append(token: string) {
      written += token;
      text.textContent = written;
    },
    /** BotCafe's notices, as the server rendered them (the same component as the chat page). */
    notices(html: string) {
      notices.innerHTML = html;
    },
    /** The reply was withheld: what was shown goes, BotCafe's notice takes its place. */
    withhold(html: string) {
      written = "";
      const notice = el("div", "mt-1");
      notice.innerHTML = html;
      text.replaceWith(notice);
    },
    /** The turn was refused: nothing was sent (the composer keeps the text), so neither
     * bubble stays; BotCafe's notice (with its link) says why, beside any crisis notice. */
    refused(refusalHtml: string) {
      mine.remove();
      reply.remove();
      const why = el("div", "");
      why.innerHTML = refusalHtml;
      live.appendChild(why);
    },
    error(message: string, link?: { href: string; label: string } | null) {
      const alert = el("p", "mt-2 text-sm text-red-800", message);
      alert.setAttribute("role", "alert");
      // A refusal's way forward (e.g. buy tokens): same-site paths only.
      if (link && typeof link.href === "string" && /^\/(?![/\\])/.test(link.href)) {
        const a = el("a", "ml-1 font-medium underline", String(link.label));
        a.href = link.href;
        alert.appendChild(a);
      }
      reply.appendChild(alert);
      if (!written) text.textContent = "";
    },
    settle() {
      reply.setAttribute("aria-busy", "false");
      stop.remove();
    },
  };
}

interface Problem {
  message?: string;
  fieldErrors?: Record<string, string[]>;
  link?: { href: string; label: string } | null;
  /** Crisis resources rendered by the server, shown even though the turn was refused. */
  noticesHtml?: string | null;
  /** The refusal as BotCafe's notice, rendered by the server (with a real link). */
  refusalHtml?: string | null;
}

function problemMessage(problem: Problem): string {
  return problem.message ?? Object.values(problem.fieldErrors ?? {})[0]?.[0] ?? "The message could not be sent.";
}

export function enhanceChat(root: HTMLElement) {
  const conversationUrl = location.pathname;
  let running: { messageId: string | null; controller: AbortController; stopped: boolean } | null = null;

  const setBusy = (busy: boolean) => {
    for (const button of root.querySelectorAll<HTMLButtonElement>("form[data-stream] button")) button.disabled = busy;
  };
  const markEnhanced = () => root.querySelector("form[data-send]")?.setAttribute("data-enhanced", "");

  /** Replace the page's messages with the server's HTML for them (the saved reply, rendered). */
  const refresh = async (messageId: string | null) => {
    const response = await fetch(location.pathname + location.search, { headers: { Accept: "text/html" } });
    const fresh = new DOMParser().parseFromString(await response.text(), "text/html").querySelector("[data-chat-page]");
    if (!fresh) return location.reload();
    root.innerHTML = fresh.innerHTML;
    markEnhanced();
    const saved = messageId ? document.getElementById(`m-${messageId}`) : null;
    saved?.scrollIntoView({ block: "nearest" });
  };

  /** Stop: tell the server (it saves what was written), then stop reading. A Stop pressed
   * before the reply's id has arrived is sent as soon as it does. */
  const stop = async () => {
    const current = running;
    if (!current) return;
    current.stopped = true;
    if (!current.messageId) return;
    const body = new FormData();
    body.set("intent", "stop-reply");
    body.set("messageId", current.messageId);
    // The page's form token (app/lib/http/form-token.ts), for browsers that send no Origin.
    const token = root.querySelector<HTMLInputElement>('input[name="_form_token"]');
    if (token) body.set(token.name, token.value);
    await fetch(conversationUrl, { method: "POST", body, redirect: "manual" }).catch(() => undefined);
    current.controller.abort();
  };

  const stream = async (form: HTMLFormElement) => {
    const body = new FormData(form);
    const intent = body.get("intent");
    const userText = intent === "send" || intent === "edit" ? String(body.get("content") ?? "") : null;
    const host = root.querySelector<HTMLElement>("[data-live]");
    if (!host) return form.submit();
    const view = liveView(host, root.dataset.botName ?? "", userText, () => void stop());
    const current = (running = { messageId: null as string | null, controller: new AbortController(), stopped: false });
    setBusy(true);
    let failed = false;
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body,
        headers: { Accept: "text/event-stream" },
        signal: current.controller.signal,
      });
      if (!response.ok || !response.body) {
        const problem = (await response.json().catch(() => ({}))) as Problem;
        if (typeof problem.noticesHtml === "string") view.notices(problem.noticesHtml);
        if (typeof problem.refusalHtml === "string") view.refused(problem.refusalHtml);
        else view.error(problemMessage(problem), problem.link);
        failed = true;
        return;
      }
      if (intent === "send") form.reset();
      for await (const { event, data } of readEvents(response.body)) {
        if (event === "start" && typeof data.messageId === "string") {
          current.messageId = data.messageId;
          if (current.stopped) void stop();
        }
        if (event === "token") view.append(String(data.text ?? ""));
        if (event === "notices" && typeof data.html === "string") view.notices(data.html);
        if (event === "withheld" && typeof data.html === "string") view.withhold(data.html);
        if (event === "error") {
          view.error(String(data.message ?? "The reply failed."));
          failed = true;
        }
      }
    } catch {
      if (!current.stopped) {
        view.error("The connection dropped. The reply is still being saved — reload to see it.");
        failed = true;
      }
    } finally {
      view.settle();
      running = null;
      setBusy(false);
    }
    // The saved reply (or its error, with "Try again") is shown as the server renders it.
    if (!failed) await refresh(current.messageId).catch(() => location.reload());
  };

  root.addEventListener("submit", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-stream")) return;
    event.preventDefault();
    if (!running) void stream(form);
  });
  markEnhanced();
}

const page = typeof document !== "undefined" ? document.querySelector<HTMLElement>("[data-chat-page]") : null;
if (page) enhanceChat(page);
