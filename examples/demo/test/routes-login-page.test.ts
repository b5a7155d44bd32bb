import { describe, expect, test } from "vitest";
import { CookieJar, createTestIdentity, jsonLogin, request, sameOriginForm } from "./helpers.js";

describe("GET /identity/login", () => {
	test("serves an accessible HTML form with a CSRF token, no-store and no external assets", async () => {
		const { identity } = await createTestIdentity();
		const response = await identity.handle(request("/identity/login?next=/admin", { headers: { accept: "text/html" } }));
		expect(response.status).toBe(200);
		expect(response.headers.get("content-type")).toMatch(/^text\/html/);
		expect(response.headers.get("cache-control")).toBe("no-store");
		expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
		const html = await response.text();
		expect(html).toContain('<form method="post" action="/identity/login"');
		expect(html).toMatch(/<label for="identity">Username<\/label>/);
		expect(html).toMatch(/<input id="password" name="password" type="password" autocomplete="current-password"/);
		expect(html).toMatch(/<input type="hidden" name="csrf_token" value="[^"]{20,}">/);
		expect(html).toContain('<input type="hidden" name="next" value="/admin">');
		expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
	});

	test("escapes what it echoes and drops an unsafe next", async () => {
		const { identity } = await createTestIdentity();
		const evil = encodeURIComponent(`/a?x="><script>alert(1)</script>`);
		const html = await (await identity.handle(request(`/identity/login?next=${evil}`, { headers: { accept: "text/html" } }))).text();
		expect(html).not.toContain("<script>");
		expect(html).toContain('value="/a?x&#61;&#34;&#62;&#60;script&#62;alert(1)&#60;/script&#62;"');
		const hostile = await (await identity.handle(request("/identity/login?next=//evil.example", { headers: { accept: "text/html" } }))).text();
		expect(hostile).toContain('name="next" value=""');
	});

	test("JSON callers get { csrfToken } and no credential", async () => {
		const { identity } = await createTestIdentity();
		const response = await identity.handle(request("/identity/login", { headers: { accept: "application/json" } }));
		expect(response.status).toBe(200);
		const body = await response.json();
		expect(Object.keys(body)).toEqual(["csrfToken"]);
		expect(typeof body.csrfToken).toBe("string");
		expect(response.headers.getSetCookie().join()).not.toMatch(/identity_session|identity_remember/);
	});

	test("HEAD has no body; OPTIONS lists the methods; other paths are 404", async () => {
		const { identity } = await createTestIdentity();
		const head = await identity.handle(request("/identity/login", { method: "HEAD" }));
		expect(head.status).toBe(200);
		expect(await head.text()).toBe("");
		const options = await identity.handle(request("/identity/login", { method: "OPTIONS" }));
		expect(options.status).toBe(204);
		expect(options.headers.get("allow")).toBe("GET, HEAD, POST, OPTIONS");
		const json404 = await identity.handle(request("/identity/nope", { headers: { accept: "application/json" } }));
		expect(json404.status).toBe(404);
		expect(await json404.json()).toMatchObject({ error: "not_found" });
		const html404 = await identity.handle(request("/identity/nope", { headers: { accept: "text/html" } }));
		expect(html404.status).toBe(404);
		expect(html404.headers.get("content-type")).toMatch(/^text\/html/);
		expect((await identity.handle(request("/identity//login/"))).status).toBe(200);
		const put = await identity.handle(request("/identity/login", { method: "PUT" }));
		expect(put.status).toBe(405);
		expect(put.headers.get("allow")).toBe("GET, HEAD, POST");
	});

	test("a signed-in browser gets the signed-in page with a link on to next, never a redirect", async () => {
		const { identity } = await createTestIdentity();
		const jar = new CookieJar();
		jar.store(await jsonLogin(identity, "admin", "admin-demo"));
		const response = await identity.handle(request("/identity/login?next=/admin", { headers: { cookie: jar.header(), accept: "text/html" } }));
		expect(response.status).toBe(200);
		expect(response.headers.get("location")).toBeNull();
		const html = await response.text();
		expect(html).toContain("You are signed in as admin");
		expect(html).toContain('href="/admin"');
	});

	test("templateRender() replaces the page and receives the context", async () => {
		const { identity } = await createTestIdentity();
		const seen: unknown[] = [];
		identity.templateRender((view, context) => {
			seen.push({ view, ...context });
			return view === "login" ? `<p>custom ${context.status} ${context.fields.identityField}</p>` : "<p>other</p>";
		});
		const response = await identity.handle(request("/identity/login?next=/admin", { headers: { accept: "text/html" } }));
		expect(response.status).toBe(200);
		expect(await response.text()).toBe("<p>custom 200 username</p>");
		expect(seen[0]).toMatchObject({ view: "login", next: "/admin", action: "/identity/login", errors: {} });
		expect((seen[0] as { request: Request }).request.url).toBe("http://localhost/identity/login?next=/admin");
		const failed = await identity.handle(request("/identity/login", { headers: sameOriginForm, form: { username: "admin", password: "nope" } }));
		expect(failed.status).toBe(401);
		identity.templateRender(() => new Response("as is", { status: 299 }));
		expect((await identity.handle(request("/identity/login", { headers: { accept: "text/html" } }))).status).toBe(299);
	});
});
