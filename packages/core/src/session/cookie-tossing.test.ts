// Cookie tossing: a sibling subdomain (or an http page of the same host) can plant a cookie with our
// name. A planted duplicate must never sign the user out, delete their cookie, or make the request
// run as another account; over https our cookies carry the `__Host-` prefix, which browsers refuse
// to accept from a sibling subdomain.
import { describe, expect, test } from "vitest";
import { createTestWorld, loginCookies } from "../../test/helpers.js";

const world = await createTestWorld();
const { identity, users } = world;
const me = identity.loginRequired((request) => Response.json({ username: identity.currentUser(request).username ?? null }));

/** The session cookie pair (`name=value`) a browser holds after a login on `url`. */
async function sessionPair(user: typeof users.admin, url = "http://localhost/login"): Promise<string> {
	const request = new Request(url, { method: "POST" });
	await identity.loginUser(request, user);
	const setCookie = identity.applyCookies(request, new Response(null)).headers.getSetCookie()[0]!;
	return setCookie.split(";")[0]!;
}

const ask = (cookie: string, url = "http://localhost/me") => me(new Request(url, { headers: { accept: "application/json", cookie } }));

describe("duplicate session cookies", () => {
	test("a planted garbage copy before the real cookie: the user stays signed in and nothing is deleted", async () => {
		const real = await sessionPair(users.admin);
		const response = await ask(`identity_session=garbage; ${real}`);
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ username: "admin" });
		expect(response.headers.getSetCookie()).toEqual([]);
	});

	test("a planted garbage copy after the real cookie changes nothing either", async () => {
		const real = await sessionPair(users.editor);
		const response = await ask(`${real}; identity_session=garbage`);
		expect(await response.json()).toEqual({ username: "editor" });
		expect(response.headers.getSetCookie()).toEqual([]);
	});

	test("another account's valid cookie planted first: the request never runs as that account", async () => {
		const victim = await sessionPair(users.admin);
		const attacker = await sessionPair(users.plain);
		for (const cookie of [`${attacker}; ${victim}`, `${victim}; ${attacker}`]) {
			const response = await ask(cookie);
			expect(response.status).toBe(401);
			// Ambiguous, so anonymous; but neither cookie is deleted.
			expect(response.headers.getSetCookie()).toEqual([]);
		}
	});

	test("only invalid copies: the cookie is cleared, once", async () => {
		const response = await ask("identity_session=garbage; identity_session=other-garbage");
		expect(response.status).toBe(401);
		const cleared = response.headers.getSetCookie();
		expect(cleared).toHaveLength(1);
		expect(cleared[0]).toMatch(/^identity_session=; Max-Age=0/);
	});
});

describe("the __Host- prefix over https", () => {
	test("cookies set over https are named __Host-… with Secure, Path=/ and no Domain", async () => {
		const request = new Request("https://app.example/login", { method: "POST" });
		await identity.loginUser(request, users.writer, { remember: true });
		const cookies = identity.applyCookies(request, new Response(null)).headers.getSetCookie();
		expect(cookies).toHaveLength(2);
		for (const cookie of cookies) {
			expect(cookie).toMatch(/^__Host-identity_(session|remember)=/);
			expect(cookie).toContain("; Secure");
			expect(cookie).toContain("; Path=/");
			expect(cookie).not.toContain("Domain=");
		}
	});

	test("over https an unprefixed cookie (which any subdomain can set) is not read", async () => {
		const pair = await sessionPair(users.writer, "https://app.example/login");
		expect(pair).toMatch(/^__Host-identity_session=/);
		expect((await ask(pair, "https://app.example/me")).status).toBe(200);
		const unprefixed = pair.replace(/^__Host-/, "");
		expect((await ask(unprefixed, "https://app.example/me")).status).toBe(401);
	});

	test("with a cookie domain the prefix is __Secure- (a __Host- cookie cannot carry a Domain)", async () => {
		const other = await createTestWorld({ cookie: { domain: "app.example" } });
		const request = new Request("https://app.example/login", { method: "POST" });
		await other.identity.loginUser(request, other.users.plain);
		const [cookie] = other.identity.applyCookies(request, new Response(null)).headers.getSetCookie();
		expect(cookie).toMatch(/^__Secure-identity_session=.*; Domain=app\.example; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
	});

	test("prefix: \"none\" keeps the plain names", async () => {
		const other = await createTestWorld({ cookie: { prefix: "none" } });
		const request = new Request("https://app.example/login", { method: "POST" });
		await other.identity.loginUser(request, other.users.plain);
		expect(other.identity.applyCookies(request, new Response(null)).headers.getSetCookie()[0]).toMatch(/^identity_session=/);
	});

	test("plain http on localhost keeps the plain names (no Secure, so no prefix)", async () => {
		expect(await loginCookies(identity, users.plain)).toMatch(/^identity_session=/);
	});
});
