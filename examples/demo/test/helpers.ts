import { createIdentity, createPbkdf2Hasher, type Identity, type IdentityEvents, type IdentityOptions } from "@identity/core";
import { createSqliteStore } from "@identity/kysely/sqlite";
import { seedDemo } from "../src/seed.js";

export const origin = "http://localhost";
export const secret = "demo-tests-secret-0123456789-abcdefghijklmnop";

/**
 * A real hasher at its lowest cost, so route tests spend their time on the routes; the default
 * argon2id hasher runs in the browser walk-through and the core password tests.
 */
export const fastHasher = createPbkdf2Hasher({ iterations: 1000 });

/** Every event the identity emitted, by name, with the request dropped (it is not serialisable). */
export type EventLog = { name: string; event: Record<string, unknown> }[];

/**
 * A real identity on a real in-memory SQLite store, seeded with the demo users; `address` plays
 * the client address the adapter would supply (tests change it to exercise the limiter).
 */
export async function createTestIdentity(options: Partial<IdentityOptions> = {}) {
	const store = await createSqliteStore(":memory:");
	const events: EventLog = [];
	const record =
		(name: string) =>
		(event: Record<string, unknown>): void => {
			const { request: _request, ...rest } = event;
			events.push({ name, event: rest });
		};
	const hooks: IdentityEvents = {
		loginSucceeded: record("loginSucceeded"),
		loginFailed: record("loginFailed"),
		loggedOut: record("loggedOut"),
		tokenIssued: record("tokenIssued"),
		lockedOut: record("lockedOut")
	};
	const client = { address: "203.0.113.10" as string | null };
	const identity = createIdentity({
		store,
		secret,
		events: hooks,
		getClientAddress: () => client.address,
		password: { hasher: fastHasher },
		...options
	});
	await seedDemo(identity);
	return { identity, store, events, client };
}

/** A minimal cookie jar: what a browser would send back, from the `Set-Cookie` headers seen so far. */
export class CookieJar {
	readonly cookies = new Map<string, string>();

	store(response: Response): Response {
		for (const line of response.headers.getSetCookie()) {
			const [pair = ""] = line.split(";");
			const index = pair.indexOf("=");
			const name = pair.slice(0, index).trim();
			const value = pair.slice(index + 1).trim();
			const expired = /max-age=0\b/i.test(line) || /expires=Thu, 01 Jan 1970/i.test(line);
			if (expired || value === "") this.cookies.delete(name);
			else this.cookies.set(name, value);
		}
		return response;
	}

	header(): string {
		return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
	}
}

/** Browser-like headers for a same-origin form post. */
export const sameOriginForm = {
	"content-type": "application/x-www-form-urlencoded",
	accept: "text/html,application/xhtml+xml",
	origin,
	"sec-fetch-site": "same-origin"
};

/** Builds a request to `path` on the test origin. */
export function request(path: string, init: RequestInit & { json?: unknown; form?: Record<string, string> } = {}): Request {
	const { json, form, headers, ...rest } = init;
	const h = new Headers(headers);
	let body: BodyInit | undefined = rest.body ?? undefined;
	if (json !== undefined) {
		if (!h.has("content-type")) h.set("content-type", "application/json");
		body = JSON.stringify(json);
	}
	if (form) {
		if (!h.has("content-type")) h.set("content-type", "application/x-www-form-urlencoded");
		body = new URLSearchParams(form).toString();
	}
	return new Request(new URL(path, origin), { method: json !== undefined || form ? "POST" : "GET", ...rest, headers: h, body });
}

/** A JSON login (no cookies, no browser headers: as curl would send it). */
export function jsonLogin(identity: Identity, username: string, password: string, extra: Record<string, unknown> = {}) {
	return identity.handle(request("/identity/login", { json: { username, password, ...extra } }));
}
