/**
 * The login storm: `node bench/http/storm.mjs [--duration 5] [--logins 50] [--connections 10]`.
 *
 * One server process per hasher (inline hash-wasm on the event loop, @identity/node's worker pool
 * with its default size, native @node-rs/argon2 on libuv's pool) serves both a guarded read
 * (`loginRequired`, session cookie, SQLite) and the JSON login route. For each hasher: the guarded
 * reads alone (`wrk --latency`, quiet), then the same reads while `--logins` clients (50) log in
 * with the right password in a loop (Argon2id m=19456 t=2, every login a full verify). Prints the
 * reads' p50/p99 and req/s, and the logins per second (the logins started during the reads, all
 * waited for); then the logins alone for as long (the login capacity: full logins through the route,
 * with no reads); writes bench/results/storm-*.json.
 * The goal (issue 10): p99 of guarded reads < 20 ms during the storm with the worker pool.
 */
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { runWrk, wrkVersion } from "./wrk.mjs";

const { values: flags } = parseArgs({
	options: {
		serve: { type: "string" },
		duration: { type: "string", default: "5" },
		logins: { type: "string", default: "50" },
		connections: { type: "string", default: "10" }
	}
});
const PASSWORD = "correct horse battery staple";
const NATIVE = "native @node-rs/argon2";
/** Each row's hasher, and the server's environment: native twice, on libuv's default pool (4 threads) and on one thread per core. */
const hashers = [
	{ kind: "inline hash-wasm", label: "inline hash-wasm" },
	{ kind: "worker pool", label: "worker pool" },
	{ kind: NATIVE, label: NATIVE },
	{ kind: NATIVE, label: `${NATIVE}, UV_THREADPOOL_SIZE=${availableParallelism()}`, env: { UV_THREADPOOL_SIZE: String(availableParallelism()) } }
];

if (flags.serve) await serve(flags.serve);
else await main();

