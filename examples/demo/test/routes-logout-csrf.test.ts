import { describe, expect, test } from "vitest";
import { CookieJar, createTestIdentity, jsonLogin, origin, request, sameOriginForm } from "./helpers.js";

async function signedIn(username = "admin", password = "admin-demo", remember = false) {
	const context = await createTestIdentity();
	const jar = new CookieJar();
	jar.store(await jsonLogin(context.identity, username, password, { remember }));
	const whoami = context.identity.withIdentity((req) => Response.json({ user: context.identity.currentUser(req).username ?? null }));
	const who = async (cookie = jar.header()) => (await (await whoami(request("/whoami", { headers: { cookie } }))).json()).user;
	return { ...context, jar, who };
}

describe("POST /identity/logout", () => {
	test("JSON: 200 {}, cookies cleared, and the old session cookie no longer works", async () => {
		const { identity, jar, who, events } = await signedIn("admin", "admin-demo", true);
		const before = jar.header();
		expect(await who()).toBe("admin");
		const response = await identity.handle(request("/identity/logout", { json: {}, headers: { cookie: before, origin } }));
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({});
		const cleared = response.headers.getSetCookie();
		expect(cleared.some((c) => c.startsWith("identity_session=") && /max-age=0/i.test(c))).toBe(true);
		expect(cleared.some((c) => c.startsWith("identity_remember=") && /max-age=0/i.test(c))).toBe(true);
		expect(await who(before)).toBeNull();
		expect(events.some((e) => e.name === "loggedOut")).toBe(true);
	});

	test("form: 303 to the post-logout view, or to a safe next", async () => {
		const { identity, jar } = await signedIn();
		const response = await identity.handle(request("/identity/logout", { headers: { ...sameOriginForm, cookie: jar.header() }, form: {} }));
		expect(response.status).toBe(303);
		expect(response.headers.get("location")).toBe("/");
		const withNext = await identity.handle(request("/identity/logout", { headers: sameOriginForm, form: { next: "/bye" } }));
		expect(withNext.headers.get("location")).toBe("/bye");
		const hostile = await identity.handle(request("/identity/logout", { headers: sameOriginForm, form: { next: "//evil.example" } }));
		expect(hostile.headers.get("location")).toBe("/");
	});

	test("GET logout is 405 with Allow: POST and changes nothing", async () => {
		const { identity, jar, who } = await signedIn();
		const response = await identity.handle(request("/identity/logout", { headers: { cookie: jar.header() } }));
		expect(response.status).toBe(405);
		expect(response.headers.get("allow")).toBe("POST");
		expect(response.headers.getSetCookie()).toEqual([]);
		expect(await who()).toBe("admin");
	});

	test("logging out while signed out succeeds", async () => {
		const { identity } = await createTestIdentity();
		const response = await identity.handle(request("/identity/logout", { json: {} }));
		expect(response.status).toBe(200);
	});
});

describe("CSRF on the identity routes", () => {
	test("a cross-site logout is refused and the session survives", async () => {
		const { identity, jar, who } = await signedIn();
		const variants: Record<string, string>[] = [
			{ "sec-fetch-site": "cross-site" },
			{ "sec-fetch-site": "same-site" },
			{ origin: "https://evil.example" },
			{ origin: "http://localhost.evil.example" },
			{ origin: "null" }
		];
		for (const headers of variants) {
			const response = await identity.handle(
				request("/identity/logout", { headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.header(), ...headers }, form: {} })
			);
			expect(response.status, JSON.stringify(headers)).toBe(403);
			expect(response.headers.getSetCookie()).toEqual([]);
		}
		expect(await who()).toBe("admin");
	});

	test("a cross-site login is refused whatever the content type's case, or when it is missing", async () => {
		const { identity } = await createTestIdentity();
		for (const type of ["application/x-www-form-urlencoded", "Application/X-WWW-Form-Urlencoded", "MULTIPART/FORM-DATA; boundary=x", "text/plain", null]) {
			const headers: Record<string, string> = { "sec-fetch-site": "cross-site" };
			if (type) headers["content-type"] = type;
			const response = await identity.handle(request("/identity/login", { method: "POST", headers, body: "username=admin&password=admin-demo" }));
			expect(response.status, String(type)).toBe(403);
			expect(response.headers.getSetCookie().join()).not.toContain("identity_session");
		}
	});

	test("with our cookies and neither Origin nor Sec-Fetch-Site, a valid token is required", async () => {
		const { identity, jar, who } = await signedIn();
		const post = (headers: Record<string, string>, form: Record<string, string> = {}) =>
			identity.handle(request("/identity/logout", { headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.header(), ...headers }, form }));
		expect((await post({})).status).toBe(403);
		expect((await post({ "x-csrf-token": "forged" })).status).toBe(403);
		expect((await post({}, { csrf_token: "forged" })).status).toBe(403);
		expect(await who()).toBe("admin");
		const tokenResponse = await identity.handle(request("/identity/login", { headers: { accept: "application/json", cookie: jar.header() } }));
		const { csrfToken } = await tokenResponse.json();
		const ok = await post({}, { csrf_token: csrfToken });
		expect(ok.status).toBe(303);
		expect(await who()).toBeNull();
	});

	test("case-variant content types are parsed as what they are", async () => {
		const { identity } = await createTestIdentity();
		const form = await identity.handle(
			request("/identity/login", { method: "POST", headers: { "content-type": "Application/X-WWW-Form-Urlencoded; Charset=UTF-8" }, body: "username=reader&password=reader-demo" })
		);
		expect(form.status).toBe(303);
		const json = await identity.handle(
			request("/identity/login", { method: "POST", headers: { "content-type": "APPLICATION/JSON; charset=utf-8" }, body: JSON.stringify({ username: "reader", password: "reader-demo" }) })
		);
		expect(json.status).toBe(200);
		const data = new FormData();
		data.set("username", "reader");
		data.set("password", "reader-demo");
		const multipart = await identity.handle(request("/identity/login", { method: "POST", body: data, headers: { accept: "text/html" } }));
		expect(multipart.status).toBe(303);
		// No content type is read as a form; with no Accept either it is an API caller (curl), so JSON.
		const missing = await identity.handle(request("/identity/login", { method: "POST", body: new TextEncoder().encode("username=reader&password=reader-demo") }));
		expect(missing.status).toBe(200);
		const browser = await identity.handle(
			request("/identity/login", { method: "POST", headers: { accept: "text/html" }, body: new TextEncoder().encode("username=reader&password=reader-demo") })
		);
		expect(browser.status).toBe(303);
	});

	test("a curl JSON login with no cookies needs no token; a bearer-only logout neither", async () => {
		const { identity } = await createTestIdentity();
		const login = await jsonLogin(identity, "admin", "admin-demo");
		expect(login.status).toBe(200);
		const { authenticationToken } = await login.json();
		const logout = await identity.handle(request("/identity/logout", { json: {}, headers: { authorization: `Bearer ${authenticationToken}` } }));
		expect(logout.status).toBe(200);
	});
});
