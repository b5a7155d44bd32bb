/**
 * The HTTP benchmark. Run: `node bench/http/run.mjs [--duration 5] [--rounds 3] [--warmup 1]
 * [--threads 2] [--connections 50] [--filter text]` (needs wrk and the packages built).
 *
 * Runs every scenario of scenarios.mjs in interleaved rounds (round-robin over the scenarios, each
 * round starting one further on, so drifting background load hits every scenario alike): each
 * measurement starts the scenario's own server process on a free loopback port, checks that it
 * answers 2xx with its headers, warms it up (1 s), loads it with `wrk -t2 -c50 -d<duration>s` and
 * stops it. Prints each scenario's median req/s, the spread
 * (min..max over the rounds), the ratio to the baseline's median and the server process's CPU time
 * per request (from /proc; steadier than req/s when other work shares the machine), and writes the
 * figures to bench/results/http-<timestamp>.json and bench/results/http-latest.json. Exits non-zero
 * when wrk is missing, a scenario fails to start or answers non-2xx.
 */
import { spawn } from "node:child_process";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { scenarios } from "./scenarios.mjs";
import { runWrk, wrkVersion } from "./wrk.mjs";

/** The scenario server processes still running. */
const children = new Set();
function stopAll() {
	for (const child of children) child.kill("SIGTERM");
}
process.once("exit", stopAll);
process.once("SIGINT", () => (stopAll(), process.exit(130)));

const { values: flags } = parseArgs({
	options: {
		duration: { type: "string", default: "5" },
		rounds: { type: "string", default: "3" },
		warmup: { type: "string", default: "1" },
		threads: { type: "string", default: "2" },
		connections: { type: "string", default: "50" },
		filter: { type: "string", multiple: true, default: [] }
	}
});
const settings = {
	threads: positive("threads"),
	connections: positive("connections"),
	seconds: positive("duration"),
	rounds: positive("rounds"),
	warmupSeconds: Number(flags.warmup)
};

function positive(name) {
	const value = Number(flags[name]);
	if (!Number.isInteger(value) || value <= 0) fail(`--${name} must be a positive whole number (got ${flags[name]})`);
	return value;
}

function fail(message) {
	console.error(`bench/http: ${message}`);
	stopAll();
	process.exit(1);
}


/** Starts one scenario's server process; resolves with its READY line, or { skip }. */
function startScenario(scenario) {
	const child = spawn(process.execPath, [new URL("./server.mjs", import.meta.url).pathname, scenario.name], { stdio: ["ignore", "pipe", "pipe"] });
	children.add(child);
	child.once("exit", () => children.delete(child));
	let stderr = "";
	child.stderr.on("data", (chunk) => (stderr += chunk));
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`${scenario.name}: no READY line within 60 s\n${stderr}`)), 60_000);
		createInterface({ input: child.stdout }).on("line", (line) => {
			if (line.startsWith("READY ")) {
				clearTimeout(timer);
				resolve({ child, ...JSON.parse(line.slice(6)) });
			} else if (line.startsWith("SKIP ")) {
				clearTimeout(timer);
				resolve({ skip: line.slice(5) });
			}
		});
		child.once("exit", (code) => {
			clearTimeout(timer);
			const hint = /ERR_MODULE_NOT_FOUND|Cannot find (module|package)/.test(stderr) ? "\n(build the packages first: pnpm build; install the bench workspace: pnpm install)" : "";
			reject(new Error(`${scenario.name}: the server process exited (${code}) before it was ready\n${stderr}${hint}`));
		});
	});
}

/** Clock ticks per second of /proc's CPU times. */
const ticksPerSecond = (() => {
	try {
		return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
	} catch {
		return 100;
	}
})();

/** CPU time (user + system) the process has used, in microseconds, or null off Linux. */
function cpuMicros(pid) {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
		const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
		return ((Number(fields[11]) + Number(fields[12])) / ticksPerSecond) * 1e6;
	} catch {
		return null;
	}
}

/** One wrk run, with the server process's CPU time per request (steadier than req/s under background load). */
async function measure(server, seconds) {
	const before = cpuMicros(server.child.pid);
	const result = await runWrk({ ...settings, seconds, url: server.target, headers: server.headers });
	const after = cpuMicros(server.child.pid);
	const cpuMicrosPerRequest = before === null || after === null || result.requests === 0 ? null : Number(((after - before) / result.requests).toFixed(2));
	return { ...result, cpuMicrosPerRequest };
}

/** Starts a scenario's server process and checks that it answers 2xx with its headers. */
async function launch(scenario) {
	const server = await startScenario(scenario);
	if (server.skip) return server;
	const target = new URL(server.path, server.url).href;
	const check = await fetch(target, { headers: server.headers }).catch((error) => fail(`${scenario.name}: ${target} did not answer (${error.message})`));
	if (check.status < 200 || check.status > 299) fail(`${scenario.name}: ${target} answered ${check.status}, not 2xx; its figures would measure a failure`);
	await check.arrayBuffer();
	return { ...server, target };
}

function stop(server) {
	if (server.child.exitCode !== null) return Promise.resolve();
	const exited = new Promise((resolve) => server.child.once("exit", resolve));
	server.child.kill("SIGTERM");
	return exited;
}

