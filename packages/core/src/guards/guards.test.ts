import { describe, expect, test } from "vitest";
import { cookieHeader, createTestWorld, get, loginCookies } from "../../test/helpers.js";

const world = await createTestWorld();
const { identity, users } = world;
const handler = (request: Request) => {
	const user = identity.currentUser(request);
	return Response.json({ username: user.isAuthenticated ? user.username : null });
};
const json = { accept: "application/json" };
const html = { accept: "text/html,application/xhtml+xml", "sec-fetch-mode": "navigate" };
const cookiesOf = {
	admin: await loginCookies(identity, users.admin),
	editor: await loginCookies(identity, users.editor),
	writer: await loginCookies(identity, users.writer),
	plain: await loginCookies(identity, users.plain)
};
const guarded = {
	loginRequired: identity.loginRequired(handler),
	rolesRequired: identity.rolesRequired(handler, "admin"),
	rolesAccepted: identity.rolesAccepted(handler, "editor", "writer"),
	authRequired: identity.authRequired(handler),
	freshLoginRequired: identity.freshLoginRequired(handler)
};

describe.each(Object.entries(guarded))("%s()", (name, guardedHandler) => {
	test("anonymous JSON callers get 401 with WWW-Authenticate and a JSON body", async () => {
		const response = await guardedHandler(get("/page?x=1", json));
		expect(response.status).toBe(401);
		expect(response.headers.get("www-authenticate")).toBe('Bearer realm="identity"');
		expect(response.headers.get("content-type")).toContain("application/json");
		expect(await response.json()).toMatchObject({ error: "unauthenticated" });
	});

	test("anonymous browser navigations are redirected to login with a relative next", async () => {
		const response = await guardedHandler(get("/page?x=1", html));
		expect(response.status).toBe(302);
		expect(response.headers.get("location")).toBe("/identity/login?next=%2Fpage%3Fx%3D1");
	});

	test("an allowed user reaches the handler", async () => {
		const who = name === "rolesAccepted" ? "editor" : "admin";
		const response = await guardedHandler(get("/page", { ...json, cookie: cookiesOf[who] }));
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ username: who });
	});

	test("a user deactivated after login is anonymous (401 JSON, redirect HTML)", async () => {
		const user = await world.store.createUser({ username: `gone-${name}`, password: "x", roles: ["admin", "editor"] });
		const cookie = await loginCookies(identity, user);
		expect((await guardedHandler(get("/page", { ...json, cookie }))).status).toBe(200);
		await world.store.deactivateUser(user);
		expect((await guardedHandler(get("/page", { ...json, cookie }))).status).toBe(401);
		expect((await guardedHandler(get("/page", { ...html, cookie }))).status).toBe(302);
	});

	test("OPTIONS never reaches the handler: the guard answers 204 with an empty body", async () => {
		let calls = 0;
		const secret = name === "authRequired" ? identity.authRequired(() => (calls++, Response.json({ secret: "s3cr3t" })))
			: name === "rolesRequired" ? identity.rolesRequired(() => (calls++, Response.json({ secret: "s3cr3t" })), "admin")
			: name === "rolesAccepted" ? identity.rolesAccepted(() => (calls++, Response.json({ secret: "s3cr3t" })), "editor")
			: name === "freshLoginRequired" ? identity.freshLoginRequired(() => (calls++, Response.json({ secret: "s3cr3t" })))
			: identity.loginRequired(() => (calls++, Response.json({ secret: "s3cr3t" })));
		const variants: Record<string, string>[] = [{}, { cookie: cookiesOf.plain }, { origin: "https://evil.example", "access-control-request-method": "GET" }];
		for (const headers of variants) {
			const response = await secret(new Request("http://localhost/secret", { method: "OPTIONS", headers }));
			expect(response.status).toBe(204);
			expect(await response.text()).toBe("");
		}
		expect(calls).toBe(0);
		expect((await guardedHandler(new Request("http://localhost/page", { method: "OPTIONS" }))).status).toBe(204);
	});
});

