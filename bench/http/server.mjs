/**
 * One scenario's server process: `node bench/http/server.mjs <scenario name>`. Prints one line,
 * `READY {"url", "headers", "path"}` or `SKIP <reason>`, then serves until SIGTERM.
 */
import { scenarios } from "./scenarios.mjs";
import { servers } from "./servers.mjs";

const name = process.argv[2];
const scenario = scenarios.find((candidate) => candidate.name === name);
if (!scenario) throw new Error(`No scenario named ${JSON.stringify(name)}`);
const start = servers[scenario.server];
if (!start) throw new Error(`Scenario ${JSON.stringify(name)}: unknown server ${JSON.stringify(scenario.server)}`);

const specifier = scenario.module.startsWith(".") ? new URL(scenario.module, import.meta.url).href : scenario.module;
const factory = (await import(specifier))[scenario.export ?? "default"];
if (typeof factory !== "function") throw new Error(`Scenario ${JSON.stringify(name)}: ${scenario.module} has no function ${scenario.export}`);
const app = await factory(...(scenario.args ?? []));
if (app.skip) {
	console.log(`SKIP ${app.skip}`);
	process.exit(0);
}
const server = await start(app, "127.0.0.1");
console.log(`READY ${JSON.stringify({ url: server.url, headers: app.headers ?? {}, path: app.path ?? "/" })}`);

process.once("SIGTERM", async () => {
	await server.close();
	await app.close?.();
	process.exit(0);
});
