/**
 * Every benchmark, one table: `npm run bench`. Labels (PDF sheets, QR codes), search latency at
 * catalogue scale, the public scan page under load, and checkout under contention. A missed
 * target is marked NO in the table; the run still exits 0, since the figures are reported, not
 * gated (a shared 2-core machine is too noisy to fail a build on them). A benchmark that cannot run at all is listed
 * with its error and makes the exit code 1.
 */
import { benchCheckout } from "./checkout";
import { benchLabels } from "./labels";
import { type BenchResult, formatTable } from "./lib";
import { benchScan } from "./scan";
import { benchSearch } from "./search";

// What is measured is the production configuration (no development logging of messages, say);
// the setting is read when a message is queued, not when modules load.
process.env.NODE_ENV ??= "production";

const log = (line: string) => console.info(line);
const benches: [string, () => Promise<BenchResult[]>][] = [
  ["labels", () => benchLabels()],
  ["search", () => benchSearch(log)],
  ["scan", () => benchScan(log)],
  ["checkout", () => benchCheckout(log)],
];

const results: BenchResult[] = [];
let broken = false;
for (const [name, run] of benches) {
  const started = performance.now();
  log(`${name}: running`);
  try {
    results.push(...(await run()));
    log(`${name}: done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } catch (error) {
    broken = true;
    console.error(error);
    results.push({
      name: `${name}: could not run`,
      value: String(error).slice(0, 80),
      target: "runs",
      ok: false,
    });
  }
}

console.info(`\n${formatTable(results)}\n`);
const missed = results.filter((r) => r.target !== "-" && !r.ok).length;
console.info(missed === 0 ? "Every target met." : `${missed} target(s) missed (marked NO above).`);
process.exitCode = broken ? 1 : 0;
