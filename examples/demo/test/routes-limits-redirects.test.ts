import { createSqliteStore } from "@identity/kysely/sqlite";
import { createIdentity } from "@identity/core";
import { describe, expect, test } from "vitest";
import { seedDemo } from "../src/seed.js";
import { CookieJar, createTestIdentity, fastHasher, jsonLogin, request, sameOriginForm, secret } from "./helpers.js";

describe("rate limiting", () => {
	test("5 failures lock the identity: even the right password gets 429 with Retry-After", async () => {
		const { identity, events } = await createTestIdentity();
		for (let i = 0; i < 5; i++) expect((await jsonLogin(identity, "admin", `wrong-${i}`)).status).toBe(401);
		const limited = await jsonLogin(identity, "admin", "admin-demo");
		expect(limited.status).toBe(429);
		const retryAfter = Number(limited.headers.get("retry-after"));
		expect(retryAfter).toBeGreaterThan(800);
		expect(retryAfter).toBeLessThanOrEqual(900);
		expect(await limited.json()).toMatchObject({ error: "too_many_attempts" });
		expect(limited.headers.getSetCookie().join()).not.toContain("identity_session");
		expect(events.filter((e) => e.name === "lockedOut")).toEqual([{ name: "lockedOut", event: { key: "identity", retryAfterSeconds: 900 } }]);
		expect(events.at(-1)).toEqual({ name: "loginFailed", event: { identity: "admin", reason: "rate_limited" } });
		// Another identity from another address is not affected.
		const form = await identity.handle(request("/identity/login", { headers: sameOriginForm, form: { username: "editor", password: "editor-demo" } }));
		expect(form.status).toBe(303);
	});

	test("parallel guesses are counted before any is checked: at most 5 are verified", async () => {
		const { identity } = await createTestIdentity();
		const statuses = await Promise.all(Array.from({ length: 25 }, (_, i) => jsonLogin(identity, "admin", `guess-${i}`).then((r) => r.status)));
		expect(statuses.filter((s) => s === 401)).toHaveLength(5);
		expect(statuses.filter((s) => s === 429)).toHaveLength(20);
		expect((await jsonLogin(identity, "admin", "admin-demo")).status).toBe(429);
	});

	test("a form login while limited re-renders the page with 429 and Retry-After", async () => {
		const { identity } = await createTestIdentity({ rateLimit: { maxPerIdentity: 1 } });
		await jsonLogin(identity, "admin", "wrong");
		const response = await identity.handle(request("/identity/login", { headers: sameOriginForm, form: { username: "admin", password: "admin-demo" } }));
		expect(response.status).toBe(429);
		expect(response.headers.get("retry-after")).toMatch(/^\d+$/);
		expect(await response.text()).toContain("Too many failed sign-in attempts");
	});

	test("20 failures from one address (an IPv6 /64) lock the address for every identity", async () => {
		const { identity, client } = await createTestIdentity();
		for (let i = 0; i < 20; i++) {
			client.address = `2001:db8:7:7::${i + 1}`;
			expect((await jsonLogin(identity, `nobody${i}`, "x")).status).toBe(401);
		}
		client.address = "2001:db8:7:7:abcd::99";
		expect((await jsonLogin(identity, "reader", "reader-demo")).status).toBe(429);
		client.address = "2001:db8:7:8::1";
		expect((await jsonLogin(identity, "reader", "reader-demo")).status).toBe(200);
	});

	test("a successful login clears the identity counter", async () => {
		const { identity } = await createTestIdentity();
		for (let i = 0; i < 4; i++) await jsonLogin(identity, "writer", "wrong");
		expect((await jsonLogin(identity, "writer", "writer-demo")).status).toBe(200);
		for (let i = 0; i < 4; i++) await jsonLogin(identity, "writer", "wrong");
		expect((await jsonLogin(identity, "writer", "writer-demo")).status).toBe(200);
	});

	test("counters live in the store: two instances on one database share them", async () => {
		const store = await createSqliteStore(":memory:");
		const a = createIdentity({ store, secret, password: { hasher: fastHasher }, rateLimit: { maxPerIdentity: 2 } });
		const b = createIdentity({ store, secret, password: { hasher: fastHasher }, rateLimit: { maxPerIdentity: 2 } });
		await seedDemo(a);
		await jsonLogin(a, "admin", "wrong");
		await jsonLogin(b, "admin", "wrong");
		expect((await jsonLogin(a, "admin", "admin-demo")).status).toBe(429);
		expect((await jsonLogin(b, "admin", "admin-demo")).status).toBe(429);
	});

	test("rateLimit: false turns it off; storage: 'memory' keeps counters per instance", async () => {
		const off = await createTestIdentity({ rateLimit: false });
		for (let i = 0; i < 6; i++) await jsonLogin(off.identity, "admin", "wrong");
		expect((await jsonLogin(off.identity, "admin", "admin-demo")).status).toBe(200);
		const store = await createSqliteStore(":memory:");
		const a = createIdentity({ store, secret, password: { hasher: fastHasher }, rateLimit: { maxPerIdentity: 1, storage: "memory" } });
		const b = createIdentity({ store, secret, password: { hasher: fastHasher }, rateLimit: { maxPerIdentity: 1, storage: "memory" } });
		await seedDemo(a);
		await jsonLogin(a, "admin", "wrong");
		expect((await jsonLogin(a, "admin", "admin-demo")).status).toBe(429);
		expect((await jsonLogin(b, "admin", "admin-demo")).status).toBe(200);
	});
});

