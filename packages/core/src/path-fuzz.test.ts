// Path normalisation on the default routes (better-auth GHSA-x732-6j76-qmhm).
// Decision: the URL parser's own normalisation (dot segments, `%2e`, backslashes) plus folded duplicate
// and trailing slashes reach the route; anything else (case, encoded slashes, suffixes) is a 404.
// Whichever way a variant goes, a POST to it never logs in without the CSRF/origin checks and the
// rate limiter, and a 404 never sets a cookie.
import { describe, expect, test } from "vitest";
import { cookieHeader, createTestWorld, loginCookies, openTestStore, testSecret } from "../test/helpers.js";
import { createIdentity, createPbkdf2Hasher } from "./index.js";

const cheap = { hasher: createPbkdf2Hasher({ iterations: 1000 }) };

/** Variants that name the login route once the URL parser and the router have normalised them. */
const loginVariants = [
	"/identity/login",
	"//identity/login",
	"/identity//login",
	"///identity///login///",
	"/identity/./login",
	"/identity/%2e/login",
	"/identity/%2E/login",
	"/identity/x/../login",
	"/identity/x/%2e%2e/login",
	"/x/../identity/login",
	"/identity/login/",
	"/identity/login//",
	"/identity\\login",
	"/identity/login?next=/x",
	"/identity/login#frag"
];

/** Variants that are not the login route: 404, whatever the method. */
const notFound = [
	"/IDENTITY/login",
	"/identity/LOGIN",
	"/Identity/Login",
	"/identity%2flogin",
	"/identity%2Flogin",
	"/identity/%2flogin",
	"/identity/login%2f",
	"/identity/login%2F",
	"/identity/%6cogin",
	"/identity/login%00",
	"/identity/login%20",
	"/identity/login;x=1",
	"/identity/login.json",
	"/identity/login/x",
	"/identity/login..",
	"/identityx/login",
	"/identity",
	"/identity/",
	"/login",
	"/identity/%2e%2e/identity/login/x"
];

const json = { "content-type": "application/json", accept: "application/json" };
const post = (path: string, body: object, headers: Record<string, string> = {}) =>
	new Request(`http://localhost${path}`, { method: "POST", headers: { ...json, ...headers }, body: JSON.stringify(body) });
const hasSessionCookie = (response: Response) => response.headers.getSetCookie().some((c) => /^identity_(session|remember)=[^;]/.test(c));

describe("identity.handle() path variants", () => {
	test.each(loginVariants)("GET %s is the login route", async (path) => {
		const { identity } = await createTestWorld({ password: cheap });
		const response = await identity.handle(new Request(`http://localhost${path}`, { headers: { accept: "application/json" } }));
		expect(response.status).toBe(200);
		expect(await response.json()).toHaveProperty("csrfToken");
	});

	test.each(notFound)("GET and POST %s are 404 and set no cookie", async (path) => {
		const { identity, password } = await createTestWorld({ password: cheap });
		expect((await identity.handle(new Request(`http://localhost${path}`))).status).toBe(404);
		const response = await identity.handle(post(path, { username: "admin", password }));
		expect(response.status).toBe(404);
		expect(response.headers.getSetCookie()).toEqual([]);
	});

	test.each(loginVariants)("POST %s from another site is refused before any login", async (path) => {
		const { identity, password } = await createTestWorld({ password: cheap });
		const crossSite: Record<string, string>[] = [{ origin: "https://evil.example" }, { "sec-fetch-site": "cross-site" }, { "sec-fetch-site": "same-site" }, { origin: "null" }];
		for (const headers of crossSite) {
			const response = await identity.handle(post(path, { username: "admin", password }, headers));
			expect(response.status, JSON.stringify(headers)).toBe(403);
			expect(hasSessionCookie(response)).toBe(false);
		}
	});

	test.each(loginVariants)("POST %s with our cookie but neither Origin nor a CSRF token is refused", async (path) => {
		const { identity, users, password } = await createTestWorld({ password: cheap });
		for (const cookie of [await loginCookies(identity, users.plain), "identity_session=stale", "identity_remember=stale"]) {
			const response = await identity.handle(post(path, { username: "admin", password }, { cookie }));
			expect(response.status, cookie).toBe(403);
			expect(await response.json()).toMatchObject({ error: "csrf_failed" });
			expect(hasSessionCookie(response)).toBe(false);
		}
	});

	test("failures on every variant count against one limit: the next attempt, right password or not, is 429", async () => {
		const { identity, password } = await createTestWorld({ password: cheap, rateLimit: { maxPerIdentity: 5 } });
		for (const path of loginVariants.slice(1, 6)) {
			expect((await identity.handle(post(path, { username: "editor", password: "wrong password" }))).status, path).toBe(401);
		}
		for (const path of loginVariants) {
			const response = await identity.handle(post(path, { username: "editor", password }));
			expect(response.status, path).toBe(429);
			expect(hasSessionCookie(response)).toBe(false);
		}
	});

	test("a same-origin login through a variant works and its cookies are ordinary", async () => {
		const { identity, password } = await createTestWorld({ password: cheap });
		const response = await identity.handle(post("//identity//login/", { username: "writer", password }, { origin: "http://localhost" }));
		expect(response.status).toBe(200);
		expect(response.headers.getSetCookie().find((c) => c.startsWith("identity_session="))).toMatch(/; Path=\/; HttpOnly; SameSite=Lax$/);
	});
});

