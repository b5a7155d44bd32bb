import { describe, expect, test, vi } from "vitest";
import { createTestWorld, get, loginCookies, openTestStore, testSecret } from "../../test/helpers.js";
import { createIdentity, StoreError, type IdentityStore } from "../index.js";

// The guards' quick path (a repeat request whose credential was verified before: the user from the
// user cache, or one store lookup) must answer exactly as the full path does: these requests are
// all repeats, so they take it when they can.
const world = await createTestWorld({ session: { singleSession: false } });
const { identity, store, users } = world;
const handler = (request: Request) => {
	const user = identity.currentUser(request);
	return Response.json({ username: user.isAuthenticated ? user.username : null, roles: user.roles });
};
const json = { accept: "application/json" };
const twice = async (guarded: (request: Request) => Response | Promise<Response>, headers: Record<string, string>, method = "GET") => {
	await guarded(new Request("http://localhost/page", { method, headers: { ...json, ...headers } }));
	return guarded(new Request("http://localhost/page", { method, headers: { ...json, ...headers } }));
};

describe("the guards' quick path", () => {
	test("loginRequired() answers a repeat session cookie with the same user: synchronously for a synchronous handler, else a Promise", async () => {
		const cookie = await loginCookies(identity, users.admin);
		const guarded = identity.loginRequired(handler);
		// The first request takes the full path (a Promise) and fills the user cache.
		const first = guarded(get("/page", { cookie }));
		expect(first).toBeInstanceOf(Promise);
		await first;
		const result = guarded(get("/page", { cookie }));
		expect(result).toBeInstanceOf(Response);
		const response = await result;
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ username: "admin", roles: ["admin"] });
		// An async handler's guard is a Promise on every path; so is a throwing handler's.
		const asyncGuarded = identity.loginRequired(async (request: Request) => handler(request));
		await asyncGuarded(get("/page", { cookie }));
		const viaAsync = asyncGuarded(get("/page", { cookie }));
		expect(viaAsync).toBeInstanceOf(Promise);
		expect(await (await viaAsync).json()).toEqual({ username: "admin", roles: ["admin"] });
		const throwing = identity.loginRequired((): Response => {
			throw new Error("handler failed");
		});
		const thrown = throwing(get("/page", { cookie }));
		expect(thrown).toBeInstanceOf(Promise);
		await expect(thrown).rejects.toThrow("handler failed");
		// The cached path never starts for an unsafe method or without a user cache.
		const post = guarded(new Request("http://localhost/page", { method: "POST", headers: { ...json, cookie, origin: "http://localhost" } }));
		expect(post).toBeInstanceOf(Promise);
		await post;
	});

	test("without a user cache a repeat credential costs exactly one store lookup, and a revocation is seen by the next request", async () => {
		const inner = await openTestStore();
		let lookups = 0;
		let failing = false;
		// The memory store, counting (and, on demand, failing) the guards' user lookups.
		const store: IdentityStore = Object.assign(Object.create(inner) as IdentityStore, {
			findUser: (query: Parameters<IdentityStore["findUser"]>[0]) => {
				lookups++;
				return failing ? Promise.reject(new StoreError("Store failure: test outage")) : inner.findUser(query);
			}
		});
		const uncached = createIdentity({ store, secret: testSecret, userCache: false });
		await inner.createRole({ name: "admin" });
		const user = await inner.createUser({ username: "nocache", password: await uncached.hashPassword("correct horse battery staple"), roles: ["admin"] });
		const cookie = await loginCookies(uncached, user);
		const token = await uncached.getAuthToken((await inner.findUser({ id: user.id }))!);
		let calls = 0;
		const page = (request: Request) => (calls++, Response.json({ username: (uncached.currentUser(request) as { username?: string }).username ?? null }));
		const guards = { session: uncached.rolesRequired(page, "admin"), token: uncached.authRequired(page, "token") };
		const requests = { session: () => get("/page", { ...json, cookie }), token: () => get("/page", { ...json, authorization: `Bearer ${token}` }) };
		for (const kind of ["session", "token"] as const) {
			await guards[kind](requests[kind]());
			for (let i = 0; i < 3; i++) {
				lookups = 0;
				const response = await guards[kind](requests[kind]());
				expect(await response.json()).toEqual({ username: "nocache" });
				expect(lookups).toBe(1);
			}
			// A store outage during the lookup is a 503, and the handler does not run.
			failing = true;
			calls = 0;
			const down = await guards[kind](requests[kind]());
			failing = false;
			expect(down.status).toBe(503);
			expect(calls).toBe(0);
		}
		// Deactivated behind the identity's back (no cache to invalidate): the next request is refused,
		// and the dead session cookie is cleared (the full path's side effect).
		await inner.deactivateUser(user);
		const refused = await guards.session(requests.session());
		expect(refused.status).toBe(401);
		expect(refused.headers.getSetCookie().some((line) => line.startsWith("identity_session=") && /Max-Age=0/.test(line))).toBe(true);
		expect((await guards.token(requests.token())).status).toBe(401);
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

	test("the user a handler reads on the quick path is the full path's user, made once per request", async () => {
		const cookie = await loginCookies(identity, users.admin);
		const seen: { viaPeek: unknown; viaLoad: unknown; again: unknown; authentication: unknown }[] = [];
		const guarded = identity.loginRequired((request: Request) => {
			const viaPeek = identity.currentUser(request);
			seen.push({ viaPeek, viaLoad: null, again: identity.currentUser(request), authentication: identity.currentAuthentication(request) });
			return identity.getCurrentUser(request).then((viaLoad) => {
				seen[seen.length - 1]!.viaLoad = viaLoad;
				return new Response("ok");
			});
		});
		// The first request takes the full path and fills the caches; the second takes the quick one.
		const full = await guarded(get("/page", { cookie }));
		const quick = await guarded(get("/page", { cookie }));
		expect([full.status, quick.status]).toEqual([200, 200]);
		const [fromFull, fromQuick] = seen as [(typeof seen)[0], (typeof seen)[0]];
		for (const { viaPeek, viaLoad, again } of [fromFull, fromQuick]) {
			expect(viaLoad).toBe(viaPeek);
			expect(again).toBe(viaPeek);
		}
		const [a, b] = [fromFull.viaPeek as Record<string, unknown>, fromQuick.viaPeek as Record<string, unknown>];
		expect(b).not.toBe(a);
		expect(Object.getPrototypeOf(b)).toBe(Object.prototype);
		expect(Object.keys(b)).toEqual(Object.keys(a));
		expect(b).toEqual(a);
		for (const hidden of ["password", "uniquifier"]) {
			expect(b[hidden]).toBe(a[hidden]);
			expect(typeof b[hidden]).toBe("string");
			expect(Object.getOwnPropertyDescriptor(b, hidden)).toMatchObject({ enumerable: false, writable: true });
		}
		expect(fromQuick.authentication).toEqual(fromFull.authentication);
		expect(fromQuick.authentication).toMatchObject({ method: "session" });
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