describe("events", () => {
	test("report success, failure reasons and logout, never a password or a raw token", async () => {
		const { identity, events } = await createTestIdentity();
		await jsonLogin(identity, "nobody", "secret-guess-1");
		await jsonLogin(identity, "admin", "secret-guess-2");
		await jsonLogin(identity, "inactive", "inactive-demo");
		const ok = await jsonLogin(identity, "admin", "admin-demo");
		const { authenticationToken } = await ok.json();
		const jar = new CookieJar();
		jar.store(ok);
		await identity.handle(request("/identity/logout", { json: {}, headers: { cookie: jar.header(), "sec-fetch-site": "same-origin" } }));
		const reasons = events.filter((e) => e.name === "loginFailed").map((e) => e.event.reason);
		expect(reasons).toEqual(["unknown_user", "wrong_password", "inactive"]);
		expect(events.map((e) => e.name)).toEqual(expect.arrayContaining(["loginSucceeded", "tokenIssued", "loggedOut"]));
		const dump = JSON.stringify(events);
		// The routes' own events carry no hash either (tokenIssued is the engine's).
		expect(JSON.stringify(events.filter((e) => e.name !== "tokenIssued"))).not.toMatch(/\$pbkdf2|\$argon2|uniquifier/);
		for (const secretValue of ["secret-guess-1", "secret-guess-2", "inactive-demo", "admin-demo", authenticationToken, ...jar.cookies.values()]) {
			expect(dump).not.toContain(secretValue);
		}
	});
});

/** Hostile `next` values: each must end as exactly the fallback in `Location`. */
const hostile = [
	"//evil.example", "///evil.example", "////evil.example", "/\\evil.example", "\\/evil.example", "\\\\evil.example",
	"/\\/evil.example", "/%2F%2Fevil.example", "/%2f%2fevil.example", "%2F%2Fevil.example", "/%5Cevil.example",
	"/%252F%252Fevil.example", "https:evil.example", "https://evil.example", "http://localhost/admin", "HTTPS://EVIL.EXAMPLE",
	"javascript:alert(1)", "JavaScript:alert(1)", "java\tscript:alert(1)", "data:text/html,<script>alert(1)</script>",
	"https://localhost@evil.example/", "//localhost@evil.example", "https://user:pass@evil.example",
	"https://localhost.evil.example/", "https://evil-localhost/", "/\t/evil.example", "/\n/evil.example", "/\r/evil.example",
	"/%09/evil.example", "/%0d%0aSet-Cookie:x=1", "/ok\r\nLocation: https://evil.example", "/%00", "\t//evil.example",
	" //evil.example", "/ /evil.example", "/\u3002evil.example", "/\uff0f\uff0fevil.example", "/.\\evil.example",
	"/%E2%80%A8", "/100%", "evil.example", "admin", "./admin", "../admin", "?next=/admin", "#frag", `/${"a".repeat(2048)}`
];

describe("next through the real routes", () => {
	test("the hostile corpus has at least 40 values", () => expect(hostile.length).toBeGreaterThanOrEqual(40));

	test("login (signed in, form) and logout redirect hostile next values to the fallback, exactly", async () => {
		const { identity } = await createTestIdentity({ views: { postLogin: "/home", postLogout: "/bye" } });
		const jar = new CookieJar();
		jar.store(await jsonLogin(identity, "admin", "admin-demo"));
		for (const next of hostile) {
			const login = await identity.handle(request("/identity/login", { headers: { ...sameOriginForm, cookie: jar.header() }, form: { username: "admin", password: "admin-demo", next } }));
			expect([login.status, login.headers.get("location")], JSON.stringify(next)).toEqual([303, "/home"]);
			const logout = await identity.handle(request("/identity/logout", { headers: sameOriginForm, form: { next } }));
			expect([logout.status, logout.headers.get("location")], JSON.stringify(next)).toEqual([303, "/bye"]);
		}
	});

	test("a real form login lands exactly on a safe next, or on postLogin for a hostile one", async () => {
		const { identity } = await createTestIdentity({ views: { postLogin: "/home" } });
		const good = await identity.handle(request("/identity/login", { headers: sameOriginForm, form: { username: "admin", password: "admin-demo", next: "/admin?tab=users#top" } }));
		expect(good.headers.get("location")).toBe("/admin?tab=users#top");
		const bad = await identity.handle(request("/identity/login", { headers: sameOriginForm, form: { username: "editor", password: "editor-demo", next: "/\\evil.example" } }));
		expect(bad.headers.get("location")).toBe("/home");
	});

	test("urlForIdentity() builds relative URLs", async () => {
		const { identity } = await createTestIdentity();
		expect(identity.urlForIdentity("login", { next: "/admin" })).toBe("/identity/login?next=%2Fadmin");
		expect(identity.urlForIdentity("logout")).toBe("/identity/logout");
	});
});
