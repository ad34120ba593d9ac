/** Character cards: import a card PNG, read the report, export it (PNG with chara + ccv3,
 * V2 and V3 JSON), and a malformed file answers 400 creating nothing. JS on and off. */
import { expect, test } from "@playwright/test";
import { crc32, makePng } from "../support/images";
import { signInWithEmail, uniqueEmail } from "./support";

function textChunk(keyword: string, text: string): Buffer {
  const body = Buffer.concat([Buffer.from(keyword, "latin1"), Buffer.from([0]), Buffer.from(text, "latin1")]);
  const typeAndBody = Buffer.concat([Buffer.from("tEXt"), body]);
  const out = Buffer.alloc(12 + body.length);
  out.writeUInt32BE(body.length, 0);
  typeAndBody.copy(out, 4);
  out.writeUInt32BE(crc32(typeAndBody), 8 + body.length);
  return out;
}

async function cardPng(card: object): Promise<Buffer> {
  const png = Buffer.from(await makePng(40, 40, [120, 40, 160]));
  const chunk = textChunk("chara", Buffer.from(JSON.stringify(card), "utf8").toString("base64"));
  return Buffer.concat([png.subarray(0, png.length - 12), chunk, png.subarray(png.length - 12)]);
}

/** The tEXt chunks of a PNG, by keyword. */
function texts(png: Buffer): Map<string, string> {
  const found = new Map<string, string>();
  for (let offset = 8; offset < png.length;) {
    const length = png.readUInt32BE(offset);
    const type = png.toString("latin1", offset + 4, offset + 8);
    if (type === "tEXt") {
      const data = png.subarray(offset + 8, offset + 8 + length);
      const nul = data.indexOf(0);
      found.set(data.toString("latin1", 0, nul), data.toString("latin1", nul + 1));
    }
    offset += 12 + length;
  }
  return found;
}

test("import a card PNG, see the report, export it as PNG and JSON", async ({ page }, testInfo) => {
  await signInWithEmail(page, uniqueEmail(testInfo, "importer"), "creator");
  const name = `Lighthouse Keeper ${testInfo.project.name} ${Date.now().toString(36)}`;
  const card = {
    spec: "chara_card_v2",
    spec_version: "2.0",
    data: {
      name,
      description: "Keeps the light burning.",
      personality: "patient",
      scenario: "A stormy night.",
      first_mes: "Come in from the rain.",
      mes_example: "<START>\n{{char}}: The lamp needs oil.",
      creator_notes: "",
      system_prompt: "",
      post_history_instructions: "",
      alternate_greetings: ["Another storm?"],
      tags: ["sea", "cozy"],
      creator: "e2e",
      character_version: "1",
      extensions: { world: "Coast" },
      character_book: {
        name: "Coast",
        entries: [
          {
            keys: ["lamp"],
            content: "The lamp is 200 years old.",
            extensions: {},
            enabled: true,
            insertion_order: 1,
            id: 7,
          },
        ],
      },
    },
  };
  await page.goto("/bots/import");
  await page
    .getByLabel("Card file")
    .setInputFiles({ name: "keeper.png", mimeType: "image/png", buffer: await cardPng(card) });
  await page.getByRole("button", { name: "Import card" }).click();

  await expect(page.getByRole("heading", { name: `Imported ${name}` })).toBeVisible();
  await expect(page.getByText("From a Character Card V2 PNG")).toBeVisible();
  await expect(page.getByRole("heading", { name: /^Imported \(\d+\)$/ })).toBeVisible();
  await expect(page.getByText("character_book: 1 world-info entry")).toBeVisible();
  await expect(page.getByText(/^extensions — BotCafe has no field/)).toBeVisible();

  await page.getByRole("link", { name: "View the bot" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByText("Come in from the rain.")).toBeVisible();
  await expect(page.locator("main header img")).toBeVisible(); // the PNG became the avatar

  const slug = new URL(page.url()).pathname.split("/").pop()!;
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "PNG", exact: true }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe(`${slug}.png`);
  const exported = await page.request.get(`/bots/${slug}/card/png`);
  expect(exported.headers()["content-type"]).toBe("image/png");
  const chunks = texts(await exported.body());
  const v2 = JSON.parse(Buffer.from(chunks.get("chara")!, "base64").toString("utf8"));
  const v3 = JSON.parse(Buffer.from(chunks.get("ccv3")!, "base64").toString("utf8"));
  expect(v2).toMatchObject({
    spec: "chara_card_v2",
    data: {
      ...card.data,
      character_book: { name: "Coast", entries: [{ keys: ["lamp"], content: "The lamp is 200 years old.", id: 7 }] },
    },
  });
  expect(v3).toMatchObject({
    spec: "chara_card_v3",
    data: { name, first_mes: "Come in from the rain.", extensions: { world: "Coast" } },
  });
  const json = await page.request.get(`/bots/${slug}/card/v3.json`);
  expect(json.headers()["content-disposition"]).toContain(`${slug}.v3.json`);
  expect((await json.json()).data.character_book.entries).toHaveLength(1);
});

test("a malformed card is a 400 that says why and creates nothing", async ({ page }, testInfo) => {
  await signInWithEmail(page, uniqueEmail(testInfo, "bad-card"), "creator");
  const png = await cardPng({ spec: "chara_card_v2", data: { name: "Broken" } });
  png[png.length - 20]! ^= 0xff; // damage the card chunk: its CRC no longer matches
  await page.goto("/bots/import");
  await page.getByLabel("Card file").setInputFiles({ name: "broken.png", mimeType: "image/png", buffer: png });
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST"),
    page.getByRole("button", { name: "Import card" }).click(),
  ]);
  expect(response.status()).toBe(400);
  await expect(page.getByText(/CRC does not match/).first()).toBeVisible();

  await page.getByLabel("Card file").setInputFiles({
    name: "wrong.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify({ spec: "chara_card_v9", data: {} })),
  });
  await page.getByRole("button", { name: "Import card" }).click();
  await expect(page.getByText(/Unsupported card spec/).first()).toBeVisible();

  await page.goto("/my/bots");
  await expect(page.getByText("You have no bots yet.")).toBeVisible();
});