function median(values) {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const format = (n) => Math.round(n).toLocaleString("en-US");

const version = await wrkVersion();
if (!version) fail("wrk is not installed. Install it with: apt-get install -y wrk");

const filters = flags.filter.map((text) => text.toLowerCase());
const baseline = scenarios.find((scenario) => scenario.baseline);
if (!baseline) fail("scenarios.mjs marks no scenario as the baseline");
const chosen = scenarios.filter((scenario) => scenario.baseline || filters.length === 0 || filters.some((text) => scenario.name.toLowerCase().includes(text)));

console.log(`bench/http: ${chosen.length} scenarios, wrk -t${settings.threads} -c${settings.connections} -d${settings.seconds}s, ${settings.rounds} interleaved rounds`);
console.log(`  node ${process.version}, ${version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? "unknown"}); wrk and the servers share them`);

// A fresh server process for every measurement, started in a rotating order (each round begins
// one scenario further on): no scenario always runs first or last, or keeps one process's luck.
const entries = chosen.map((scenario) => ({ scenario, runs: [] }));
const skipped = [];
for (let round = 1; round <= settings.rounds; round++) {
	const live = entries.filter((entry) => !entry.skip);
	const offset = (round - 1) % live.length;
	for (const entry of [...live.slice(offset), ...live.slice(0, offset)]) {
		const server = await launch(entry.scenario).catch((error) => fail(error.message));
		if (server.skip) {
			entry.skip = server.skip;
			skipped.push({ name: entry.scenario.name, reason: server.skip });
			if (entry.scenario === baseline) fail(`the baseline (${baseline.name}) was skipped: ${server.skip}`);
			continue;
		}
		if (settings.warmupSeconds > 0) await measure(server, settings.warmupSeconds).catch((error) => fail(error.message));
		const result = await measure(server, settings.seconds).catch((error) => fail(error.message));
		await stop(server);
		entry.runs.push(result);
		const cpu = result.cpuMicrosPerRequest === null ? "" : `, ${result.cpuMicrosPerRequest} us CPU/request`;
		process.stdout.write(`  round ${round}/${settings.rounds} ${entry.scenario.name}: ${format(result.requestsPerSecond)} req/s${cpu}\n`);
	}
}
const started = entries.filter((entry) => !entry.skip);

const base = median(started.find((entry) => entry.scenario === baseline).runs.map((run) => run.requestsPerSecond));
const rows = started.map(({ scenario, runs }) => {
	const rates = runs.map((run) => run.requestsPerSecond);
	const middle = median(rates);
	const cpu = runs.every((run) => run.cpuMicrosPerRequest !== null) ? median(runs.map((run) => run.cpuMicrosPerRequest)) : null;
	return {
		name: scenario.name,
		server: scenario.server,
		module: scenario.module,
		export: scenario.export,
		args: scenario.args ?? [],
		baseline: scenario === baseline,
		medianRequestsPerSecond: Math.round(middle),
		minRequestsPerSecond: Math.round(Math.min(...rates)),
		maxRequestsPerSecond: Math.round(Math.max(...rates)),
		ratioToBaseline: Number((middle / base).toFixed(3)),
		cpuMicrosPerRequest: cpu,
		non2xx: runs.reduce((sum, run) => sum + run.non2xx, 0),
		socketErrors: runs.reduce((sum, run) => sum + run.socketErrors, 0),
		rounds: runs
	};
});

const table = [
	["scenario", "req/s (median)", "spread", "vs baseline", "server CPU/req (median)"],
	...rows.map((row) => [
		row.name + (row.non2xx > 0 ? ` (${row.non2xx} non-2xx!)` : ""),
		format(row.medianRequestsPerSecond),
		`${format(row.minRequestsPerSecond)}..${format(row.maxRequestsPerSecond)}`,
		`${row.ratioToBaseline.toFixed(2)}x`,
		row.cpuMicrosPerRequest === null ? "n/a" : `${row.cpuMicrosPerRequest.toFixed(1)} us`
	])
];
const widths = table[0].map((_, column) => Math.max(...table.map((line) => line[column].length)));
const line = (cells) => `| ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join(" | ")} |`;
console.log();
console.log(line(table[0]));
console.log(`|${widths.map((width, column) => (column === 0 ? "-".repeat(width + 2) : `${"-".repeat(width + 1)}:`)).join("|")}|`);
for (const cells of table.slice(1)) console.log(line(cells));
for (const { name, reason } of skipped) console.log(`  skipped: ${name} (${reason})`);

const date = new Date();
const results = new URL("../results/", import.meta.url);
mkdirSync(results, { recursive: true });
const report = JSON.stringify({ date: date.toISOString(), node: process.version, wrk: version, cpus: cpus().length, settings, baseline: baseline.name, scenarios: rows, skipped }, null, 2);
const file = new URL(`http-${date.toISOString().replace(/[:.]/g, "-")}.json`, results);
writeFileSync(file, report + "\n");
writeFileSync(new URL("http-latest.json", results), report + "\n");
console.log(`\n  written: ${file.pathname} (and http-latest.json)`);

const failed = rows.filter((row) => row.non2xx > 0);
if (failed.length > 0) fail(`non-2xx responses under load in: ${failed.map((row) => row.name).join(", ")}`);
