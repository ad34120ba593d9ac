import { route } from "@react-router/dev/routes";

export const authRoutes = [route("sign-in", "routes/auth/sign-in.tsx"), route("sign-out", "routes/auth/sign-out.tsx")];
