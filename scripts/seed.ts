// Adds the demo data (idempotent: running it again changes nothing), then prints row counts.
import { countDemoData, seedDemoData } from "../db/seed";
import { loadEnvOrExit, openAppDb } from "./lib/boot";

const env = loadEnvOrExit();
const handle = await openAppDb(env);
try {
  await seedDemoData(handle.db);
  const c = await countDemoData(handle.db);
  console.info(
    `Demo data in place: ${c.users} users, ${c.cooperatives} cooperatives, ${c.products} products, ${c.batches} batches, ${c.events} trace events.`,
  );
} finally {
  await handle.close();
}
