#!/usr/bin/env node
// `pnpm soak`: a load-and-soak run against a real server (not a unit test). It forks
// scripts/soak/server.mjs (an identity on a SQLite file in a temporary directory through
// @identity/kysely, the worker-pool hasher, @identity/node's serve() on 127.0.0.1), seeds users,
// then drives mixed traffic from many connections for --duration seconds (default 120): guarded
// reads by cookie and bearer token, token calls, logouts, login storms (bursts of concurrent
// logins, right and wrong passwords, unknown names, from varying addresses), owners of sprayed
// accounts, and hostile requests. Afterwards it checks: no 5xx and no error thrown in the server,
// no network error, every answer the expected one, the store's loginCount of every user equal to
// the successful logins counted here, and heap growth (after forced GC) within a bound. It writes
// bench/results/soak-latest.json and exits 1 when a check fails. Needs the built packages.
//
// Flags: --duration <s> (120), --readers <n> (32), --think <ms> (20, a reader's pause between
// requests), --storm-size <n> (50), --storm-every <s> (12: storms start at least this far apart,
// with 8 s of quiet after each), --hostile <n> (2 hostile clients),
// --max-heap-growth-mb <n> (64), --out <file>.
import { fork, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { parseArgs } from "node:util";
import { hostileCases } from "./soak/hostile.mjs";
import { jsonOf, keepAliveAgent, createJar } from "./soak/http.mjs";
import { percentile, createStats } from "./soak/stats.mjs";
import { createTraffic } from "./soak/traffic.mjs";
import { importWorkspace, root } from "./soak/workspace.mjs";

const { values: flags } = parseArgs({
	options: {
		duration: { type: "string", default: "120" },
		readers: { type: "string", default: "32" },
		think: { type: "string", default: "20" },
		"storm-size": { type: "string", default: "50" },
		"storm-every": { type: "string", default: "12" },
		hostile: { type: "string", default: "2" },
		"max-heap-growth-mb": { type: "string", default: "64" },
		out: { type: "string", default: join(root, "bench", "results", "soak-latest.json") }
	}
});
const number = (name, min = Number.MIN_VALUE) => {
	const value = Number(flags[name]);
	if (!Number.isFinite(value) || value < min) {
		console.error(`soak: --${name} must be ${min === Number.MIN_VALUE ? "a positive number" : `a number >= ${min}`}`);
		process.exit(2);
	}
	return value;
};
const config = {
	durationSeconds: number("duration"),
	readers: Math.round(number("readers")),
	thinkMs: number("think"),
	stormSize: Math.round(number("storm-size")),
	stormEverySeconds: number("storm-every"),
	hostileClients: Math.round(number("hostile", 0)),
	maxHeapGrowthMiB: number("max-heap-growth-mb")
};
const log = (message) => console.log(`[soak] ${message}`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const MiB = (bytes) => Math.round((bytes / 1024 / 1024) * 10) / 10;

// ---- the users (passwords are random per run and never printed) --------------------------------
const secretWord = () => randomBytes(12).toString("base64url");
const passwords = { reader: secretWord(), storm: secretWord(), legacy: secretWord(), victim: secretWord(), hostile: secretWord() };
const pad = (i) => String(i).padStart(3, "0");
const plan = {
	readers: Array.from({ length: config.readers }, (_, i) => ({ username: `reader-${pad(i)}`, password: passwords.reader })),
	storm: Array.from({ length: 100 }, (_, i) =>
		i < 10 ? { username: `legacy-${pad(i)}`, password: passwords.legacy, legacy: true } : { username: `storm-${pad(i)}`, password: passwords.storm }
	),
	victims: Array.from({ length: 10 }, (_, i) => ({ username: `victim-${pad(i)}`, password: passwords.victim })),
	hostile: { username: "hostile-user", password: passwords.hostile }
};
const allUsers = [...plan.readers, ...plan.storm, ...plan.victims, plan.hostile];

// ---- the server --------------------------------------------------------------------------------
const dir = mkdtempSync(join(tmpdir(), "identity-soak-"));
const dbPath = join(dir, "soak.db");
const child = fork(join(root, "scripts", "soak", "server.mjs"), [], { execArgv: [], stdio: ["ignore", "inherit", "inherit", "ipc"] });
let childExit = null;
const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve((childExit = { code, signal }))));

