/**
 * `virtual:react-router/server-build` for the vitest workers project (aliased in
 * vitest.config.ts). The React Router Vite plugin generates this module in dev and build;
 * here it is built the same way from the same inputs — the route config in app/routes.ts,
 * the route modules, app/root.tsx and app/entry.server.tsx — so a test's Request goes
 * through app/worker.ts and the real routes. Only the client asset manifest is a stand-in
 * (no client bundle exists in tests; pages render their <script>/<link> tags against it).
 */
import type { RouteConfigEntry } from "@react-router/dev/routes";
import {
  UNSAFE_withComponentProps,
  UNSAFE_withErrorBoundaryProps,
  UNSAFE_withHydrateFallbackProps,
  type ServerBuild,
} from "react-router";
import * as entryServer from "~/entry.server";
import * as rootModule from "~/root";
import routeConfig from "~/routes";

type ServerRoute = NonNullable<ServerBuild["routes"][string]>;
type RouteModule = ServerRoute["module"];

/** Every route module under app/, keyed "/app/routes/…". Eager: workerd has no lazy fs. */
const modules = import.meta.glob<RouteModule>(["/app/routes/**/*.ts", "/app/routes/**/*.tsx", "!**/routes.ts"], {
  eager: true,
});

/** One row per route, as the plugin's route manifest has it (ids are file paths without extension). */
export interface ManifestRoute {
  id: string;
  parentId: string;
  file: string;
  path?: string;
  index?: boolean;
  caseSensitive?: boolean;
}

function flatten(entries: RouteConfigEntry[], parentId: string, out: ManifestRoute[]): ManifestRoute[] {
  for (const entry of entries) {
    const id = entry.id ?? entry.file.replace(/\.[^/.]+$/, "");
    out.push({
      id,
      parentId,
      file: entry.file,
      path: entry.path,
      index: entry.index,
      caseSensitive: entry.caseSensitive,
    });
    if (entry.children) flatten(entry.children, id, out);
  }
  return out;
}

/** Every route in app/routes.ts (root excluded), in config order. */
export const manifestRoutes: ManifestRoute[] = flatten(routeConfig, "root", []);

/** What the plugin's transform does to each route module: components get their props
 * (loaderData, actionData, params, matches) through React Router's wrappers. */
function withComponentProps(module: RouteModule): RouteModule {
  const m = module as unknown as Record<string, unknown>;
  const wrapped: Record<string, unknown> = { ...m };
  if (typeof m.default === "function") wrapped.default = UNSAFE_withComponentProps(m.default as never);
  if (typeof m.ErrorBoundary === "function")
    wrapped.ErrorBoundary = UNSAFE_withErrorBoundaryProps(m.ErrorBoundary as never);
  if (typeof m.HydrateFallback === "function")
    wrapped.HydrateFallback = UNSAFE_withHydrateFallbackProps(m.HydrateFallback as never);
  return wrapped as unknown as RouteModule;
}

function moduleFor(file: string): RouteModule {
  const found = modules[`/app/${file}`];
  if (!found) throw new Error(`app/routes.ts names ${file}, which tests/support/server-build.ts could not import`);
  return withComponentProps(found);
}

export const routes: ServerBuild["routes"] = {
  root: { id: "root", path: "", module: withComponentProps(rootModule as unknown as RouteModule) },
};
for (const route of manifestRoutes) {
  routes[route.id] = {
    id: route.id,
    parentId: route.parentId,
    path: route.path,
    index: route.index,
    caseSensitive: route.caseSensitive,
    module: moduleFor(route.file),
  };
}

function entryRoute(id: string, parentId: string | undefined, route: ServerRoute) {
  const m = route.module as unknown as Record<string, unknown>;
  return {
    id,
    parentId,
    path: route.path,
    index: route.index,
    caseSensitive: route.caseSensitive,
    module: `/assets/${id}.js`,
    hasAction: typeof m.action === "function",
    hasLoader: typeof m.loader === "function",
    hasClientAction: false,
    hasClientLoader: false,
    hasClientMiddleware: false,
    hasErrorBoundary: typeof m.ErrorBoundary === "function",
    clientActionModule: undefined,
    clientLoaderModule: undefined,
    clientMiddlewareModule: undefined,
    hydrateFallbackModule: undefined,
    imports: [],
    css: [],
  };
}

export const assets: ServerBuild["assets"] = {
  entry: { module: "/assets/entry.client.js", imports: [] },
  routes: Object.fromEntries(
    Object.entries(routes).map(([id, route]) => [id, entryRoute(id, route!.parentId, route!)]),
  ),
  url: "/assets/manifest-test.js",
  version: "test",
};

/** The app's entry, plus a handleError that prints what a route threw (a 500 in a test
 * should say why). */
export const entry: ServerBuild["entry"] = {
  module: {
    ...(entryServer as unknown as ServerBuild["entry"]["module"]),
    handleError(error, { request }) {
      if (!request.signal.aborted) console.error(`[server-build] ${request.method} ${request.url}:`, error);
    },
  },
};
export const assetsBuildDirectory = "build/client";
export const basename = "/";
export const future: ServerBuild["future"] = {};
export const ssr = true;
export const isSpaMode = false;
export const prerender: string[] = [];
export const routeDiscovery: ServerBuild["routeDiscovery"] = { mode: "lazy", manifestPath: "/__manifest" };
export const publicPath = "/";
export const allowedActionOrigins: ServerBuild["allowedActionOrigins"] = undefined;
