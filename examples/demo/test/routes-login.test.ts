import { createIdentity } from "@identity/core";
import { createKyselyStore } from "@identity/kysely";
import { createSqliteDatabase } from "@identity/kysely/sqlite";
import { describe, expect, test } from "vitest";
import { CookieJar, createTestIdentity, jsonLogin, request, sameOriginForm, secret } from "./helpers.js";

describe("POST /identity/login (form)", () => {
	test("missing fields re-render the form with 400 and per-field messages", async () => {
		const { identity } = await createTestIdentity();
		const response = await identity.handle(request("/identity/login", { headers: sameOriginForm, form: { username: "", password: "", next: "/admin" } }));
		expect(response.status).toBe(400);
		const html = await response.text();
		expect(html).toContain("Username is required.");
		expect(html).toContain("Password is required.");
		expect(html).toMatch(/id="identity"[^>]*aria-invalid="true"/);
		expect(html).toContain('name="next" value="/admin"');
	});

	test("an inactive account re-renders the form with 403 and the message; nothing is set", async () => {
		const { identity } = await createTestIdentity();
		const response = await identity.handle(request("/identity/login", { headers: sameOriginForm, form: { username: "inactive", password: "inactive-demo" } }));
		expect(response.status).toBe(403);
		expect(await response.text()).toContain("This account is disabled.");
		expect(response.headers.getSetCookie().join()).not.toContain("identity_session");
	});

	test("a wrong password re-renders with 401, keeps the identity, never echoes the password", async () => {
		const { identity } = await createTestIdentity();
		const response = await identity.handle(request("/identity/login", { headers: sameOriginForm, form: { username: "admin", password: "s3cret-guess<>" } }));
		expect(response.status).toBe(401);
		const html = await response.text();
		expect(html).toContain("Invalid username or password.");
		expect(html).toContain('value="admin"');
		expect(html).not.toContain("s3cret-guess");
	});

	test("success sets cookies and 303s to next, else to postLogin", async () => {
		const { identity } = await createTestIdentity();
		const response = await identity.handle(request("/identity/login", { headers: sameOriginForm, form: { username: "admin", password: "admin-demo", remember: "on" } }));
		expect(response.status).toBe(303);
		expect(response.headers.get("location")).toBe("/");
		const names = response.headers.getSetCookie().map((c) => c.split("=")[0]);
		expect(names).toEqual(expect.arrayContaining(["identity_session", "identity_remember"]));
	});
});