function ask(message, reply, timeoutMs = 180_000) {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => finish(new Error(`soak: no "${reply}" from the server in ${timeoutMs / 1000} s`)), timeoutMs);
		const onMessage = (answer) => {
			if (answer.type === reply) finish(null, answer);
			else if (answer.type === "failed") finish(new Error(`soak: the server failed: ${answer.message}`));
		};
		const onExit = () => finish(new Error(`soak: the server exited (${JSON.stringify(childExit)})`));
		function finish(error, answer) {
			clearTimeout(timer);
			child.off("message", onMessage).off("exit", onExit);
			error ? reject(error) : resolve(answer);
		}
		child.on("message", onMessage).once("exit", onExit);
		child.send(message);
	});
}

/**
 * An idle process measuring its own event-loop delay: what the shared machine's scheduling alone
 * costs, to read the server's figure against.
 */
function startCanary() {
	const code = `const h = require("node:perf_hooks").monitorEventLoopDelay({ resolution: 10 }); h.enable();
process.on("message", () => { const ms = (ns) => Math.round(ns / 1e4) / 100; process.send({ p99: ms(h.percentile(99)), max: ms(h.max) }, () => process.exit(0)); });`;
	const canary = spawn(process.execPath, ["-e", code], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
	return () =>
		new Promise((resolve) => {
			canary.once("message", resolve);
			canary.once("exit", () => resolve(null));
			canary.send("report");
		});
}

async function main() {
	const startedAt = new Date();
	const loadBefore = loadavg();
	log(`seeding ${allUsers.length} users and starting the server (SQLite in ${dir}; worker-pool hasher)`);
	const { url } = await ask({ type: "start", dbPath, users: allUsers }, "ready");
	log(`server at ${url}`);

	const stats = createStats();
	let active = 0;
	const clock = { stormActive: () => active > 0, stormStarted: () => active++, stormEnded: () => active-- };
	const traffic = createTraffic({ url, stats, plan, clock });

	// Warm-up: the hostile user's credentials, the owners' device cookies, every reader signed in.
	const setupAgent = keepAliveAgent(4);
	const hostileLogin = await traffic.login(setupAgent, "login.setup", { ...plan.hostile, address: "198.51.100.250", expected: [200] });
	const hostileJar = createJar();
	hostileJar.take(hostileLogin);
	const sessionName = hostileJar.names().find((name) => name.includes("session"));
	const credentials = {
		cookie: hostileJar.header((name) => name === sessionName),
		sessionValue: hostileJar.get(sessionName),
		bearer: jsonOf(hostileLogin)?.authenticationToken
	};
	if (hostileLogin.status !== 200 || !credentials.bearer || !sessionName) throw new Error(`soak: the setup login failed (${hostileLogin.status ?? hostileLogin.error})`);
	const owners = plan.victims.map((user, i) => ({ user, address: `192.0.2.${i + 1}`, jar: createJar() }));
	for (const owner of owners) await traffic.signInOwner(owner, setupAgent);
	setupAgent.destroy();

	let stopped = false;
	const isStopped = () => stopped;
	const readers = plan.readers.map((user, i) => traffic.reader(user, i, { think: config.thinkMs, stopped: isStopped }));
	await sleep(5000);
	const heapBefore = await ask({ type: "heap", resetLoopDelay: true }, "heap");
	log(`warm-up done; heap used ${MiB(heapBefore.heapUsed)} MiB after GC; running ${config.durationSeconds} s`);

	const canaryReport = startCanary();
	const runStarted = performance.now();
	const cases = hostileCases(credentials);
	const loops = [
		...readers,
		traffic.trickle(owners, { stopped: isStopped }),
		...Array.from({ length: config.hostileClients }, (_, i) => traffic.hostile(cases, { stopped: isStopped, offset: i * 7 }))
	];
	const storms = [];
	const stormLoop = (async () => {
		let next = runStarted + 5000;
		while (!stopped) {
			await sleep(Math.max(0, next - performance.now()));
			if (stopped) break;
			const began = performance.now();
			const ms = await traffic.storm(config.stormSize);
			storms.push({ atSeconds: Math.round((began - runStarted) / 100) / 10, ms: Math.round(ms) });
			next = Math.max(began + config.stormEverySeconds * 1000, performance.now() + 8000); // a quiet spell after each storm
		}
	})();
	const progress = setInterval(() => {
		const r = stats.report();
		log(`${Math.round((performance.now() - runStarted) / 1000)} s: ${r.requests} requests, ${r.fiveXX} 5xx, ${r.unexpected} unexpected, ${storms.length} storms`);
	}, 15_000);
	await sleep(config.durationSeconds * 1000);
	stopped = true;
	clearInterval(progress);
	await Promise.all([...loops, stormLoop]);
	const runSeconds = (performance.now() - runStarted) / 1000;
	await sleep(1000);

	const idle = await canaryReport();
	const server = await ask({ type: "stats" }, "stats"); // before the forced GC below, whose pause is ours
	const heapAfter = await ask({ type: "heap" }, "heap");
	await ask({ type: "stop" }, "stopped");
	await exited;

	// The store's own login tracking, read from the database file after the server stopped.
	const { createKyselyStore } = await importWorkspace("kysely");
	const { createSqliteDatabase } = await importWorkspace("kysely", "/sqlite");
	const db = await createSqliteDatabase(dbPath);
	const store = createKyselyStore(db);
	const stored = [];
	for (let offset = 0; ; offset += 100) {
		const page = await store.listUsers({ limit: 100, offset });
		stored.push(...page);
		if (page.length < 100) break;
	}
	await db.destroy();
	const mismatches = [];
	let storedTotal = 0;
	for (const user of stored) {
		const counted = stats.logins.get(user.username) ?? 0;
		storedTotal += user.loginCount ?? 0;
		if ((user.loginCount ?? 0) !== counted) mismatches.push({ username: user.username, loginCount: user.loginCount, counted });
	}
	const legacyUsers = stored.filter((user) => user.username.startsWith("legacy-"));
	const legacyLoggedIn = legacyUsers.filter((user) => (stats.logins.get(user.username) ?? 0) > 0);
	// Only the prefix is looked at: a hash is never printed.
	const legacyUpgraded = legacyLoggedIn.filter((user) => user.password.startsWith("$argon2id$")).length;

	const report = stats.report();
	const growth = heapAfter.heapUsed - heapBefore.heapUsed;
	const stormTimes = storms.map((s) => s.ms);
	const checks = {
		no5xx: report.fiveXX === 0 && server.handlerErrors === 0,
		expectedAnswersOnly: report.unexpected === 0,
		loginCountsExact: mismatches.length === 0 && stored.length === allUsers.length,
		legacyHashesUpgraded: legacyUpgraded === legacyLoggedIn.length,
		heapGrowthWithinBound: growth <= config.maxHeapGrowthMiB * 1024 * 1024
	};
	const summary = {
		date: startedAt.toISOString(),
		command: ["npx -y pnpm@10.34.8 soak", ...process.argv.slice(2)].join(" "),
		node: process.version,
		machine: { cpus: cpus().length, loadAverageBefore: loadBefore.map((l) => Math.round(l * 100) / 100), loadAverageAfter: loadavg().map((l) => Math.round(l * 100) / 100) },
		config,
		runSeconds: Math.round(runSeconds * 10) / 10,
		requests: report.requests,
		requestsPerSecond: Math.round(report.requests / runSeconds),
		fiveXX: report.fiveXX,
		serverHandlerErrors: server.handlerErrors,
		networkErrors: report.networkErrors,
		// Connections the server closed on a request it refuses unread (a body over 2 MiB, headers over 16 KiB).
		networkErrorsOnRefusedRequests: report.toleratedResets,
		unexpected: report.unexpected,
		unexpectedSamples: report.unexpectedSamples,
		guardedReadsMs: report.guardedReads,
		hostileLatencyMs: report.hostileLatency,
		storms: { count: storms.length, size: config.stormSize, durationMs: { p50: percentile(stormTimes, 50), max: percentile(stormTimes, 100) }, list: storms },
		serverEventLoopDelayMs: server.loopDelay,
		idleProcessEventLoopDelayMs: idle,
		heapMiB: { before: MiB(heapBefore.heapUsed), after: MiB(heapAfter.heapUsed), growth: MiB(growth), bound: config.maxHeapGrowthMiB, rssBefore: MiB(heapBefore.rss), rssAfter: MiB(heapAfter.rss) },
		loginCounts: { users: stored.length, successfulLoginsCounted: report.successfulLogins, loginCountInStore: storedTotal, mismatches: mismatches.slice(0, 10) },
		legacyHashes: { loggedIn: legacyLoggedIn.length, upgradedToArgon2id: legacyUpgraded },
		checks,
		kinds: report.kinds
	};
	mkdirSync(dirname(flags.out), { recursive: true });
	writeFileSync(flags.out, `${JSON.stringify(summary, null, 2)}\n`);
	printSummary(summary);
	log(`summary written to ${relative(process.cwd(), flags.out) || flags.out}`);
	return Object.values(checks).every(Boolean);
}

function printSummary(s) {
	const line = (label, value) => console.log(`  ${label.padEnd(30)} ${value}`);
	console.log("\nsoak summary");
	line("run", `${s.runSeconds} s, ${s.requests} requests (${s.requestsPerSecond}/s), load ${s.machine.loadAverageBefore[0]} -> ${s.machine.loadAverageAfter[0]} on ${s.machine.cpus} cores`);
	for (const [kind, k] of Object.entries(s.kinds)) {
		const errors = Object.keys(k.networkErrors).length ? ` network ${JSON.stringify(k.networkErrors)}` : "";
		line(kind, `${k.requests}  ${JSON.stringify(k.statuses)}${errors}${k.unexpected ? `  UNEXPECTED ${k.unexpected}` : ""}`);
	}
	const r = s.guardedReadsMs;
	line("guarded reads p50 / p99", `all ${r.all.p50} / ${r.all.p99} ms; normal ${r.normal.p50} / ${r.normal.p99} ms (${r.normal.count}); storms ${r.duringStorms.p50} / ${r.duringStorms.p99} ms (${r.duringStorms.count})`);
	line("hostile p50 / p99 / max", `${s.hostileLatencyMs.p50} / ${s.hostileLatencyMs.p99} / ${s.hostileLatencyMs.max} ms`);
	line("storms", `${s.storms.count} x ${s.storms.size} logins, each ${s.storms.durationMs.p50} ms (median), ${s.storms.durationMs.max} ms (max)`);
	const idle = s.idleProcessEventLoopDelayMs;
	line("event-loop delay p99 / max", `server ${s.serverEventLoopDelayMs.p99} / ${s.serverEventLoopDelayMs.max} ms; an idle process ${idle?.p99} / ${idle?.max} ms`);
	line("5xx / handler errors / network", `${s.fiveXX} / ${s.serverHandlerErrors} / ${s.networkErrors} (${s.networkErrorsOnRefusedRequests} of them on requests refused unread)`);
	line("heap used after GC", `${s.heapMiB.before} -> ${s.heapMiB.after} MiB (growth ${s.heapMiB.growth}, bound ${s.heapMiB.bound}); rss ${s.heapMiB.rssBefore} -> ${s.heapMiB.rssAfter} MiB`);
	line("login counts", `${s.loginCounts.successfulLoginsCounted} counted, ${s.loginCounts.loginCountInStore} in the store over ${s.loginCounts.users} users, ${s.loginCounts.mismatches.length} mismatches`);
	line("legacy hashes upgraded", `${s.legacyHashes.upgradedToArgon2id} of ${s.legacyHashes.loggedIn} logged in`);
	for (const [name, ok] of Object.entries(s.checks)) line(`check ${name}`, ok ? "pass" : "FAIL");
}

let ok = false;
try {
	ok = await main();
} catch (error) {
	console.error(error instanceof Error ? error.message : error);
} finally {
	if (childExit === null) child.kill("SIGTERM");
	rmSync(dir, { recursive: true, force: true });
}
process.exit(ok ? 0 : 1);
