/** The demo accounts the seed creates and the local sign-in page offers, one per role. */
export const DEMO_EMAIL_DOMAIN = "demo.botcafe.test";

export const DEMO_ACCOUNTS = [
  { id: "demo-admin", email: `admin@${DEMO_EMAIL_DOMAIN}`, display_name: "Alex Admin", role: "admin" },
  { id: "demo-creator", email: `creator@${DEMO_EMAIL_DOMAIN}`, display_name: "Casey Creator", role: "creator" },
  { id: "demo-user", email: `user@${DEMO_EMAIL_DOMAIN}`, display_name: "Sam User", role: "user" },
  { id: "demo-support", email: `support@${DEMO_EMAIL_DOMAIN}`, display_name: "Riley Support", role: "support" },
] as const;
