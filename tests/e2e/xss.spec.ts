/**
 * XSS suite: a list of payloads through every field a person types that other pages
 * render — bot name, description, greeting, personality, scenario, tags; persona name,
 * description, phrases; creator profile name, bio, specialties, links; knowledge title
 * and content, world-info keys, collections; chat messages (and the model's reply that
 * echoes them); memory text — then every page that shows them, in Chromium with
 * JavaScript on. Zero executions: `alert`/`confirm`/`prompt` and a `__xssHit` hook are
 * counted (each payload calls one), dialogs are counted, CSP violations are listened for
 * (`securitypolicyviolation`: an injected handler or script that reached the DOM and was
 * blocked), and the DOM is scanned for event-handler attributes, `javascript:` URLs and
 * scripts without the page's nonce. Each page must also show the payload as text, so the
 * test fails if a field silently stops being rendered.
 *
 * JS-on only: with JavaScript off nothing can execute, so there is nothing to observe.
 */
import { expect, test, type Page } from "@playwright/test";
import { sameOrigin, signInWithEmail, uniqueEmail } from "./support";

/** Short enough for an 80-character name; each tries to run `__xssHit` or `alert`. */
const PAYLOADS = [
  `<script>__xssHit("script")</script>`,
  `"><img src=x onerror=__xssHit("img")>`,
  `'><svg onload=alert("svg")>`,
  `</textarea><script>alert("ta")</script>`,
  `</title><script>alert("title")</script>`,
  `<a href="javascript:alert('a')">link</a>`,
  `[md link](javascript:alert('md'))`,
  `![md img](x" onerror="alert('mdimg'))`,
  `<details open ontoggle=alert("det")>`,
  `<iframe srcdoc="<script>alert('if')</script>">`,
  `{{constructor.constructor('alert("tpl")')()}}`,
  `javascript:alert("bare")`,
];
const ALL = PAYLOADS.join("\n");
/** A marker every payload-bearing page must show as text (from the first payload). */
const VISIBLE = `__xssHit("script")`;

async function detect(page: Page) {
  await page.addInitScript(() => {
    const w = window as unknown as { __xss: string[]; __xssHit: (why: string) => void };
    w.__xss = [];
    w.__xssHit = (why) => w.__xss.push(`hook:${why}`);
    window.alert =
      window.confirm =
      window.prompt =
        ((message?: unknown) => {
          w.__xss.push(`dialog:${String(message)}`);
          return null;
        }) as never;
    document.addEventListener(
      "securitypolicyviolation",
      (e) => w.__xss.push(`csp:${e.violatedDirective}:${e.sample}`),
      true,
    );
  });
}

/** Executions recorded on the current page, plus dangerous markup found in its DOM. */
async function findings(page: Page, path: string): Promise<string[]> {
  const found = await page.evaluate(() => {
    const out = [...(window as unknown as { __xss: string[] }).__xss];
    for (const el of Array.from(document.querySelectorAll("*"))) {
      for (const attr of Array.from(el.attributes)) {
        const value = attr.value.trim().toLowerCase();
        if (attr.name.startsWith("on")) out.push(`dom:${el.tagName} ${attr.name}`);
        if (
          ["href", "src", "action", "formaction", "xlink:href", "srcdoc"].includes(attr.name) &&
          (value.startsWith("javascript:") || value.startsWith("data:text/html") || attr.name === "srcdoc")
        )
          out.push(`dom:${el.tagName} ${attr.name}=${value.slice(0, 40)}`);
      }
      if (el.tagName === "SCRIPT" && !(el as HTMLScriptElement).nonce) out.push("dom:script without nonce");
      if (["IFRAME", "OBJECT", "EMBED", "BASE"].includes(el.tagName)) out.push(`dom:${el.tagName}`);
    }
    return out;
  });
  return found.map((f) => `${path}: ${f}`);
}