describe("POST /identity/login (JSON)", () => {
	test("succeeds with the security payload, a working bearer token and cookies", async () => {
		const { identity } = await createTestIdentity();
		const response = await jsonLogin(identity, "admin", "admin-demo");
		expect(response.status).toBe(200);
		const body = await response.json();
		expect(body.user).toMatchObject({ username: "admin", roles: ["admin"] });
		expect(JSON.stringify(body.user)).not.toMatch(/password|uniquifier|argon2/);
		expect(typeof body.authenticationToken).toBe("string");
		const cookies = response.headers.getSetCookie();
		expect(cookies.some((c) => /^identity_session=.+HttpOnly/i.test(c) && /SameSite=Lax/i.test(c))).toBe(true);
		const api = identity.authRequired((req) => Response.json({ who: identity.currentUser(req).username }), "token");
		const viaToken = await api(request("/api/me", { headers: { authorization: `Bearer ${body.authenticationToken}` } }));
		expect(await viaToken.json()).toEqual({ who: "admin" });
	});

	test("unknown user and wrong password give the same 401", async () => {
		const { identity } = await createTestIdentity();
		const unknown = await jsonLogin(identity, "nobody", "admin-demo");
		const wrong = await jsonLogin(identity, "admin", "wrong-password");
		expect(unknown.status).toBe(401);
		expect(wrong.status).toBe(401);
		const [a, b] = [await unknown.text(), await wrong.text()];
		expect(a).toBe(b);
		expect(JSON.parse(a)).toEqual({ error: "invalid_credentials", message: "Invalid username or password." });
	});

	test("an inactive account with the right password is 403 account_disabled; a wrong one is 401", async () => {
		const { identity } = await createTestIdentity();
		const right = await jsonLogin(identity, "inactive", "inactive-demo");
		expect(right.status).toBe(403);
		expect(await right.json()).toMatchObject({ error: "account_disabled" });
		expect(right.headers.getSetCookie().join()).not.toContain("identity_session");
		expect((await jsonLogin(identity, "inactive", "nope")).status).toBe(401);
	});

	test.each([
		["missing fields", {}, ["username", "password"]],
		["empty strings", { username: "", password: "" }, ["username", "password"]],
		["a number", { username: 42, password: "x" }, ["username"]],
		["an array", { username: ["admin"], password: "x" }, ["username"]],
		["an object", { username: "admin", password: { $ne: "" } }, ["password"]],
		["null", { username: null, password: "x" }, ["username"]],
		["an oversized identity", { username: "a".repeat(400), password: "x" }, ["username"]],
		["an oversized password", { username: "admin", password: "p".repeat(5000) }, ["password"]],
		["1 MB strings", { username: "u".repeat(1_000_000), password: "p".repeat(1_000_000) }, ["username", "password"]],
		["a bad remember", { username: "admin", password: "x", remember: "maybe" }, ["remember"]],
		["a bad remember and a non-string next (ignored)", { username: "admin", password: "x", remember: "maybe", next: ["/a"] }, ["remember"]]
	])("%s: 400 naming the fields", async (_label, body, fields) => {
		const { identity } = await createTestIdentity();
		const response = await identity.handle(request("/identity/login", { json: body }));
		expect(response.status).toBe(400);
		const json = await response.json();
		expect(json.error).toBe("invalid_request");
		expect(Object.keys(json.errors).sort()).toEqual([...fields].sort());
	});

	test("malformed, non-object, oversized and unsupported bodies are clear 4xx", async () => {
		const { identity } = await createTestIdentity();
		const post = (body: string, type: string) => identity.handle(request("/identity/login", { method: "POST", body, headers: { "content-type": type } }));
		expect((await post("{not json", "application/json")).status).toBe(400);
		expect((await post("[1,2]", "application/json")).status).toBe(400);
		expect((await post('"str"', "application/json")).status).toBe(400);
		expect((await post(JSON.stringify({ username: "a".repeat(3_000_000), password: "x" }), "application/json")).status).toBe(413);
		expect((await post("username=admin", "text/plain")).status).toBe(415);
	});

	test("already signed in: 400 already_authenticated", async () => {
		const { identity } = await createTestIdentity();
		const jar = new CookieJar();
		jar.store(await jsonLogin(identity, "admin", "admin-demo"));
		const again = await identity.handle(
			request("/identity/login", { json: { username: "admin", password: "admin-demo" }, headers: { cookie: jar.header(), origin: "http://localhost" } })
		);
		expect(again.status).toBe(400);
		expect(await again.json()).toMatchObject({ error: "already_authenticated" });
	});

	test.each([
		[true, true], ["true", true], ["on", true], ["1", true], ["y", true], ["YES", true], [1, true],
		[false, false], ["", false], ["0", false], ["false", false], ["no", false], [undefined, false]
	])("remember=%j sets the remember cookie: %s", async (remember, expected) => {
		const { identity } = await createTestIdentity();
		const response = await jsonLogin(identity, "reader", "reader-demo", remember === undefined ? {} : { remember });
		expect(response.status).toBe(200);
		expect(response.headers.getSetCookie().some((c) => c.startsWith("identity_remember=") && !/max-age=0/i.test(c))).toBe(expected);
	});
});

describe("a failing store", () => {
	test("login gives 503, never a 500 or the driver's message", async () => {
		const db = await createSqliteDatabase(":memory:");
		const identity = createIdentity({ store: createKyselyStore(db), secret });
		await db.destroy();
		const response = await identity.handle(request("/identity/login", { json: { username: "admin", password: "admin-demo" } }));
		expect(response.status).toBe(503);
		expect(await response.json()).toMatchObject({ error: "unavailable" });
	});
});