/** The server side: `--serve <hasher>`. Prints `READY {url, cookie}`. */
async function serve(kind) {
	const [{ createIdentity }, { createKyselyStore }, { createSqliteDatabase }, node, { serve: serveHono }] = await Promise.all([
		import("@identity/core"),
		import("@identity/kysely"),
		import("@identity/kysely/sqlite"),
		import("@identity/node"),
		import("@hono/node-server")
	]);
	const hasher = kind === "worker pool" ? node.createWorkerPoolHasher() : kind === NATIVE ? await node.createNativeArgon2Hasher() : undefined;
	const db = await createSqliteDatabase(":memory:");
	const store = createKyselyStore(db);
	// The storm's logins would trip the login throttle, which is not what is measured here.
	const identity = createIdentity({ store, secret: "bench-secret-0123456789abcdef0123456789abcdef", password: { hasher }, rateLimit: false });
	const hash = await identity.hashPassword(PASSWORD);
	const reader = await store.createUser({ username: "reader", password: hash });
	// The storm logs in as another user: a login with the default single session rotates the
	// user's uniquifier, which would sign the reader out.
	await store.createUser({ username: "storm", password: hash });
	const request = new Request("http://127.0.0.1/login", { method: "POST" });
	await identity.loginUser(request, reader);
	const cookie = identity
		.applyCookies(request, new Response(null))
		.headers.getSetCookie()
		.map((line) => line.split(";")[0])
		.join("; ");
	const guarded = identity.loginRequired(() => new Response("ok"));
	const fetch = (req) => (new URL(req.url).pathname.startsWith("/identity/") ? identity.handle(req) : guarded(req));
	const server = serveHono({ fetch, port: 0, hostname: "127.0.0.1" }, (info) => {
		console.log(`READY ${JSON.stringify({ url: `http://127.0.0.1:${info.port}`, cookie })}`);
	});
	process.once("SIGTERM", async () => {
		server.close();
		await hasher?.close?.();
		await db.destroy();
		process.exit(0);
	});
}

function start({ kind, env }) {
	const child = spawn(process.execPath, [new URL(import.meta.url).pathname, "--serve", kind], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
	let stderr = "";
	child.stderr.on("data", (chunk) => (stderr += chunk));
	return new Promise((resolve, reject) => {
		createInterface({ input: child.stdout }).on("line", (line) => {
			if (line.startsWith("READY ")) resolve({ child, ...JSON.parse(line.slice(6)) });
		});
		child.once("exit", (code) => reject(new Error(`storm server (${kind}) exited (${code}):\n${stderr}`)));
	});
}

/**
 * `clients` concurrent login loops; each starts a new login until `signal` aborts, and finishes the
 * one in flight. Resolves with the logins done, failures, and the seconds from start to the last.
 */
async function storm(url, clients, signal) {
	let ok = 0;
	let failed = 0;
	const started = performance.now();
	const body = JSON.stringify({ username: "storm", password: PASSWORD });
	const headers = { "content-type": "application/json", accept: "application/json", origin: url };
	await Promise.all(
		Array.from({ length: clients }, async () => {
			while (!signal.aborted) {
				try {
					const response = await fetch(`${url}/identity/login`, { method: "POST", headers, body });
					await response.arrayBuffer();
					if (response.ok) ok++;
					else failed++;
				} catch {
					failed++;
				}
			}
		})
	);
	return { ok, failed, seconds: (performance.now() - started) / 1000 };
}

async function main() {
	const version = await wrkVersion();
	if (!version) {
		console.error("bench/storm: wrk is not installed. Install it with: apt-get install -y wrk");
		process.exit(1);
	}
	const seconds = Number(flags.duration);
	const clients = Number(flags.logins);
	const connections = Number(flags.connections);
	console.log(`bench/storm: guarded reads (wrk -t1 -c${connections} -d${seconds}s) quiet, then during ${clients} concurrent Argon2id logins; ${availableParallelism()} CPUs`);
	const rows = [];
	for (const hasher of hashers) {
		const kind = hasher.label;
		const server = await start(hasher);
		const read = (duration) => runWrk({ url: `${server.url}/`, headers: { cookie: server.cookie }, threads: 1, connections, seconds: duration });
		await read(1);
		const quiet = await read(seconds);
		const controller = new AbortController();
		const stormDone = storm(server.url, clients, controller.signal);
		await new Promise((resolve) => setTimeout(resolve, 500)); // let the storm build up
		const busy = await read(seconds);
		controller.abort();
		const logins = await stormDone;
		const aloneController = new AbortController();
		const aloneDone = storm(server.url, clients, aloneController.signal);
		await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
		aloneController.abort();
		const alone = await aloneDone;
		server.child.kill("SIGTERM");
		const row = {
			hasher: kind,
			quiet: { requestsPerSecond: quiet.requestsPerSecond, p50: quiet.latencyMs.p50, p99: quiet.latencyMs.p99 },
			storm: { requestsPerSecond: busy.requestsPerSecond, p50: busy.latencyMs.p50, p99: busy.latencyMs.p99, non2xx: busy.non2xx },
			loginsPerSecond: Number((logins.ok / logins.seconds).toFixed(1)),
			loginFailures: logins.failed,
			loginsAlonePerSecond: Number((alone.ok / alone.seconds).toFixed(1)),
			loginsAloneFailures: alone.failed
		};
		rows.push(row);
		console.log(`  ${kind}: reads p99 ${row.quiet.p99} ms quiet, ${row.storm.p99} ms in the storm; ${row.loginsPerSecond} logins/s (storm), ${row.loginsAlonePerSecond} logins/s alone`);
	}
	const cells = [["hasher", "reads quiet: req/s, p99", "reads in the storm: req/s, p50, p99", "logins/s (storm)", "logins/s alone", "p99 < 20 ms"]];
	for (const row of rows) {
		cells.push([
			row.hasher,
			`${Math.round(row.quiet.requestsPerSecond)}, ${row.quiet.p99} ms`,
			`${Math.round(row.storm.requestsPerSecond)}, ${row.storm.p50} ms, ${row.storm.p99} ms`,
			String(row.loginsPerSecond),
			`${row.loginsAlonePerSecond}${row.loginsAloneFailures ? ` (${row.loginsAloneFailures} failed)` : ""}`,
			row.storm.p99 !== null && row.storm.p99 < 20 ? "yes" : "no"
		]);
	}
	console.log();
	for (const line of cells) console.log(`| ${line.join(" | ")} |`);
	const date = new Date();
	const results = new URL("../results/", import.meta.url);
	mkdirSync(results, { recursive: true });
	const report = JSON.stringify({ date: date.toISOString(), node: process.version, wrk: version, cpus: availableParallelism(), settings: { seconds, clients, connections }, rows }, null, 2) + "\n";
	writeFileSync(new URL(`storm-${date.toISOString().replace(/[:.]/g, "-")}.json`, results), report);
	writeFileSync(new URL("storm-latest.json", results), report);
	console.log(`\n  written: bench/results/storm-latest.json`);
}
