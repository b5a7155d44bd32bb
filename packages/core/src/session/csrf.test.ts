import { describe, expect, test } from "vitest";
import { createTestWorld, get, loginCookies } from "../../test/helpers.js";

const world = await createTestWorld({ trustedOrigins: ["https://partner.example"] });
const { identity, users } = world;
const echo = identity.loginRequired(() => Response.json({ ok: true }));
const cookie = await loginCookies(identity, users.admin);

function post(headers: Record<string, string>, body?: BodyInit): Request {
	return new Request("http://localhost/api/echo", { method: "POST", headers: { accept: "application/json", ...headers }, body });
}

describe("CSRF on cookie-authenticated unsafe requests", () => {
	test.each([
		["Sec-Fetch-Site: cross-site", { "sec-fetch-site": "cross-site" }],
		["Sec-Fetch-Site: same-site", { "sec-fetch-site": "same-site" }],
		["a foreign Origin", { origin: "https://evil.example" }],
		["a look-alike Origin", { origin: "http://localhost.evil.example" }],
		["Origin: null", { origin: "null" }],
		["neither header and no token", {}],
		["a bad X-CSRF-Token", { "x-csrf-token": "forged.token" }]
	])("refuses %s with 403", async (_, headers) => {
		const response = await echo(post({ cookie, ...headers }));
		expect(response.status).toBe(403);
		expect(await response.json()).toMatchObject({ error: "csrf_failed" });
	});

	test.each([
		["Sec-Fetch-Site: same-origin", { "sec-fetch-site": "same-origin" }],
		["Sec-Fetch-Site: none", { "sec-fetch-site": "none" }],
		["the same Origin", { origin: "http://localhost" }],
		["a trusted Origin", { origin: "https://partner.example", "sec-fetch-site": "cross-site" }]
	])("allows %s", async (_, headers) => {
		expect((await echo(post({ cookie, ...headers }))).status).toBe(200);
	});

	test("allows a valid token in the header or in a form field (any content-type case)", async () => {
		const token = await identity.getCsrfToken(get("/", { cookie }));
		expect((await echo(post({ cookie, "x-csrf-token": token }))).status).toBe(200);
		const form = new URLSearchParams({ csrf_token: token }).toString();
		for (const type of ["application/x-www-form-urlencoded", "Application/X-WWW-Form-Urlencoded"]) {
			expect((await echo(post({ cookie, "content-type": type }, form))).status).toBe(200);
		}
	});

	test("a token issued before login does not pass after it (bound to the session)", async () => {
		const anonymousToken = await identity.getCsrfToken(get("/"));
		expect((await echo(post({ cookie, "x-csrf-token": anonymousToken }))).status).toBe(403);
	});

	test("requests authenticated only by a bearer token are exempt", async () => {
		const admin = (await world.store.findUser("admin"))!;
		const token = await identity.getAuthToken(admin);
		const response = await echo(post({ authorization: `Bearer ${token}`, origin: "https://evil.example" }));
		expect(response.status).toBe(200);
	});

	test("safe methods are never checked", async () => {
		expect((await echo(get("/", { cookie, "sec-fetch-site": "cross-site" }))).status).toBe(200);
	});
});

describe("HTTP Basic and CSRF", () => {
	test("a cross-site POST with (cached) Basic credentials is refused; a same-origin or non-browser one passes", async () => {
		const basicWorld = await createTestWorld({ authMethods: ["token", "session", "basic"] });
		const guarded = basicWorld.identity.authRequired(() => Response.json({ changed: true }), "basic");
		const authorization = `Basic ${btoa(`editor:${basicWorld.password}`)}`;
		const send = (headers: Record<string, string>) =>
			guarded(new Request("http://localhost/api/change", { method: "POST", headers: { accept: "application/json", authorization, ...headers } }));
		const crossSite: Record<string, string>[] = [{ "sec-fetch-site": "cross-site" }, { origin: "https://evil.example" }, { "sec-fetch-site": "same-site", origin: "https://sub.localhost" }];
		for (const headers of crossSite) {
			const response = await send(headers);
			expect(response.status, JSON.stringify(headers)).toBe(403);
			expect(await response.json()).toMatchObject({ error: "csrf_failed" });
		}
		expect((await send({ "sec-fetch-site": "same-origin" })).status).toBe(200);
		expect((await send({ origin: "http://localhost" })).status).toBe(200);
		expect((await send({})).status).toBe(200);
	});
});