describe("role guards", () => {
	test("rolesRequired() answers a user without the role with 403 JSON and a 403 HTML page", async () => {
		const jsonResponse = await guarded.rolesRequired(get("/admin", { ...json, cookie: cookiesOf.plain }));
		expect(jsonResponse.status).toBe(403);
		expect(await jsonResponse.json()).toMatchObject({ error: "forbidden" });
		const htmlResponse = await guarded.rolesRequired(get("/admin", { ...html, cookie: cookiesOf.plain }));
		expect(htmlResponse.status).toBe(403);
		expect(htmlResponse.headers.get("content-type")).toContain("text/html");
	});

	test("rolesRequired() requires every requirement; an array is an OR group", async () => {
		const both = identity.rolesRequired(handler, "editor", ["admin", "writer"]);
		expect((await both(get("/", { ...json, cookie: cookiesOf.editor }))).status).toBe(403);
		const either = identity.rolesRequired(handler, ["admin", "editor"]);
		expect((await either(get("/", { ...json, cookie: cookiesOf.editor }))).status).toBe(200);
		expect((await either(get("/", { ...json, cookie: cookiesOf.writer }))).status).toBe(403);
	});

	test("rolesAccepted() lets any one role through and refuses the rest", async () => {
		expect((await guarded.rolesAccepted(get("/", { ...json, cookie: cookiesOf.writer }))).status).toBe(200);
		expect((await guarded.rolesAccepted(get("/", { ...json, cookie: cookiesOf.admin }))).status).toBe(403);
		expect(() => identity.rolesAccepted(handler)).toThrow(expect.objectContaining({ code: "ERR_INVALID_ARGUMENT" }));
	});

	test("the unauthorized view, when set, receives forbidden navigations", async () => {
		const other = await createTestWorld({ views: { unauthorized: "/no-access" } });
		const cookie = await loginCookies(other.identity, other.users.plain);
		const response = await other.identity.rolesRequired(handler, "admin")(get("/admin", { ...html, cookie }));
		expect(response.status).toBe(302);
		expect(response.headers.get("location")).toBe("/no-access");
	});
});

