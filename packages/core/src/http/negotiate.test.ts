// One negotiation rule and one failure table for guards and routes. An earlier build had two rules
// that disagreed: curl, plain fetch, a request with no headers and a Bearer client got JSON from the
// guards and HTML from the routes.
import { describe, expect, test } from "vitest";
import { createTestWorld } from "../../test/helpers.js";
import { createFailureResponder, failures, type FailureReason } from "./failures.js";
import { isApiCaller } from "./negotiate.js";

const { identity } = await createTestWorld();

const callers: [string, Record<string, string>, "json" | "html"][] = [
	["no headers", {}, "json"],
	["curl (Accept: */*)", { accept: "*/*" }, "json"],
	["fetch() in a page", { accept: "*/*", "sec-fetch-mode": "cors", "sec-fetch-site": "same-origin" }, "json"],
	["a Bearer client", { authorization: "Bearer abc.def" }, "json"],
	["the token header", { "authentication-token": "abc.def" }, "json"],
	["Accept: application/json", { accept: "application/json" }, "json"],
	["Accept: application/problem+json", { accept: "application/problem+json" }, "json"],
	["a JSON body", { "content-type": "application/json" }, "json"],
	["a browser navigation", { accept: "text/html,application/xhtml+xml,*/*;q=0.8", "sec-fetch-mode": "navigate" }, "html"],
	["a navigation without Accept", { "sec-fetch-mode": "navigate" }, "html"],
	["Accept: text/html only", { accept: "text/html" }, "html"],
	["a form post from an old browser", { "content-type": "application/x-www-form-urlencoded" }, "html"],
	["a multipart form post", { "content-type": "multipart/form-data; boundary=x" }, "html"]
];

describe("isApiCaller(): one rule", () => {
	test.each(callers)("%s -> %s", (_, headers, expected) => {
		expect(isApiCaller(new Request("http://localhost/", { headers }), "authentication-token")).toBe(expected === "json");
	});

	test.each(callers)("guards and routes answer %s the same way", async (_, headers, expected) => {
		const guard = await identity.loginRequired(() => new Response("ok"))(new Request("http://localhost/secret", { headers }));
		const notFound = await identity.handle(new Request("http://localhost/identity/nowhere", { headers }));
		const loginPage = await identity.handle(new Request("http://localhost/identity/login", { headers }));
		const type = (response: Response) => (response.headers.get("content-type") ?? "").split(";")[0];
		expect(type(notFound)).toBe(expected === "json" ? "application/json" : "text/html");
		expect(type(loginPage)).toBe(expected === "json" ? "application/json" : "text/html");
		if (expected === "json") expect(type(guard)).toBe("application/json");
		else expect(guard.status).toBe(302); // a navigation is sent to the login form
	});
});

describe("the failure table", () => {
	const respond = createFailureResponder({
		tokenHeader: "authentication-token",
		renderPage: async (_, page) => new Response(`<h1>${page.title}</h1><p>${page.message}</p>`, { status: page.status, headers: { "content-type": "text/html" } })
	});
	const api = new Request("http://localhost/x", { headers: { accept: "application/json" } });
	const browser = new Request("http://localhost/x", { headers: { accept: "text/html", "sec-fetch-mode": "navigate" } });

	test.each(Object.entries(failures) as [FailureReason, { status: number; message: string }][])("%s: the same status as JSON and HTML", async (reason, row) => {
		const json = await respond(api, reason);
		expect(json.status).toBe(row.status);
		expect(json.headers.get("cache-control")).toBe("no-store");
		const body = (await json.json()) as { error: string; message: string };
		expect(body.message).toBe(row.message);
		expect(body.error).toBe(reason === "wrong_credential" ? "unauthenticated" : reason === "csrf_token_invalid" ? "csrf_failed" : reason);
		const page = await respond(browser, reason);
		expect(page.status).toBe(row.status);
		expect(await page.text()).toContain(row.message);
		for (const response of [json, page]) {
			if (row.status === 401) expect(response.headers.get("www-authenticate")).toMatch(/^Bearer realm="identity"/);
			if (row.status === 503) expect(response.headers.get("retry-after")).toBe("5");
		}
	});

	test("the store being down, and the routes switched off, answer from the same table", async () => {
		const off = await createTestWorld({ routes: { enabled: false } });
		const response = await off.identity.handle(new Request("http://localhost/identity/login", { headers: { accept: "application/json" } }));
		expect(response.status).toBe(404);
		expect(await response.json()).toEqual({ error: "not_found", message: failures.not_found.message });
		const page = await off.identity.handle(new Request("http://localhost/identity/login", { headers: { accept: "text/html" } }));
		expect(page.headers.get("content-type")).toContain("text/html");
		expect(page.headers.get("content-security-policy")).toContain("default-src 'none'");
	});

	test("405 carries Allow, a presented bad token an invalid_token challenge", async () => {
		const get = await identity.handle(new Request("http://localhost/identity/logout", { headers: { accept: "application/json" } }));
		expect(get.status).toBe(405);
		expect(get.headers.get("allow")).toBe("POST");
		const bad = await identity.loginRequired(() => new Response("ok"))(new Request("http://localhost/", { headers: { authorization: "Bearer bad.token" } }));
		expect(bad.headers.get("www-authenticate")).toBe('Bearer realm="identity", error="invalid_token"');
	});
});
