import { describe, expect, test, vi } from "vitest";
import { createTestWorld, get, loginCookies } from "../../test/helpers.js";

// The guards' cached path (a repeat request whose credential and user are both cached) must answer
// exactly as the full path does: these requests are all repeats, so they take it when they can.
const world = await createTestWorld({ session: { singleSession: false } });
const { identity, store, users } = world;
const handler = (request: Request) => {
	const user = identity.currentUser(request);
	return Response.json({ username: user.isAuthenticated ? user.username : null, roles: user.roles });
};
const json = { accept: "application/json" };
const twice = async (guarded: (request: Request) => Promise<Response>, headers: Record<string, string>, method = "GET") => {
	await guarded(new Request("http://localhost/page", { method, headers: { ...json, ...headers } }));
	return guarded(new Request("http://localhost/page", { method, headers: { ...json, ...headers } }));
};

describe("the guards' cached path", () => {
	test("loginRequired() answers a repeat session cookie with the same user, and always a Promise", async () => {
		const cookie = await loginCookies(identity, users.admin);
		const guarded = identity.loginRequired(handler);
		await guarded(get("/page", { cookie }));
		const result = guarded(get("/page", { cookie }));
		expect(result).toBeInstanceOf(Promise);
		const response = await result;
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ username: "admin", roles: ["admin"] });
	});

	test("rolesRequired() still refuses a cached user without the role (403), and the user is a fresh copy per request", async () => {
		const cookie = await loginCookies(identity, users.editor);
		const seen: unknown[] = [];
		const guarded = identity.rolesRequired((request) => {
			seen.push(identity.currentUser(request));
			return new Response("ok");
		}, "editor");
		expect((await twice(guarded, { cookie })).status).toBe(200);
		expect(seen).toHaveLength(2);
		expect(seen[0]).not.toBe(seen[1]);
		(seen[1] as { roles: string[] }).roles.push("admin");
		expect((await twice(identity.rolesRequired(handler, "admin"), { cookie })).status).toBe(403);
	});

	test("a revocation through the store is seen by the very next request", async () => {
		const user = await store.createUser({ username: "revoked-soon", password: await identity.hashPassword(world.password) });
		const cookie = await loginCookies(identity, user);
		const guarded = identity.loginRequired(handler);
		expect((await twice(guarded, { cookie })).status).toBe(200);
		await identity.resetUserAccess((await store.findUser({ id: user.id }))!);
		expect((await guarded(get("/page", { ...json, cookie }))).status).toBe(401);
	});

	test("authRequired('token') answers a repeat bearer token; a session cookie alone is not a token", async () => {
		const token = await identity.getAuthToken((await store.findUser({ id: users.writer.id }))!);
		const guarded = identity.authRequired(handler, "token");
		const response = await twice(guarded, { authorization: `Bearer ${token}` });
		expect(await response.json()).toMatchObject({ username: "writer" });
		const cookie = await loginCookies(identity, users.writer);
		expect((await twice(guarded, { cookie })).status).toBe(401);
	});

	test("unsafe methods keep the CSRF rule for cached cookie credentials", async () => {
		const cookie = await loginCookies(identity, users.admin);
		const guarded = identity.loginRequired(handler);
		const response = await twice(guarded, { cookie, origin: "https://evil.example", "sec-fetch-site": "cross-site" }, "POST");
		expect(response.status).toBe(403);
	});

	test("cookies queued by the handler (a logout) are written", async () => {
		const cookie = await loginCookies(identity, users.plain);
		const guarded = identity.loginRequired(async (request) => {
			await identity.logoutUser(request);
			return new Response("bye");
		});
		const response = await twice(guarded, { cookie });
		expect(response.status).toBe(200);
		expect(response.headers.getSetCookie().some((line) => /Max-Age=0/.test(line))).toBe(true);
	});

	test("a frozen request still carries its user (the request state falls back to a WeakMap)", async () => {
		const cookie = await loginCookies(identity, users.admin);
		const guarded = identity.loginRequired(handler);
		for (let i = 0; i < 2; i++) {
			const response = await guarded(Object.freeze(get("/page", { ...json, cookie })));
			expect(await response.json()).toMatchObject({ username: "admin" });
		}
	});

	test("an object inheriting from a guarded request does not inherit its user", async () => {
		const cookie = await loginCookies(identity, users.admin);
		const request = get("/page", { cookie });
		expect((await identity.loginRequired(handler)(request)).status).toBe(200);
		expect(identity.currentUser(request).isAuthenticated).toBe(true);
		expect(identity.currentUser(Object.create(request) as Request).isAuthenticated).toBe(false);
	});

	test("a handler that throws rejects the returned promise (the guarded call itself never throws)", async () => {
		const cookie = await loginCookies(identity, users.admin);
		const guarded = identity.loginRequired(() => {
			throw new Error("boom");
		});
		await guarded(get("/page", { cookie })).catch(() => {});
		const result = guarded(get("/page", { cookie }));
		await expect(result).rejects.toThrow("boom");
	});

	test("a cached session cookie past half its life is still slid (the cached path leaves it to the full reader)", async () => {
		const short = await createTestWorld({ session: { maxAgeSeconds: 100 }, userCache: { maxAgeSeconds: 3600 } });
		const cookie = await loginCookies(short.identity, short.users.plain);
		const guarded = short.identity.loginRequired(handler);
		const warm = await guarded(get("/page", { cookie }));
		expect(warm.headers.getSetCookie()).toEqual([]); // young: nothing to re-issue, and now both caches hold it
		vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 60_000 });
		try {
			const late = await guarded(get("/page", { cookie }));
			expect(late.status).toBe(200);
			expect(late.headers.getSetCookie().some((line) => line.startsWith("identity_session="))).toBe(true);
		} finally {
			vi.useRealTimers();
		}
	});
});
