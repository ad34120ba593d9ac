/**
 * The route table, read top to bottom. Each area keeps its routes in
 * app/routes/<area>/routes.ts; paths there are relative to app/.
 */
import { index, route, type RouteConfig } from "@react-router/dev/routes";
import { accountRoutes } from "./routes/account/routes";
import { authRoutes } from "./routes/auth/routes";
import { billingRoutes } from "./routes/billing/routes";
import { botRoutes } from "./routes/bots/routes";
import { chatRoutes } from "./routes/chat/routes";
import { creatorRoutes } from "./routes/creators/routes";
import { helpRoutes } from "./routes/help/routes";
import { knowledgeRoutes } from "./routes/knowledge/routes";
import { legalRoutes } from "./routes/legal/routes";
import { staffRoutes } from "./routes/staff/routes";
import { supportRoutes } from "./routes/support/routes";
import { wellbeingRoutes } from "./routes/wellbeing/routes";

export default [
  index("routes/home.tsx"),
  ...authRoutes,
  ...botRoutes,
  ...creatorRoutes,
  ...chatRoutes,
  ...knowledgeRoutes,
  ...helpRoutes,
  ...legalRoutes,
  ...accountRoutes,
  ...supportRoutes,
  ...staffRoutes,
  ...wellbeingRoutes,
  ...billingRoutes,
  route("media/*", "routes/media/file.ts"),
  route("*", "routes/not-found.tsx"),
] satisfies RouteConfig;