describe("authRequired()", () => {
	const tokenOnly = identity.authRequired(handler, "token");
	const sessionOnly = identity.authRequired(handler, "session");

	test("'token' accepts Authorization: Bearer and the token header, not the session cookie", async () => {
		const token = await identity.getAuthToken((await world.store.findUser("editor"))!);
		expect((await tokenOnly(get("/", { authorization: `Bearer ${token}` }))).status).toBe(200);
		expect((await tokenOnly(get("/", { "authentication-token": token }))).status).toBe(200);
		expect((await tokenOnly(get("/", { ...json, cookie: cookiesOf.editor }))).status).toBe(401);
	});

	test("'token' with a signed-in browser: a 401 page, never a redirect to the login form (it would loop)", async () => {
		const response = await tokenOnly(get("/api", { ...html, cookie: cookiesOf.editor }));
		expect(response.status).toBe(401);
		expect(response.headers.get("location")).toBeNull();
		expect(response.headers.get("content-type")).toContain("text/html");
		const anonymous = await tokenOnly(get("/api", html));
		expect(anonymous.status).toBe(302);
	});

	test("'token' wins over a session of another user", async () => {
		const token = await identity.getAuthToken((await world.store.findUser("editor"))!);
		const response = await tokenOnly(get("/", { authorization: `Bearer ${token}`, cookie: cookiesOf.admin }));
		expect(await response.json()).toEqual({ username: "editor" });
	});

	test("'session' refuses a bearer token and accepts the remember cookie", async () => {
		const token = await identity.getAuthToken((await world.store.findUser("editor"))!);
		expect((await sessionOnly(get("/", { authorization: `Bearer ${token}` }))).status).toBe(401);
		const remembered = await loginCookies(identity, users.writer, { remember: true });
		const rememberOnly = remembered.split("; ").filter((c) => c.startsWith("identity_remember=")).join("; ");
		expect((await sessionOnly(get("/", { ...json, cookie: rememberOnly }))).status).toBe(200);
		cookiesOf.writer = remembered;
	});

	test("a query-parameter token only works when configured", async () => {
		const token = await identity.getAuthToken((await world.store.findUser("editor"))!);
		expect((await tokenOnly(get(`/?auth_token=${token}`, json))).status).toBe(401);
		const other = await createTestWorld({ token: { queryParam: "auth_token" } });
		const otherToken = await other.identity.getAuthToken(other.users.editor);
		expect((await other.identity.authRequired(handler, "token")(get(`/?auth_token=${otherToken}`, json))).status).toBe(200);
	});

	test("'basic' is refused at wrap time unless enabled, and works when enabled", async () => {
		expect(() => identity.authRequired(handler, "basic")).toThrow(expect.objectContaining({ code: "ERR_INVALID_ARGUMENT" }));
		expect(() => identity.authRequired(handler, "magic" as never)).toThrow(expect.objectContaining({ code: "ERR_INVALID_ARGUMENT" }));
		const other = await createTestWorld({ authMethods: ["token", "session", "basic"] });
		const basic = other.identity.authRequired(handler, "basic");
		const header = (pw: string) => ({ authorization: `Basic ${btoa(`editor:${pw}`)}` });
		expect((await basic(get("/", header(other.password)))).status).toBe(200);
		expect((await basic(get("/", header("wrong")))).status).toBe(401);
		expect((await basic(get("/", { authorization: "Basic !!!notbase64" }))).status).toBe(401);
	});

	test("'basic' guesses share the login rate limiter: once limited, even the right password is refused", async () => {
		const other = await createTestWorld({ authMethods: ["token", "session", "basic"], rateLimit: { maxPerIdentity: 2 } });
		const basic = other.identity.authRequired(handler, "basic");
		const header = (pw: string) => ({ authorization: `Basic ${btoa(`writer:${pw}`)}` });
		expect((await basic(get("/", header(other.password)))).status).toBe(200);
		expect((await basic(get("/", header("guess one")))).status).toBe(401);
		expect((await basic(get("/", header("guess two")))).status).toBe(401);
		expect((await basic(get("/", header(other.password)))).status).toBe(401);
		const login = await other.identity.handle(
			new Request("http://localhost/identity/login", {
				method: "POST",
				headers: { "content-type": "application/json" },
				body: JSON.stringify({ username: "writer", password: other.password })
			})
		);
		expect(login.status).toBe(429);
	});

	test("malformed Authorization headers are anonymous, never a 500", async () => {
		for (const value of ["", "Bearer", "Bearer ", "Bearer a b", "Bearer \u00e9", `Bearer ${"x".repeat(10_000)}`, "Basic", "Token x"]) {
			const response = await tokenOnly(new Request("http://localhost/", { headers: [["authorization", value]] }));
			expect(response.status).toBe(401);
		}
	});
});

describe("freshLoginRequired()", () => {
	const fresh = identity.freshLoginRequired(handler);

	test("a session restored from the remember cookie is not fresh", async () => {
		const remembered = await loginCookies(identity, users.plain, { remember: true });
		const rememberOnly = remembered.split("; ").filter((c) => c.startsWith("identity_remember=")).join("; ");
		const restore = await identity.loginRequired(handler)(get("/", { ...json, cookie: rememberOnly }));
		expect(restore.status).toBe(200);
		const restored = cookieHeader(restore, rememberOnly);
		const response = await fresh(get("/", { ...json, cookie: restored }));
		expect(response.status).toBe(401);
		expect(await response.json()).toMatchObject({ error: "reauthentication_required" });
		expect((await fresh(get("/settings", { ...html, cookie: restored }))).headers.get("location")).toBe("/identity/verify?next=%2Fsettings");
	});

	test("a login with fresh: false is stale; tokens are fresh only when minted fresh", async () => {
		const request = new Request("http://localhost/", { method: "POST" });
		await identity.loginUser(request, users.editor, { fresh: false });
		const cookie = cookieHeader(identity.applyCookies(request, new Response()));
		expect((await fresh(get("/", { ...json, cookie }))).status).toBe(401);
		const editor = (await world.store.findUser("editor"))!;
		expect((await fresh(get("/", { authorization: `Bearer ${await identity.getAuthToken(editor)}` }))).status).toBe(401);
		expect((await fresh(get("/", { authorization: `Bearer ${await identity.getAuthToken(editor, { fresh: true })}` }))).status).toBe(200);
	});
});