test("payloads in every user-rendered field never execute", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== "js-on", "nothing executes with JavaScript off");
  test.setTimeout(test.info().timeout * 5);
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(`${page.url()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await detect(page);
  // An admin: the suite makes a bot per payload, past the free tier's bot limit (admins are
  // exempt); every field it renders is the same for any creator.
  await signInWithEmail(page, uniqueEmail(testInfo, "xss"), "admin");
  const api = page.request;
  const postForm = async (path: string, form: Record<string, string>) => {
    const response = await api.post(path, { form, headers: sameOrigin(page), maxRedirects: 0 });
    expect([301, 302, 303], `POST ${path} ${await response.text().then((t) => t.slice(0, 300))}`).toContain(
      response.status(),
    );
    return response.headers()["location"]!;
  };

  // Bots: one per payload (its name), every long field holding the whole list.
  const botSlugs: string[] = [];
  for (const payload of PAYLOADS) {
    const location = await postForm("/bots/new", {
      name: payload,
      description: ALL,
      personality: ALL,
      greeting: ALL,
      scenario: ALL,
      example_dialogues: ALL,
      system_prompt: ALL,
      tags: `xss, ${payload.slice(0, 28)}`,
      is_public: "on",
    });
    botSlugs.push(location.replace("/bots/", ""));
  }
  // Personas (the first is the default, so the chat speaks as it).
  for (const [i, payload] of PAYLOADS.entries()) {
    await postForm("/personas/new", {
      name: payload,
      description: ALL,
      signature_phrases: PAYLOADS.slice(0, 5).join("\n"),
      topics_of_interest: "xss",
      ...(i === 0 ? { is_default: "on" } : {}),
    });
  }
  // A public creator profile.
  const username = `xss${Date.now().toString(36)}`;
  await postForm("/my/profile", {
    username,
    display_name: PAYLOADS[1]!.slice(0, 60),
    bio: ALL,
    specialties: "xss, <b>x</b>",
    experience_level: "",
    visibility: "public",
    commission_info: ALL,
    accepts_commissions: "on",
    social_website: `https://example.com/"><script>alert("link")</script>`,
    social_github: "",
    social_twitter: "",
    social_youtube: "",
  });
  // Knowledge: a collection, an entry per payload, and a world-info entry on the first bot.
  const collection = await postForm("/knowledge/collections/new", { name: PAYLOADS[2]!, description: ALL });
  const entries: string[] = [];
  for (const payload of PAYLOADS.slice(0, 4))
    entries.push(
      await postForm("/knowledge/new", {
        title: payload,
        content: ALL,
        content_type: "text",
        priority: "normal",
        source_url: "",
      }),
    );

  // A chat with the first bot: a message holding every payload, and the reply.
  await page.goto(`/bots/${botSlugs[0]}`);
  const botId = await page.locator('form input[name="botId"]').first().getAttribute("value");
  const chat = await postForm("/chat/new", { botId: botId! });
  const reply = await api.post(`${chat}/reply`, {
    form: { intent: "send", content: ALL },
    headers: sameOrigin(page),
    maxRedirects: 0,
  });
  expect(reply.status()).toBe(200);
  await reply.text(); // the streamed page ends when the reply is saved
  // A memory from the chat, its summary then edited to the payloads.
  await postForm(`${chat}/memories`, { intent: "summarize" });
  await page.goto(`${chat}/memories`);
  const memoryId = await page.locator('form input[name="memory_id"]').first().getAttribute("value");
  await postForm(`${chat}/memories`, { intent: "save", memory_id: memoryId!, summary: ALL, importance: "0.5" });

  await page.goto(chat);
  const whyHref = await page.getByRole("link", { name: "Why did it say this?" }).last().getAttribute("href");

  const pages: [path: string, showsPayload: boolean][] = [
    ...botSlugs.map((slug) => [`/bots/${slug}`, true] as [string, boolean]),
    [`/bots/${botSlugs[0]}/edit`, true],
    ["/bots?q=script", true],
    ["/bots?tag=xss", true],
    ["/my/bots", true],
    ["/personas", true],
    [`/creators/${username}`, true],
    ["/creators", false],
    ["/my/profile", true],
    ["/knowledge", true],
    ...entries.map((path) => [path, true] as [string, boolean]),
    [collection, true],
    ["/chat", false],
    [chat, true],
    [`${chat}/memories`, true],
    ["/memories", true],
    [whyHref!, true],
  ];
  const found: string[] = [];
  for (const [path, showsPayload] of pages) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(200);
    if (showsPayload) {
      const text = await page.evaluate(
        () =>
          document.body.innerText +
          Array.from(document.querySelectorAll("textarea, input"), (el) => (el as HTMLInputElement).value).join("\n"),
      );
      expect(text, `${path} shows the payload as text`).toContain(VISIBLE);
    }
    found.push(...(await findings(page, path)));
  }
  expect([...found, ...dialogs]).toEqual([]);
});

test("the detectors see an injection when there is one (under the app's own CSP)", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== "js-on", "nothing executes with JavaScript off");
  await detect(page);
  const csp = (await page.request.get("/")).headers()["content-security-policy"]!;
  // A page on our origin, with our CSP, where a payload reached the markup unescaped.
  await page.route("**/xss-canary", (route) =>
    route.fulfill({
      status: 200,
      headers: { "Content-Type": "text/html", "Content-Security-Policy": csp },
      body: `<!DOCTYPE html><html><body><p>${PAYLOADS[1]}</p><a href="javascript:alert(1)">x</a></body></html>`,
    }),
  );
  await page.goto("/xss-canary");
  await expect.poll(async () => (await findings(page, "/xss-canary")).length).toBeGreaterThanOrEqual(3);
  const found = await findings(page, "/xss-canary");
  expect(found.some((f) => f.includes("csp:"))).toBe(true);
  expect(found.some((f) => f.includes("dom:IMG onerror"))).toBe(true);
});
