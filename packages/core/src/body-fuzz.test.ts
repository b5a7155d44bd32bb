// Body type confusion on POST /identity/login (Flask-Security 5.9 shipped a crash on non-string
// JSON fields): every malformed body is a 4xx that names the bad fields (or the body), never a
// 500, never a login, never a polluted prototype. `next` and `csrf_token` are optional: a wrongly
// typed one is ignored (next falls back), never an error.
import { describe, expect, test } from "vitest";
import { createTestWorld, loginCookies } from "../test/helpers.js";
import { createPbkdf2Hasher } from "./index.js";

const { identity, password } = await createTestWorld({ password: { hasher: createPbkdf2Hasher({ iterations: 1000 }) }, rateLimit: false });

const login = (body: BodyInit | null, headers: Record<string, string> = { "content-type": "application/json" }) =>
	identity.handle(new Request("http://localhost/identity/login", { method: "POST", headers: { accept: "application/json", ...headers }, body }));

async function expectRefused(response: Response, label: string): Promise<Record<string, unknown>> {
	expect(response.status, label).toBeGreaterThanOrEqual(400);
	expect(response.status, label).toBeLessThan(500);
	expect(response.headers.getSetCookie().some((c) => /^identity_(session|remember)=[^;]/.test(c)), label).toBe(false);
	expect(response.headers.get("content-type"), label).toContain("application/json");
	const body = (await response.json()) as Record<string, unknown>;
	expect(typeof body.error, label).toBe("string");
	expect(JSON.stringify(body), label).not.toContain(password);
	return body;
}

/** Values of every JSON type and shape a client could put in a field. */
const values: [string, unknown][] = [
	["number", 1],
	["zero", 0],
	["float", 1.5e308],
	["negative", -1],
	["true", true],
	["false", false],
	["null", null],
	["empty array", []],
	["array of strings", ["admin", "editor"]],
	["array of the right value", [password]],
	["empty object", {}],
	["object", { $ne: null }],
	["object with toString", { toString: "admin" }],
	["nested", { a: [{ b: { c: [1, [2, [3]]] } }] }],
	["1 MB string", "x".repeat(1024 * 1024)],
	["just over the cap (1025 bytes)", "x".repeat(1025)],
	["1024 characters of 18-fold NFKD", "\uFDFA".repeat(1024)],
	["NUL", "\u0000"],
	["lone surrogate", "\ud800"],
	["RTL override", "\u202eadmin"]
];

describe("POST /identity/login: JSON field type confusion", () => {
	test.each(values)("username as %s is a 400 naming username", async (_, value) => {
		const body = await expectRefused(await login(JSON.stringify({ username: value, password })), "username");
		if (value === null) expect(body.errors).toHaveProperty("username");
		else expect(body).toMatchObject({ error: expect.stringMatching(/invalid_request|invalid_credentials/) });
		if (body.error === "invalid_request") expect(Object.keys(body.errors as object)).toContain("username");
	});

	test.each(values.filter(([name]) => !["NUL", "lone surrogate", "RTL override"].includes(name)))(
		"password as %s is a 400 naming password",
		async (_, value) => {
			const body = await expectRefused(await login(JSON.stringify({ username: "admin", password: value })), "password");
			expect(body.error).toBe("invalid_request");
			expect(Object.keys(body.errors as object)).toContain("password");
		}
	);

	test.each(values.filter(([name]) => !["null", "false", "zero", "true", "number"].includes(name)))("remember as %s is a 400 naming remember", async (_, value) => {
		const response = await login(JSON.stringify({ username: "admin", password, remember: value }));
		const body = await expectRefused(response, "remember");
		expect(Object.keys(body.errors as object)).toContain("remember");
	});

	test.each(values.filter(([, value]) => typeof value !== "string" && value !== null))("next and csrf_token as %s are ignored: the login succeeds", async (_, value) => {
		const response = await login(JSON.stringify({ username: "admin", password, next: value, csrf_token: value }));
		expect(response.status).toBe(200);
		const form = await identity.handle(
			new Request("http://localhost/identity/login", {
				method: "POST",
				headers: { "content-type": "application/x-www-form-urlencoded" },
				body: new URLSearchParams({ username: "admin", password, next: JSON.stringify(value) })
			})
		);
		expect(form.status).toBe(303);
		expect(form.headers.get("location")).toBe("/");
	});

	test("every field wrong at once names every bad field", async () => {
		const body = await expectRefused(await login(JSON.stringify({ username: 1, password: [], remember: "perhaps", next: {}, csrf_token: 2 })), "all");
		expect(Object.keys(body.errors as object).sort()).toEqual(["password", "remember", "username"]);
	});

	test("missing fields are named", async () => {
		const body = await expectRefused(await login("{}"), "empty object");
		expect(Object.keys(body.errors as object).sort()).toEqual(["password", "username"]);
	});
});