describe("logout path variants", () => {
	const logoutVariants = ["/identity/logout", "//identity/logout", "/identity/./logout", "/identity/%2e/logout", "/identity/logout/"];

	test.each(logoutVariants)("POST %s from another site does not log out", async (path) => {
		const { identity, users } = await createTestWorld({ password: cheap });
		const cookie = await loginCookies(identity, users.editor);
		const response = await identity.handle(new Request(`http://localhost${path}`, { method: "POST", headers: { cookie, "sec-fetch-site": "cross-site" } }));
		expect(response.status).toBe(403);
		const after = await identity.getCurrentUser(new Request("http://localhost/", { headers: { cookie } }));
		expect(after.isAuthenticated).toBe(true);
	});

	test.each(logoutVariants)("GET %s never logs out (405 with Allow: POST)", async (path) => {
		const { identity, users } = await createTestWorld({ password: cheap });
		const cookie = await loginCookies(identity, users.editor);
		const response = await identity.handle(new Request(`http://localhost${path}`, { headers: { cookie } }));
		expect(response.status).toBe(405);
		expect(response.headers.get("allow")).toBe("POST");
		expect(cookieHeader(response, cookie)).toBe(cookie);
	});
});

describe("guards: the next parameter of the login redirect from odd paths", () => {
	const odd = ["//evil.example/x", "/\\evil.example", "/%2F%2Fevil.example", "/%5Cevil", "/a/../..//evil.example", "/%0d%0aSet-Cookie:x=1", "/ok?next=//evil.example", "/é?q=<script>"];

	test.each(odd)("a navigation to %s is redirected to the login route with a safe relative next (or none)", async (path) => {
		const { identity } = await createTestWorld({ password: cheap });
		const guarded = identity.loginRequired(() => new Response("secret"));
		const response = await guarded(new Request(`http://localhost${path}`, { headers: { accept: "text/html", "sec-fetch-mode": "navigate" } }));
		expect(response.status).toBe(302);
		const location = response.headers.get("location")!;
		expect(location).toMatch(/^\/identity\/login(\?next=[^&]*)?$/);
		expect(location).not.toMatch(/[\r\n]/);
		const next = new URL(location, "http://localhost").searchParams.get("next");
		if (next !== null) {
			expect(next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\")).toBe(true);
			expect(new URL(next, "http://localhost").origin).toBe("http://localhost");
		}
	});
});

describe("routes.basePath", () => {
	test("a custom base path gets the same normalisation and nothing outside it is served", async () => {
		const { identity } = await createTestWorld({ password: cheap, routes: { basePath: "/api/auth" } });
		for (const path of ["/api/auth/login", "//api//auth//login/", "/api/x/../auth/login"]) {
			expect((await identity.handle(new Request(`http://localhost${path}`))).status, path).toBe(200);
		}
		for (const path of ["/identity/login", "/api/login", "/api%2fauth/login", "/API/auth/login"]) {
			expect((await identity.handle(new Request(`http://localhost${path}`))).status, path).toBe(404);
		}
	});

	test.each(["/a//b", "/a/./b", "/a/../b", "/a/%2e/b"])("basePath %s, which no request path can match after normalisation, is refused at creation", async (basePath) => {
		const store = await openTestStore();
		expect(() => createIdentity({ store, secret: testSecret, routes: { basePath } })).toThrow(expect.objectContaining({ code: "ERR_INVALID_OPTIONS" }));
	});
});
