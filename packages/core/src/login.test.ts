import { describe, expect, test } from "vitest";
import { cookieHeader, createTestWorld, get, loginCookies } from "../test/helpers.js";

const world = await createTestWorld();
const { identity, store, users } = world;

describe("loginUser()", () => {
	test("returns false and sets nothing for an inactive user", async () => {
		const request = new Request("http://localhost/login", { method: "POST" });
		expect(await identity.loginUser(request, users.inactive)).toBe(false);
		expect(identity.applyCookies(request, new Response()).headers.getSetCookie()).toEqual([]);
	});

	test("sets an HttpOnly, SameSite=Lax, Path=/ session cookie without Secure on http://localhost", async () => {
		const request = new Request("http://localhost/login", { method: "POST" });
		await identity.loginUser(request, users.plain);
		const [cookie] = identity.applyCookies(request, new Response()).headers.getSetCookie();
		expect(cookie).toMatch(/^identity_session=[\w-]+\.[\w-]+; Path=\/; HttpOnly; SameSite=Lax$/);
	});

	test.each(["https://localhost/login", "http://example.com/login", "https://app.example/login"])(
		"marks cookies Secure for %s",
		async (url) => {
			const request = new Request(url, { method: "POST" });
			await identity.loginUser(request, users.plain, { remember: true });
			const cookies = identity.applyCookies(request, new Response()).headers.getSetCookie();
			expect(cookies).toHaveLength(2);
			for (const cookie of cookies) expect(cookie).toContain("; Secure");
		}
	);

	test("remember sets a second cookie with the configured or given lifetime", async () => {
		const request = new Request("http://localhost/login", { method: "POST" });
		await identity.loginUser(request, users.plain, { remember: true, durationSeconds: 3600 });
		const cookies = identity.applyCookies(request, new Response()).headers.getSetCookie();
		expect(cookies.find((c) => c.startsWith("identity_remember="))).toContain("Max-Age=3600");
		const request2 = new Request("http://localhost/login", { method: "POST" });
		await identity.loginUser(request2, users.plain, { remember: true });
		const remember = identity.applyCookies(request2, new Response()).headers.getSetCookie().find((c) => c.startsWith("identity_remember="));
		expect(remember).toContain(`Max-Age=${365 * 24 * 3600}`);
	});

	test("records Flask-Identity's trackable fields", async () => {
		const tracked = await createTestWorld({ getClientAddress: () => "10.9.8.7" });
		await tracked.identity.loginUser(new Request("http://localhost/"), tracked.users.plain);
		const user = (await tracked.store.findUser("plain"))!;
		expect(user.loginCount).toBe(1);
		expect(user.currentLoginAddress).toBe("10.9.8.7");
		expect(user.currentLoginAt).toBeInstanceOf(Date);
	});

	test("the logged-in user is the request's current user at once", async () => {
		const request = new Request("http://localhost/login", { method: "POST" });
		await identity.loginUser(request, users.editor);
		expect(identity.currentUser(request)).toMatchObject({ username: "editor", isAuthenticated: true, roles: ["editor"] });
	});
});

