import { RouterContextProvider } from "react-router";
import { expect, test } from "vitest";
import { requireRole, requireUser } from "~/lib/auth/guards";
import type { CurrentUser } from "~/lib/auth/user";
import { userContext } from "~/lib/context";

function argsFor(user: CurrentUser | null, url = "https://botcafe.example/bots/new?x=1") {
  const context = new RouterContextProvider();
  context.set(userContext, user);
  return { request: new Request(url), context };
}

const person = (role: CurrentUser["role"]): CurrentUser => ({
  id: `id-${role}`,
  email: `${role}@example.com`,
  displayName: role,
  role,
  preferences: {},
});

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected the guard to throw");
}

test("requireUser sends signed-out people to sign in, coming back to the same page", () => {
  const response = thrown(() => requireUser(argsFor(null))) as Response;
  expect(response.status).toBe(302);
  expect(response.headers.get("Location")).toBe("/sign-in?redirectTo=%2Fbots%2Fnew%3Fx%3D1");
  expect(requireUser(argsFor(person("user"))).id).toBe("id-user");
});

test("requireRole answers 403 to the wrong role, lets the right one and admins through", () => {
  const error = thrown(() => requireRole(argsFor(person("user")), "support"));
  // data(…, { status }) thrown from a loader becomes the error boundary's status.
  expect((error as { init?: ResponseInit }).init?.status).toBe(403);
  expect(requireRole(argsFor(person("support")), "support").role).toBe("support");
  expect(requireRole(argsFor(person("admin")), "support").role).toBe("admin");
  expect(requireRole(argsFor(person("creator")), "creator", "support").role).toBe("creator");
  const signedOut = thrown(() => requireRole(argsFor(null), "admin")) as Response;
  expect(signedOut.status).toBe(302);
});
