// The soak's server: a child process (forked by scripts/soak.mjs with an IPC channel) running an identity on a SQLite file through @identity/kysely, hashing on the worker
// pool, served by @identity/node's serve() on loopback. Soak-only instrumentation goes over IPC,
// never over HTTP: heap after a forced GC, event-loop delay, errors the handler threw.
//
// The client address is read from the `x-soak-address` header so the driver can vary it: never do
// that in production (a client could pick its own address and walk round the per-address limit).
import { monitorEventLoopDelay } from "node:perf_hooks";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { importWorkspace } from "./workspace.mjs";

const { createIdentity, createPbkdf2Hasher } = await importWorkspace("core");
const { createKyselyStore } = await importWorkspace("kysely");
const { createSqliteDatabase } = await importWorkspace("kysely", "/sqlite");
const { clientAddressOf, createWorkerPoolHasher, serve } = await importWorkspace("node");
const { randomBytes } = await import("node:crypto");

if (typeof process.send !== "function") {
	console.error("soak server: run by scripts/soak.mjs (it needs the IPC channel)");
	process.exit(2);
}
// A forced GC without `node --expose-gc` on the command line: the pool's workers start with the
// process's flags, and a pool from before @identity/node's fix for V8 flags
// (ERR_WORKER_INVALID_EXEC_ARGV) failed every hash under them. So the flag is set at run time and
// `gc` taken from a new context, which works with either.
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc");

let running = null;
let handlerErrors = 0;
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();

const send = (message) => process.send(message);

async function seed(identity, store, users) {
	const legacy = createPbkdf2Hasher({ iterations: 29_000 }); // passlib's default: outdated, upgraded at login
	const hashes = new Map();
	for (const user of users) {
		const key = `${user.legacy ? "legacy" : "current"}:${user.password}`;
		if (!hashes.has(key)) hashes.set(key, user.legacy ? await legacy.hash(user.password) : await identity.hashPassword(user.password));
		await store.createUser({ username: user.username, password: hashes.get(key) });
	}
}

async function start({ dbPath, users }) {
	const db = await createSqliteDatabase(dbPath);
	const store = createKyselyStore(db);
	const pool = createWorkerPoolHasher(); // SPEC: every format off the event loop
	const identity = createIdentity({
		store,
		secret: randomBytes(32).toString("base64url"),
		password: { hasher: pool },
		getClientAddress: (request) => request.headers.get("x-soak-address") ?? clientAddressOf(request)
	});
	const { handle, loginRequired, authRequired, currentUser, getAuthToken } = identity;
	await seed(identity, store, users);

	const routes = {
		"GET /api/me": loginRequired((request) => Response.json({ id: currentUser(request).id })),
		"GET /api/data": authRequired((request) => Response.json({ id: currentUser(request).id }), "token"),
		"POST /api/token": authRequired(async (request) => Response.json({ token: await getAuthToken(currentUser(request)) }), "session")
	};
	const app = (request) => {
		const { pathname } = new URL(request.url);
		if (pathname.startsWith("/identity/")) return handle(request);
		const route = routes[`${request.method} ${pathname}`];
		return route ? route(request) : new Response("Not found", { status: 404 });
	};
	const server = await serve(app, {
		hostname: "127.0.0.1",
		onError(error) {
			handlerErrors++;
			// The name and code only: a message could quote request data.
			console.error(`soak server: the handler threw ${error?.name ?? "an error"} ${error?.code ?? ""}`);
		}
	});
	running = { db, pool, server };
	return server.url;
}

function heap() {
	gc();
	gc();
	const { heapUsed, heapTotal, rss, external, arrayBuffers } = process.memoryUsage();
	return { heapUsed, heapTotal, rss, external, arrayBuffers };
}

process.on("message", async (message) => {
	try {
		if (message.type === "start") send({ type: "ready", url: await start(message) });
		else if (message.type === "heap") {
			const measured = heap();
			if (message.resetLoopDelay) loopDelay.reset(); // after the forced GC, whose pause is ours
			send({ type: "heap", ...measured });
		} else if (message.type === "stats") {
			const ms = (ns) => Math.round(ns / 1e4) / 100;
			send({
				type: "stats",
				handlerErrors,
				loopDelay: { p50: ms(loopDelay.percentile(50)), p99: ms(loopDelay.percentile(99)), max: ms(loopDelay.max), mean: ms(loopDelay.mean) }
			});
			if (message.resetLoopDelay) loopDelay.reset();
		} else if (message.type === "stop") {
			if (running) {
				await running.server.close();
				await running.pool.close();
				await running.db.destroy();
			}
			send({ type: "stopped" });
			process.disconnect();
		}
	} catch (error) {
		// Our errors' messages never carry credentials (STYLE 2.5); the stack stays here.
		send({ type: "failed", message: `${message.type}: ${error?.name ?? "Error"} ${error?.code ?? ""} ${error?.message ?? ""}` });
	}
});
