import { expect, test } from "vitest";
import { createFixtureClient, type FixtureClient } from "./fixture-client.js";
import { fixtureUsers } from "./fixture-users.js";
import type { HandlerSuiteContext } from "./handler-suite.js";

/** Login and logout through the routes, cookies, CSRF, and the plumbing (HEAD, 404, bodies, streams). */
export function defineSessionTests(ctx: HandlerSuiteContext): void {
	const { url, client, loggedIn, expectJson, sessionCookie, rememberCookie } = ctx;
	test("GET / is public; HEAD / has no body; unknown paths are 404", async () => {
		const c = client();
		expect(await (await c.fetch("/")).json()).toEqual({ page: "home", username: null });
		const head = await c.fetch("/", { method: "HEAD" });
		expect(head.status).toBe(200);
		expect(await head.text()).toBe("");
		expect((await c.fetch("/no-such-page")).status).toBe(404);
		expect((await c.fetch("/identity/no-such-route")).status).toBe(404);
	});

	test("JSON login returns the user and a token, with each cookie in its own Set-Cookie", async () => {
		const { response, token } = await loggedIn(fixtureUsers.admin, { remember: true });
		expect(token).toEqual(expect.any(String));
		const setCookies = response.headers.getSetCookie();
		for (const cookieName of [sessionCookie, rememberCookie]) {
			const matching = setCookies.filter((value) => value.startsWith(`${cookieName}=`));
			expect(matching, cookieName).toHaveLength(1);
			expect(matching[0]).toMatch(/;\s*HttpOnly/i);
			expect(matching[0]).toMatch(/;\s*SameSite=Lax/i);
			expect(matching[0]).toMatch(/;\s*Path=\//i);
		}
	});

	test("bad credentials get one generic 401; missing fields get 400; inactive users get 403", async () => {
		const wrong = await expectJson(await client().login("plain", "not-the-password"), 401);
		const unknown = await expectJson(await client().login("nobody-here", "not-the-password"), 401);
		expect(unknown.message).toBe(wrong.message);
		const missing = await client().fetch("/identity/login", {
			method: "POST",
			headers: { "content-type": "application/json" },
			body: JSON.stringify({ username: "plain" })
		});
		expect(missing.status).toBe(400);
		const { inactive } = fixtureUsers;
		await expectJson(await client().login(inactive.username, inactive.password), 403, "account_disabled");
	});

	test("logout (POST only) clears the cookies and ends the bearer token", async () => {
		const { client: c, token } = await loggedIn(fixtureUsers.writer, { remember: true });
		const saved = new Map(c.cookies);
		expect((await c.fetch("/identity/logout")).status).toBe(405);
		const logout = await c.fetch("/identity/logout", { method: "POST", sameOrigin: true });
		expect(logout.status).toBeLessThan(400);
		expect(c.cookies.has(sessionCookie)).toBe(false);
		expect(c.cookies.has(rememberCookie)).toBe(false);
		expect((await c.fetch("/me")).status).toBe(401);
		const replay = createFixtureClient(url());
		for (const [key, value] of saved) replay.cookies.set(key, value);
		expect((await replay.fetch("/me")).status).toBe(401);
		expect((await replay.fetch("/api/data", { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
	});

	test("a form login redirects to a same-origin next and rejects an absolute one", async () => {
		const { user } = fixtureUsers;
		const c = client();
		const form = await c.fetch("/identity/login", { navigate: true });
		expect(form.status).toBe(200);
		expect(await form.text()).toMatch(/<form/i);
		const post = (next: string, jar: FixtureClient) =>
			jar.fetch("/identity/login", {
				method: "POST",
				sameOrigin: true,
				navigate: true,
				headers: { "content-type": "application/x-www-form-urlencoded" },
				body: new URLSearchParams({ username: user.username, password: user.password, next }).toString()
			});
		const response = await post("/me", c);
		expect(response.status).toBe(303);
		expect(new URL(response.headers.get("location") ?? "", url()).pathname).toBe("/me");
		expect((await c.fetch("/me")).status).toBe(200);
		const evil = await post("https://evil.example/steal", client());
		expect(evil.status).toBe(303);
		expect(new URL(evil.headers.get("location") ?? "", url()).origin).toBe(new URL(url()).origin);
	});

	test("CSRF: cookie-authenticated cross-site POSTs are refused; same-origin and bearer ones pass", async () => {
		const { client: c, token } = await loggedIn(fixtureUsers.user);
		const echo = (headers: Record<string, string>, sameOrigin = false) =>
			c.fetch("/api/echo", {
				method: "POST",
				sameOrigin,
				headers: { "content-type": "application/json", ...headers },
				body: JSON.stringify({ hello: "world" })
			});
		expect((await echo({ origin: "https://evil.example" })).status).toBe(403);
		expect((await echo({ "sec-fetch-site": "cross-site" })).status).toBe(403);
		expect((await echo({})).status).toBe(403);
		const same = await expectJson(await echo({ "sec-fetch-site": "same-origin" }, true), 200);
		expect(same).toEqual({ username: "plain", contentType: "application/json", body: '{"hello":"world"}' });
		const csrf = (await (await c.fetch("/identity/login")).json()) as { csrfToken: string };
		expect((await echo({ "x-csrf-token": csrf.csrfToken })).status).toBe(200);
		const bearer = await createFixtureClient(url()).fetch("/api/echo", {
			method: "POST",
			headers: { authorization: `Bearer ${token}`, origin: "https://evil.example", "content-type": "text/plain" },
			body: "from a script"
		});
		expect(await expectJson(bearer, 200)).toMatchObject({ body: "from a script" });
	});

	test("request and response bodies pass through whole (form, large JSON, streamed)", async () => {
		const { client: c } = await loggedIn(fixtureUsers.user);
		const form = new URLSearchParams({ a: "1", b: "two words", c: "é" }).toString();
		const formEcho = await c.fetch("/api/echo", {
			method: "POST",
			sameOrigin: true,
			headers: { "content-type": "application/x-www-form-urlencoded" },
			body: form
		});
		expect(new URLSearchParams(((await formEcho.json()) as { body: string }).body).get("b")).toBe("two words");
		const big = JSON.stringify({ items: Array.from({ length: 2000 }, (_, i) => `item-${i}`) });
		const bigEcho = (await (
			await c.fetch("/api/echo", { method: "POST", sameOrigin: true, headers: { "content-type": "application/json" }, body: big })
		).json()) as { body: string };
		expect(JSON.parse(bigEcho.body)).toEqual(JSON.parse(big));
		const stream = await c.fetch("/stream?lines=500");
		const lines = (await stream.text()).trim().split("\n");
		expect(lines).toHaveLength(500);
		expect(lines[499]).toBe("line 499");
	});
}
