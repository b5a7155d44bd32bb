// One application instance for the throttle acceptance test (throttle-acceptance.ts), run in its own
// Node process: a real identity behind a real HTTP server on loopback, sharing its counters with
// the other instances through a PostgreSQL/MariaDB store or a Redis coordinator. It reads one JSON
// command per stdin line and answers with JSON lines on stdout. No vitest here: it runs under plain node.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createInterface } from "node:readline";
import { createIdentity, createPbkdf2Hasher, type Coordinator, type IdentityStore, type PasswordHasher } from "@identity/core";

/** The `rateLimit` option every instance of one acceptance run is given (the test asserts against it). */
export interface ThrottleLimits {
	maxPerIdentity: number;
	maxPerAddress: number;
	maxGlobal: number;
	windowSeconds: number;
	storage: "store" | "coordinator";
}

/** What an instance counted: real password checks (hasher calls) and the identity's own events. */
export interface ThrottleStats {
	/** Calls of the password hasher's `verify`: each is one password check (the passwords are ASCII: one candidate). */
	verifyCalls: number;
	/** `loginFailed` events with reason `wrong_password` (a check ran and failed). */
	wrongPassword: number;
	/** `loginFailed` events with reason `rate_limited` (refused before any check). */
	rateLimited: number;
	/** `loginSucceeded` events. */
	succeeded: number;
}

/** The header the test sets to the client address it pretends to be (read by `getClientAddress`). */
export const ADDRESS_HEADER = "x-test-client-address";
/** The secret every instance shares (test-only). */
const SECRET = "throttle-acceptance-secret-for-tests-only-0123456789";

/** Cheap and current: seeding and 500 wrong-password checks stay fast; 1,000 is the hasher's minimum. */
export const createTestHasher = (): PasswordHasher => createPbkdf2Hasher({ iterations: 1000 });

/** A hasher that counts `verify` calls: the "password checks" the acceptance test bounds. */
function countingHasher(inner: PasswordHasher, stats: ThrottleStats): PasswordHasher {
	return {
		hash: (password) => inner.hash(password),
		verify(password, hash) {
			stats.verifyCalls += 1;
			return inner.verify(password, hash);
		},
		recognizes: (hash) => inner.recognizes(hash),
		needsRehash: (hash) => inner.needsRehash(hash)
	};
}

async function toRequest(req: IncomingMessage, origin: string): Promise<Request> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	const headers = new Headers();
	for (const [name, value] of Object.entries(req.headers)) {
		for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, one);
	}
	const body = req.method === "GET" || req.method === "HEAD" ? undefined : Buffer.concat(chunks);
	return new Request(new URL(req.url ?? "/", origin), { method: req.method, headers, body });
}

async function send(res: ServerResponse, response: Response): Promise<void> {
	const headers: Record<string, string | string[]> = {};
	response.headers.forEach((value, name) => {
		if (name !== "set-cookie") headers[name] = value;
	});
	const cookies = response.headers.getSetCookie();
	if (cookies.length) headers["set-cookie"] = cookies;
	res.writeHead(response.status, headers);
	res.end(Buffer.from(await response.arrayBuffer()));
}

type Command = { op: "seed"; users: { username: string; password: string }[] } | { op: "stats" } | { op: "exit" };

/**
 * Runs one instance: `backend` is the shared state (a store, and optionally a coordinator) of this
 * process; `limits` is the `rateLimit` option. Prints `{ op: "ready", url }`, then serves until `exit`.
 */
export async function runThrottleInstance(backend: { store: IdentityStore; coordinator?: Coordinator; close(): Promise<void> }, limits: ThrottleLimits): Promise<void> {
	const stats: ThrottleStats = { verifyCalls: 0, wrongPassword: 0, rateLimited: 0, succeeded: 0 };
	const hasher = countingHasher(createTestHasher(), stats);
	const identity = createIdentity({
		store: backend.store,
		secret: [SECRET],
		...(backend.coordinator ? { coordinator: backend.coordinator } : {}),
		password: { hasher },
		rateLimit: limits,
		getClientAddress: (request) => request.headers.get(ADDRESS_HEADER),
		events: {
			loginFailed(event) {
				if (event.reason === "wrong_password") stats.wrongPassword += 1;
				if (event.reason === "rate_limited") stats.rateLimited += 1;
			},
			loginSucceeded() {
				stats.succeeded += 1;
			}
		}
	});
	const server = createServer((req, res) => {
		toRequest(req, origin)
			.then((request) => identity.handle(request))
			.then((response) => send(res, response ?? new Response("not found", { status: 404 })))
			.catch((error: Error) => {
				process.stderr.write(`request failed: ${error.message}\n`);
				if (!res.headersSent) res.writeHead(500);
				res.end();
			});
	});
	await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
	const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	const reply = (message: object): void => {
		process.stdout.write(`${JSON.stringify(message)}\n`);
	};

	async function handle(command: Command): Promise<void> {
		switch (command.op) {
			case "seed":
				for (const user of command.users) {
					await backend.store.createUser({ [backend.store.identityField]: user.username, password: await hasher.hash(user.password) });
				}
				return reply({ op: "seeded" });
			case "stats":
				return reply({ op: "stats", ...stats });
			case "exit":
				server.closeAllConnections();
				await new Promise((resolve) => server.close(resolve));
				await backend.close();
				process.exit(0);
		}
	}

	reply({ op: "ready", url: origin });
	for await (const line of createInterface({ input: process.stdin })) {
		if (line.trim()) await handle(JSON.parse(line) as Command).catch((error: Error) => reply({ op: "error", message: error.message }));
	}
	// stdin closed: the test process is gone (even if it crashed), so this instance goes too.
	await handle({ op: "exit" });
}
