/** vitest globalSetup (Node): start the Stripe fake and hand its port to workers tests
 * (`inject("stripeFakePort")`). */
import type { TestProject } from "vitest/node";
import { startStripeFake } from "../support/stripe-fake";

declare module "vitest" {
  export interface ProvidedContext {
    stripeFakePort: number;
  }
}

export default async function setup(project: TestProject) {
  const { server, port } = await startStripeFake();
  project.provide("stripeFakePort", port);
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}