describe("getCurrentUser()", () => {
	test("returns the same object for the same Request, and anonymous for none", async () => {
		const cookie = await loginCookies(identity, users.admin);
		const request = get("/", { cookie });
		const first = await identity.getCurrentUser(request);
		expect(await identity.getCurrentUser(request)).toBe(first);
		expect(first).toMatchObject({ isAuthenticated: true, isAnonymous: false, isActive: true, roles: ["admin"], username: "admin" });
		expect(await identity.getCurrentUser(get("/"))).toMatchObject({ isAuthenticated: false, isAnonymous: true, isActive: false, roles: [] });
	});

	test("tries the session cookie, then the remember cookie, then a request token", async () => {
		const other = await createTestWorld({ session: { singleSession: false } });
		const pick = (cookies: string, name: string) => cookies.split("; ").filter((c) => c.startsWith(`${name}=`)).join("; ");
		const adminCookies = await loginCookies(other.identity, other.users.admin, { remember: true });
		const editorCookies = await loginCookies(other.identity, other.users.editor, { remember: true });
		const bearer = `Bearer ${await other.identity.getAuthToken(other.users.writer)}`;
		const who = async (headers: Record<string, string>) =>
			((await other.identity.getCurrentUser(get("/", headers))) as { username?: string }).username;
		const session = pick(adminCookies, "identity_session");
		const remember = pick(editorCookies, "identity_remember");
		expect(await who({ cookie: `${session}; ${remember}`, authorization: bearer })).toBe("admin");
		expect(await who({ cookie: remember, authorization: bearer })).toBe("editor");
		expect(await who({ authorization: bearer })).toBe("writer");
		expect(await who({ cookie: `identity_session=forged.value; ${remember}`, authorization: bearer })).toBe("editor");
	});

	test("never exposes the hash or uniquifier when serialised", async () => {
		const cookie = await loginCookies(identity, users.admin);
		const user = await identity.getCurrentUser(get("/", { cookie }));
		expect(typeof user.password).toBe("string");
		expect(JSON.stringify(user)).not.toMatch(/password|uniquifier/);
		expect(Object.keys(identity.getSecurityPayload(user)).sort()).toEqual(["id", "roles", "username"]);
	});

	test("currentUser() is anonymous until loaded; updateRequestContextWithUser() replaces it", async () => {
		const request = get("/");
		expect(identity.currentUser(request).isAnonymous).toBe(true);
		identity.updateRequestContextWithUser(request, users.editor);
		expect(identity.currentUser(request)).toMatchObject({ username: "editor", isAuthenticated: true });
		expect(await identity.getCurrentUser(request)).toBe(identity.currentUser(request));
		identity.updateRequestContextWithUser(request);
		expect(identity.currentUser(request).isAnonymous).toBe(true);
	});

	test("a replaced anonymous user is used everywhere", async () => {
		const guest = Object.freeze({ isAuthenticated: false as const, isAnonymous: true as const, isActive: false as const, roles: [], name: "Guest" });
		const other = await createTestWorld({ anonymousUser: guest });
		expect(await other.identity.getCurrentUser(get("/"))).toBe(guest);
	});
});

describe("applyCookies()", () => {
	test("copies a response whose headers are immutable", async () => {
		const handler = identity.withIdentity(async (request: Request) => {
			await identity.loginUser(request, users.writer);
			return Response.redirect("http://localhost/next", 303);
		});
		const response = await handler(new Request("http://localhost/login", { method: "POST" }));
		expect(response.status).toBe(303);
		expect(response.headers.get("location")).toBe("http://localhost/next");
		expect(response.headers.getSetCookie()[0]).toMatch(/^identity_session=/);
	});

	test("writes each queued change once", async () => {
		const request = new Request("http://localhost/login", { method: "POST" });
		await identity.loginUser(request, users.writer);
		const response = identity.applyCookies(request, new Response());
		identity.applyCookies(request, response);
		expect(response.headers.getSetCookie()).toHaveLength(1);
	});
});

describe("failure handlers", () => {
	test("unauthenticatedHandler() and unauthorizedHandler() replace the responses", async () => {
		const other = await createTestWorld();
		other.identity.unauthenticatedHandler(() => new Response("who?", { status: 418 }));
		other.identity.unauthorizedHandler(() => new Response("no", { status: 419 }));
		const handler = other.identity.rolesRequired(() => new Response("ok"), "admin");
		expect((await handler(get("/"))).status).toBe(418);
		const cookie = await loginCookies(other.identity, other.users.plain);
		expect((await handler(get("/", { cookie }))).status).toBe(419);
	});

	test("with views.unauthenticated null, navigations get a 401 HTML page", async () => {
		const other = await createTestWorld({ views: { unauthenticated: null } });
		const response = await other.identity.loginRequired(() => new Response("ok"))(get("/", { accept: "text/html" }));
		expect(response.status).toBe(401);
		expect(response.headers.get("content-type")).toContain("text/html");
	});

	test("the session cookie slides: a request in the second half of its life gets a new one", { timeout: 10_000 }, async () => {
		const other = await createTestWorld({ session: { maxAgeSeconds: 5 } });
		const cookie = await loginCookies(other.identity, other.users.plain);
		const early = await other.identity.loginRequired(() => new Response("ok"))(get("/", { cookie }));
		expect(early.headers.getSetCookie()).toEqual([]);
		await new Promise((resolve) => setTimeout(resolve, 3100));
		const response = await other.identity.loginRequired(() => new Response("ok"))(get("/", { cookie }));
		expect(response.status).toBe(200);
		expect(cookieHeader(response)).toMatch(/^identity_session=/);
	});
});
