/**
 * A model server on a loopback port that speaks the OpenAI-compatible wire format (what Ollama,
 * llama.cpp's server and LM Studio speak), for journeys that need to know exactly what the model
 * says and when. In paced mode each word waits for `release()`, so a test can watch a reply grow
 * one word at a time however busy the machine is.
 */
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, type Page } from "@playwright/test";

export interface ModelServer {
  port: number;
  /** Paced mode: send the next word of the reply being streamed. */
  release(): void;
  close(): void;
}

export async function scriptedModelServer(words: string[], options: { paced?: boolean } = {}): Promise<ModelServer> {
  const waiting: Array<() => void> = [];
  let released = 0;
  const nextWord = () =>
    new Promise<void>((resolve) => {
      if (!options.paced) return resolve();
      if (released > 0) {
        released -= 1;
        return resolve();
      }
      waiting.push(resolve);
    });
  const chunk = (delta: object, finish: string | null) =>
    `data: ${JSON.stringify({ id: "c1", object: "chat.completion.chunk", model: "scripted", choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  const stream = async (response: ServerResponse) => {
    response.writeHead(200, { "Content-Type": "text/event-stream" });
    for (const word of words) {
      await nextWord();
      response.write(chunk({ content: word }, null));
    }
    response.end(`${chunk({}, "stop")}data: [DONE]\n\n`);
  };
  const server = createServer((request, response) => {
    if (request.method === "GET" && request.url?.endsWith("/models")) {
      response
        .writeHead(200, { "Content-Type": "application/json" })
        .end(JSON.stringify({ object: "list", data: [{ id: "scripted", object: "model" }] }));
      return;
    }
    request.resume();
    void stream(response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    release() {
      const resolve = waiting.shift();
      if (resolve) resolve();
      else released += 1;
    },
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

/** Add the server as the person's OpenAI-compatible key (its last four characters are `key4`). */
export async function addLocalModelKey(page: Page, server: ModelServer, key4: string) {
  await page.goto("/settings/keys");
  await page.getByLabel("Provider").selectOption("openai_compatible");
  await page.getByLabel("API key", { exact: true }).fill(`sk-local-scripted-${key4}`);
  await page.getByLabel("Base URL (optional)").fill(`http://127.0.0.1:${server.port}/v1`);
  await page.getByLabel("Model (optional)").fill("scripted");
  await page.getByRole("button", { name: "Add key" }).click();
  await expect(page.getByText(`…${key4}`)).toBeVisible();
}

/** On a conversation page: answer with the person's OpenAI-compatible key from now on. */
export async function useLocalModelInChat(page: Page, chatUrl: string) {
  await page.getByText("Chat settings").click();
  await page.getByLabel("Model provider").selectOption("openai_compatible");
  await page.getByRole("button", { name: "Save settings" }).click();
  await page.goto(chatUrl);
}
