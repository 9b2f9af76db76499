import { defineConfig } from "drizzle-kit";

// drizzle-kit generates SQL from db/schema; the app applies it at start (db/client.server.ts).
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./db/migrations",
  ...(process.env.DATABASE_URL ? { dbCredentials: { url: process.env.DATABASE_URL } } : {}),
});
