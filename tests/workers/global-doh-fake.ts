/** vitest globalSetup (Node): start the DNS-over-HTTPS fake (`inject("dohFakePort")`). */
import type { TestProject } from "vitest/node";
import { startDohFake } from "../support/doh-fake";

declare module "vitest" {
  export interface ProvidedContext {
    dohFakePort: number;
  }
}

export default async function setup(project: TestProject) {
  const { server, port } = await startDohFake();
  project.provide("dohFakePort", port);
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}
