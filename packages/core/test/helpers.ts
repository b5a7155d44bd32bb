import type { IdentityStore, UserRecord } from "../src/index.js";
import { createIdentity, createMemoryStore, type Identity, type IdentityOptions } from "../src/index.js";

/** A secret for tests: long and varied enough to pass validation. */
export const testSecret = "test-secret-0123456789-abcdefghijklmnopqrstuvwxyz";

/** A complete in-memory store (the SQL stores run the same tests in @identity/kysely). */
export async function openTestStore(): Promise<IdentityStore> {
	return createMemoryStore();
}

/** The usual cast of users on one identity. */
export interface TestWorld {
	identity: Identity;
	store: IdentityStore;
	users: Record<"admin" | "editor" | "writer" | "plain" | "inactive", UserRecord>;
	password: string;
}

/** An identity on a fresh SQLite store with the usual cast: admin, editor, writer, plain, inactive. */
export async function createTestWorld(options: Partial<IdentityOptions> = {}): Promise<TestWorld> {
	const store = await openTestStore();
	const identity = createIdentity({ store, secret: testSecret, ...options });
	const password = "correct horse battery staple";
	const hash = await identity.hashPassword(password);
	for (const role of ["admin", "editor", "writer"]) await store.createRole({ name: role });
	const make = (username: string, roles: string[], active = true) => store.createUser({ username, password: hash, roles, active });
	const users = {
		admin: await make("admin", ["admin"]),
		editor: await make("editor", ["editor"]),
		writer: await make("writer", ["writer"]),
		plain: await make("plain", []),
		inactive: await make("inactive", ["admin"], false)
	};
	return { identity, store, users, password };
}

/** Logs `user` in through `loginUser` and returns the Cookie header a browser would send next. */
export async function loginCookies(identity: Identity, user: UserRecord, options: { remember?: boolean } = {}): Promise<string> {
	const request = new Request("http://localhost/login", { method: "POST" });
	const ok = await identity.loginUser(request, user, options);
	if (!ok) throw new Error("login failed");
	return cookieHeader(identity.applyCookies(request, new Response("ok")));
}

/** The Cookie header a browser would send after receiving `response` (deletions dropped). */
export function cookieHeader(response: Response, previous = ""): string {
	const jar = new Map(previous.split("; ").filter(Boolean).map((c) => c.split("=", 2) as [string, string]));
	for (const setCookie of response.headers.getSetCookie()) {
		const [pair] = setCookie.split(";");
		const eq = pair!.indexOf("=");
		const name = pair!.slice(0, eq);
		const value = pair!.slice(eq + 1);
		if (/Max-Age=0/.test(setCookie)) jar.delete(name);
		else jar.set(name, value);
	}
	return [...jar].map(([n, v]) => `${n}=${v}`).join("; ");
}

/** A request with the given headers (and optional cookie header). */
export function get(url: string, headers: Record<string, string> = {}): Request {
	return new Request(new URL(url, "http://localhost"), { headers });
}
