import { describe, expect, test } from "vitest";
import { createIdentity } from "./identity.js";
import { cookieHeader, createTestWorld, get, testSecret } from "../test/helpers.js";
import type { UserRecord } from "./types.js";

const world = await createTestWorld();
const { identity, store } = world;
const whoami = identity.withIdentity((request) => {
	const user = identity.currentUser(request);
	return Response.json({ username: user.isAuthenticated ? user.username : null });
});
const json = { accept: "application/json" };

/** Every credential kind for a fresh user: session cookie, remember cookie, bearer token. */
async function credentials(name: string) {
	const user = await store.createUser({ username: name, password: "unused", roles: [] });
	const request = new Request("http://localhost/login", { method: "POST" });
	await identity.loginUser(request, user, { remember: true });
	const cookies = cookieHeader(identity.applyCookies(request, new Response()));
	const pick = (prefix: string) => cookies.split("; ").filter((c) => c.startsWith(prefix)).join("; ");
	const current = (await store.findUser(name))!;
	return {
		user: current,
		session: { ...json, cookie: pick("identity_session=") },
		remember: { ...json, cookie: pick("identity_remember=") },
		bearer: { authorization: `Bearer ${await identity.getAuthToken(current)}` }
	};
}

async function username(headers: Record<string, string>): Promise<string | null> {
	return ((await (await whoami(get("/", headers))).json()) as { username: string | null }).username;
}

const revocations: [string, (user: UserRecord, session: Record<string, string>) => Promise<unknown>][] = [
	["logoutUser()", (_, session) => identity.logoutUser(get("/logout", session))],
	["setUniquifier()", (user) => store.setUniquifier(user)],
	["deactivateUser()", (user) => store.deactivateUser(user)],
	["deleteUser()", (user) => store.deleteUser(user)]
];

describe.each(revocations)("after %s", (name, revoke) => {
	test("the old session cookie, remember cookie and bearer token are all refused", async () => {
		const c = await credentials(`revoke-${name.replace(/\W/g, "")}`);
		for (const headers of [c.session, c.remember, c.bearer]) expect(await username(headers)).toBe(c.user.username);
		await revoke(c.user, c.session);
		for (const headers of [c.session, c.remember, c.bearer]) expect(await username(headers)).toBeNull();
	});
});

describe("logoutUser()", () => {
	test("clears both cookies on the response", async () => {
		const c = await credentials("logout-cookies");
		const request = get("/logout", { cookie: `${c.session.cookie}; ${c.remember.cookie}` });
		await identity.logoutUser(request);
		const cleared = identity.applyCookies(request, new Response()).headers.getSetCookie();
		expect(cleared.some((v) => v.startsWith("identity_session=;") && v.includes("Max-Age=0"))).toBe(true);
		expect(cleared.some((v) => v.startsWith("identity_remember=;") && v.includes("Max-Age=0"))).toBe(true);
		expect(identity.currentUser(request).isAuthenticated).toBe(false);
	});

	test("with singleSession: false, logout clears cookies but cannot revoke copies (documented)", async () => {
		const relaxed = await createTestWorld({ session: { singleSession: false } });
		const request = new Request("http://localhost/login", { method: "POST" });
		await relaxed.identity.loginUser(request, relaxed.users.plain);
		const cookie = cookieHeader(relaxed.identity.applyCookies(request, new Response()));
		await relaxed.identity.logoutUser(get("/logout", { cookie }));
		const user = await relaxed.identity.getCurrentUser(get("/", { cookie }));
		expect(user.isAuthenticated).toBe(true);
	});
});

describe("single-session login", () => {
	test("logging in again ends the user's other sessions and tokens", async () => {
		const c = await credentials("single-session");
		await identity.loginUser(new Request("http://localhost/login", { method: "POST" }), c.user);
		for (const headers of [c.session, c.remember, c.bearer]) expect(await username(headers)).toBeNull();
	});

	test("loginUser() with a given uniquifier sets it", async () => {
		const user = await store.createUser({ username: "fixed-uq", password: "unused" });
		await identity.loginUser(new Request("http://localhost/"), user, { uniquifier: "fixed" });
		expect((await store.findUser("fixed-uq"))!.uniquifier).toBe("fixed");
	});
});

describe("credential confusion and rotation", () => {
	test("a session cookie is no bearer token and a bearer token is no session cookie", async () => {
		const c = await credentials("confusion");
		const sessionValue = c.session.cookie.split("=")[1]!;
		const bearerValue = c.bearer.authorization.slice("Bearer ".length);
		expect(await username({ authorization: `Bearer ${sessionValue}` })).toBeNull();
		expect(await username({ cookie: `identity_session=${bearerValue}` })).toBeNull();
		expect(await username({ cookie: `identity_remember=${bearerValue}` })).toBeNull();
		expect(await username({ cookie: `identity_session=${c.remember.cookie.split("=")[1]}` })).toBeNull();
	});

	test("a tampered cookie is anonymous and the response is not a 500", async () => {
		const c = await credentials("tampered");
		const value = c.session.cookie.split("=")[1]!;
		for (const bad of [value.slice(0, -3), `${value}x`, value.replace(/^./, "A"), "%%%", "a.b.c", "x".repeat(5000)]) {
			const response = await whoami(get("/", { cookie: `identity_session=${bad}` }));
			expect(response.status).toBe(200);
			expect(await response.json()).toEqual({ username: null });
		}
	});

	test("credentials from a rotated-out-of-first-place secret still verify; foreign ones do not", async () => {
		const c = await credentials("rotation");
		const rotated = createIdentity({ store, secret: ["new-secret-abcdefghijklmnopqrstuvwxyz-0123456789", testSecret] });
		expect((await rotated.getCurrentUser(get("/", c.session))).isAuthenticated).toBe(true);
		const foreign = createIdentity({ store, secret: "new-secret-abcdefghijklmnopqrstuvwxyz-0123456789" });
		expect((await foreign.getCurrentUser(get("/", c.session))).isAuthenticated).toBe(false);
	});
});