describe("POST /identity/login: prototype keys", () => {
	const bodies = [
		'{"__proto__": {"username": "admin", "password": "x", "isAdmin": true}}',
		'{"constructor": {"prototype": {"isAdmin": true}}, "username": "admin"}',
		'{"username": "admin", "password": {"__proto__": {"length": 3}}}',
		'{"__proto__": null, "username": "admin"}',
		'{"hasOwnProperty": "x", "username": "admin", "password": "x", "valueOf": 1}',
		'{"username": "admin", "username": ["admin"], "password": "x"}'
	];

	test.each(bodies)("%s is a 4xx and pollutes nothing", async (raw) => {
		await expectRefused(await login(raw), raw);
		expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
		expect(Object.prototype).not.toHaveProperty("username");
	});

	test("a form body with prototype keys is a 4xx too", async () => {
		const form = { "content-type": "application/x-www-form-urlencoded" };
		const response = await login("__proto__=x&constructor=y&username=admin&username=editor&password=x", form);
		await expectRefused(response, "form");
		expect(({} as Record<string, unknown>).username).toBeUndefined();
	});
});

describe("POST /identity/login: unreadable bodies", () => {
	const encoder = new TextEncoder();
	const cases: [string, BodyInit | null, Record<string, string>][] = [
		["empty JSON body", "", { "content-type": "application/json" }],
		["no body at all", null, { "content-type": "application/json" }],
		["whitespace", "   \n", { "content-type": "application/json" }],
		["truncated JSON", '{"username": "admin", "pass', { "content-type": "application/json" }],
		["JSON null", "null", { "content-type": "application/json" }],
		["JSON array", `["admin", "${password}"]`, { "content-type": "application/json" }],
		["JSON string", `"admin"`, { "content-type": "application/json" }],
		["JSON number", "1e999", { "content-type": "application/json" }],
		["JSON true", "true", { "content-type": "application/json" }],
		["deep nesting", `${"[".repeat(200_000)}${"]".repeat(200_000)}`, { "content-type": "application/json" }],
		["BOM then JSON", `\ufeff{"username":"admin","password":"x"}`, { "content-type": "application/json" }],
		["invalid UTF-8", new Uint8Array([0x7b, 0x22, 0x75, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]), { "content-type": "application/json" }],
		["UTF-16 JSON", new Uint8Array([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]), { "content-type": "application/json; charset=utf-16" }],
		["overlong UTF-8 in a form", new Uint8Array([0x75, 0x3d, 0xc0, 0xaf]), { "content-type": "application/x-www-form-urlencoded" }],
		["text/plain", JSON.stringify({ username: "admin", password }), { "content-type": "text/plain" }],
		["application/xml", "<login/>", { "content-type": "application/xml" }],
		["two content types", JSON.stringify({ username: "admin", password }), { "content-type": "application/json, text/html" }],
		["JSON labelled as a form", JSON.stringify({ username: "admin", password }), { "content-type": "application/x-www-form-urlencoded" }],
		["form labelled as JSON", `username=admin&password=${password}`, { "content-type": "application/json" }],
		["multipart without a boundary", "--x\r\n", { "content-type": "multipart/form-data" }],
		["broken multipart", "--x\r\nContent-Disposition: form-data\r\n\r\n", { "content-type": "multipart/form-data; boundary=x" }],
		["over the body cap", `{"username":"${"x".repeat(3 * 1024 * 1024)}"}`, { "content-type": "application/json" }],
		["a lying Content-Length", "{}", { "content-type": "application/json", "content-length": "99999999999" }],
		["a bogus Content-Length", "{}", { "content-type": "application/json", "content-length": "abc" }]
	];

	test.each(cases)("%s is a 4xx, never a 500", async (label, body, headers) => {
		const response = await login(body, headers);
		const json = await expectRefused(response, label);
		if (label === "form labelled as JSON" || label === "JSON labelled as a form") expect(response.status).toBe(400);
		expect(json.error).toMatch(/^[a-z_]+$/);
	});

	test("a file upload in place of the password is a 400 naming password", async () => {
		const data = new FormData();
		data.set("username", "admin");
		data.set("password", new Blob([password]), "password.txt");
		const response = await identity.handle(new Request("http://localhost/identity/login", { method: "POST", headers: { accept: "application/json" }, body: data }));
		const json = await expectRefused(response, "file");
		expect(Object.keys(json.errors as object)).toContain("password");
	});

	test("the right credentials in a well-formed body still log in (the fuzzing above is not vacuous)", async () => {
		const response = await login(JSON.stringify({ username: "admin", password }));
		expect(response.status).toBe(200);
		expect(response.headers.getSetCookie().some((c) => c.startsWith("identity_session="))).toBe(true);
	});
});

