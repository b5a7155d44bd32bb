import { expect, test } from "vitest";
import { createFixtureClient } from "./fixture-client.js";
import { fixtureUsers } from "./fixture-users.js";
import type { HandlerSuiteContext } from "./handler-suite.js";

const guardedPaths = ["/me", "/admin", "/editor", "/api/data", "/fresh"] as const;

/** Each guard for anonymous, logged-in, wrong-role and deactivated users; JSON and HTML failures; remember and fresh. */
export function defineGuardTests(ctx: HandlerSuiteContext): void {
	const { url, client, loggedIn, expectJson, sessionCookie, target } = ctx;
	test("guards answer anonymous API callers with 401 JSON and a Bearer challenge", async () => {
		for (const path of guardedPaths) {
			const response = await client().fetch(path);
			expect(response.status, path).toBe(401);
			expect(response.headers.get("www-authenticate"), path).toMatch(/^Bearer /);
			expect((await response.json()) as object, path).toHaveProperty("error");
		}
	});

	test("guards redirect anonymous navigations to the login route with next", async () => {
		for (const path of ["/me", "/admin", "/editor", "/fresh"]) {
			const response = await client().fetch(path, { navigate: true });
			expect([302, 303], path).toContain(response.status);
			const location = new URL(response.headers.get("location") ?? "", url());
			expect(location.origin).toBe(new URL(url()).origin);
			expect(location.pathname).toBe("/identity/login");
			expect(location.searchParams.get("next")).toBe(path);
		}
	});

	test("loginRequired lets any logged-in user through and exposes the current user", async () => {
		const { client: c } = await loggedIn(fixtureUsers.user);
		const me = await expectJson(await c.fetch("/me"), 200);
		expect(me).toMatchObject({ username: "plain", roles: [], isAuthenticated: true });
		if (target.recordsClientAddress) expect(["127.0.0.1", "::ffff:127.0.0.1", "::1"]).toContain(me.loginAddress);
		expect(await (await c.fetch("/")).json()).toEqual({ page: "home", username: "plain" });
	});

	test("rolesRequired('admin'): admin passes, others get 403 JSON or a 403 page", async () => {
		expect((await (await loggedIn(fixtureUsers.admin)).client.fetch("/admin")).status).toBe(200);
		const { client: editor } = await loggedIn(fixtureUsers.editor);
		await expectJson(await editor.fetch("/admin"), 403, "forbidden");
		const page = await editor.fetch("/admin", { navigate: true });
		expect(page.status).toBe(403);
		expect(page.headers.get("content-type")).toMatch(/text\/html/);
	});

	test("rolesAccepted('editor', 'writer'): either role passes, others get 403", async () => {
		for (const user of [fixtureUsers.editor, fixtureUsers.writer]) {
			expect((await (await loggedIn(user)).client.fetch("/editor")).status, user.username).toBe(200);
		}
		for (const user of [fixtureUsers.user, fixtureUsers.admin]) {
			await expectJson(await (await loggedIn(user)).client.fetch("/editor"), 403, "forbidden");
		}
	});

	test("authRequired('token'): a bearer token passes; a session cookie or a tampered token does not", async () => {
		const { client: c, token } = await loggedIn(fixtureUsers.user);
		const bare = createFixtureClient(url());
		expect((await bare.fetch("/api/data", { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
		expect((await bare.fetch("/api/data", { headers: { "authentication-token": token } })).status).toBe(200);
		expect((await c.fetch("/api/data")).status).toBe(401);
		const tampered = `${token.slice(0, -2)}${token.endsWith("AA") ? "BB" : "AA"}`;
		const refused = await bare.fetch("/api/data", { headers: { authorization: `Bearer ${tampered}` } });
		expect(refused.status).toBe(401);
		expect(refused.headers.get("www-authenticate")).toMatch(/^Bearer /);
	});

	test("the remember cookie restores a session, which is not fresh", async () => {
		const { client: c } = await loggedIn(fixtureUsers.user, { remember: true });
		expect((await c.fetch("/fresh")).status).toBe(200);
		c.cookies.delete(sessionCookie);
		const restored = await c.fetch("/me");
		expect(restored.status).toBe(200);
		expect(c.cookies.has(sessionCookie)).toBe(true);
		await expectJson(await c.fetch("/fresh"), 401, "reauthentication_required");
		const navigation = await c.fetch("/fresh", { navigate: true });
		expect([302, 303]).toContain(navigation.status);
		const verify = new URL(navigation.headers.get("location") ?? "", url());
		expect(verify.pathname).toBe("/identity/verify");
		expect(verify.searchParams.get("next")).toBe("/fresh");
		// Re-entering the password makes the session fresh again (JSON: with the CSRF token of GET verify).
		const { csrfToken } = (await (await c.fetch("/identity/verify")).json()) as { csrfToken: string };
		const confirmed = await c.fetch("/identity/verify", {
			method: "POST",
			headers: { "content-type": "application/json", "x-csrf-token": csrfToken },
			body: JSON.stringify({ password: fixtureUsers.user.password })
		});
		expect(confirmed.status).toBe(200);
		expect((await c.fetch("/fresh")).status).toBe(200);
	});

	test("OPTIONS never reaches a guarded handler: 204 with an empty body", async () => {
		for (const path of [...guardedPaths, "/admin/deactivate"]) {
			const response = await client().fetch(path, { method: "OPTIONS" });
			expect(response.status, path).toBe(204);
			expect(await response.text(), path).toBe("");
		}
		const { client: admin } = await loggedIn(fixtureUsers.admin);
		const preflight = await admin.fetch("/admin/deactivate", { method: "OPTIONS" });
		expect(preflight.status).toBe(204);
		expect(await preflight.text()).toBe("");
	});

	test("a deactivated user's cookies and token stop working on every guard", async () => {
		const { frozen } = fixtureUsers;
		const { client: c, token } = await loggedIn(frozen);
		expect((await c.fetch("/editor")).status).toBe(200);
		const { client: admin } = await loggedIn(fixtureUsers.admin);
		const toggle = (action: string) =>
			admin.fetch(`/admin/${action}`, {
				method: "POST",
				sameOrigin: true,
				headers: { "content-type": "application/json" },
				body: JSON.stringify({ username: frozen.username })
			});
		expect((await toggle("deactivate")).status).toBe(200);
		try {
			for (const path of guardedPaths) expect((await c.fetch(path)).status, path).toBe(401);
			const bearer = createFixtureClient(url());
			expect((await bearer.fetch("/api/data", { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
			await expectJson(await client().login(frozen.username, frozen.password), 403, "account_disabled");
		} finally {
			expect((await toggle("activate")).status).toBe(200);
		}
	});
}