describe("POST /identity/login: browser forms", () => {
	const form = (body: string, contentType = "application/x-www-form-urlencoded") =>
		identity.handle(
			new Request("http://localhost/identity/login", {
				method: "POST",
				headers: { "content-type": contentType, accept: "text/html", "sec-fetch-mode": "navigate", origin: "http://localhost" },
				body
			})
		);

	test.each([
		["", 400],
		["username=&password=", 400],
		["username=admin&username=editor&password=x", 400],
		["username=admin&password=x&remember=perhaps", 400],
		[`username=${"a".repeat(400)}&password=x`, 400],
		["username=admin&password=%zz", 401],
		["username=admin&password=wrong", 401],
		["=&&&==&username", 400]
	])("form %s re-renders the page with a 4xx", async (body, status) => {
		const response = await form(body);
		expect(response.status).toBe(status);
		expect(response.headers.get("content-type")).toContain("text/html");
		expect(response.headers.getSetCookie().some((c) => /^identity_session=[^;]/.test(c))).toBe(false);
	});

	test("hostile values are echoed escaped, never as markup", async () => {
		const evil = `"><script>alert(1)</script><img src=x onerror=alert(1)>`;
		const response = await form(new URLSearchParams({ username: evil, password: "wrong", next: evil }).toString());
		expect(response.status).toBe(401);
		const html = await response.text();
		expect(html).not.toContain("<script>alert");
		expect(html).not.toContain("<img src=x");
	});

	test("Application/X-WWW-Form-Urlencoded in any case is still a form (and still CSRF-checked)", async () => {
		const response = await form(`username=admin&password=${password}`, "Application/X-WWW-Form-URLENCODED; charset=UTF-8");
		expect(response.status).toBe(303);
		const crossSite = await identity.handle(
			new Request("http://localhost/identity/login", {
				method: "POST",
				headers: { "content-type": "APPLICATION/X-WWW-FORM-URLENCODED", "sec-fetch-site": "cross-site" },
				body: `username=admin&password=${password}`
			})
		);
		expect(crossSite.status).toBe(403);
	});
});

describe("guards: the CSRF form-field lookup reads a bounded body", () => {
	test("a cookie-authenticated form POST with no Origin and a huge body is refused without reading it all", async () => {
		const cookie = await loginCookies(identity, (await identity.store.findUser("editor"))!);
		let pulled = 0;
		const total = 64 * 1024 * 1024;
		const chunk = new TextEncoder().encode("a".repeat(64 * 1024));
		const body = new ReadableStream<Uint8Array>({
			pull(controller) {
				if (pulled >= total) return controller.close();
				pulled += chunk.byteLength;
				controller.enqueue(chunk);
			}
		});
		const guarded = identity.loginRequired(() => new Response("reached"));
		const request = new Request("http://localhost/upload", {
			method: "POST",
			headers: { cookie, "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
			body,
			duplex: "half"
		} as RequestInit);
		const response = await guarded(request);
		expect(response.status).toBe(403);
		// The routes cap bodies at 2 MiB; the guard's csrf_token lookup should not read more than that either.
		expect(pulled).toBeLessThanOrEqual(4 * 1024 * 1024);
	});
});
