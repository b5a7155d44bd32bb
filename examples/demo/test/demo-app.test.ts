import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateHOTP } from "@oslojs/otp";
import { describe, expect, test } from "vitest";
import { createDemoApp } from "../src/app.js";
import { describeDemoUsers, seedDemo } from "../src/seed.js";
import { loadSecret, openDemo } from "../src/setup.js";
import { CookieJar, createTestIdentity, jsonLogin, request } from "./helpers.js";

async function demo() {
	const context = await createTestIdentity();
	const app = createDemoApp(context.identity);
	const jar = new CookieJar();
	const get = (path: string, headers: Record<string, string> = {}) =>
		app(request(path, { headers: { accept: "text/html", cookie: jar.header(), ...headers } }));
	return { ...context, app, jar, get };
}

describe("the demo app", () => {
	test("guards each page as its nav promises, with no-store on every page", async () => {
		const { identity, jar, get } = await demo();
		const anonymous = await get("/admin");
		expect(anonymous.status).toBe(302);
		expect(anonymous.headers.get("location")).toBe("/identity/login?next=%2Fadmin");
		const home = await get("/");
		expect(home.status).toBe(200);
		expect(await home.text()).toContain('href="/identity/login"');

		jar.store(await jsonLogin(identity, "editor", "editor-demo", { remember: true }));
		for (const [path, status] of [["/", 200], ["/account", 200], ["/editorial", 200], ["/settings", 200], ["/admin", 403]] as const) {
			const response = await get(path);
			expect(response.status, path).toBe(status);
			expect(response.headers.get("cache-control"), path).toBe("no-store");
		}
		const account = await (await get("/account")).text();
		expect(account).toContain("Signed in as <strong>editor</strong>");
		expect(account).toMatch(/<form method="post" action="\/identity\/logout">/);
		// The form's token works even for a client that sends neither Origin nor Sec-Fetch-Site.
		const token = /name="csrf_token" value="([^"]+)"/.exec(account)?.[1];
		expect(token).toBeTruthy();
		const logout = await identity.handle(
			request("/identity/logout", { headers: { cookie: jar.header(), accept: "text/html" }, form: { csrf_token: token! } })
		);
		expect(logout.status).toBe(303);
		expect((await get("/account")).status).toBe(302);
	});

	test("the JSON API takes a bearer token only", async () => {
		const { identity, jar, get } = await demo();
		const login = await jsonLogin(identity, "admin", "admin-demo");
		jar.store(login);
		const { authenticationToken } = await login.json();
		expect((await get("/api/me", { accept: "application/json" })).status).toBe(401);
		const ok = await get("/api/me", { accept: "application/json", authorization: `Bearer ${authenticationToken}` });
		expect(ok.status).toBe(200);
		expect(await ok.json()).toEqual({ user: expect.objectContaining({ username: "admin", roles: ["admin"] }) });
	});

	test("a remembered (not fresh) session must re-enter the password (verify) for the settings page", async () => {
		const { identity, jar, get } = await demo();
		jar.store(await jsonLogin(identity, "reader", "reader-demo", { remember: true }));
		jar.cookies.delete("identity_session");
		expect((await get("/account")).status).toBe(200);
		const settings = await get("/settings");
		expect(settings.status).toBe(302);
		expect(settings.headers.get("location")).toBe("/identity/verify?next=%2Fsettings");
	});

	test("an API token is shown once after a POST with the CSRF token, works on /api/me, and dies on sign out everywhere", async () => {
		const { identity, app, jar, get } = await demo();
		jar.store(await jsonLogin(identity, "writer", "writer-demo"));
		const account = await (await get("/account")).text();
		expect(account).not.toMatch(/<pre id="token">/);
		const csrf = /action="\/account\/token"[^]*?name="csrf_token" value="([^"]+)"/.exec(account)?.[1];
		expect(csrf).toBeTruthy();
		const post = (path: string, form: Record<string, string>) =>
			app(request(path, { headers: { accept: "text/html", cookie: jar.header() }, form }));

		expect((await post("/account/token", {})).status).toBe(403);
		const page = await post("/account/token", { csrf_token: csrf! });
		expect(page.status).toBe(200);
		expect(page.headers.get("cache-control")).toBe("no-store");
		const token = /<pre id="token">([^<]+)<\/pre>/.exec(await page.text())?.[1];
		expect(token).toBeTruthy();
		const me = () => app(request("/api/me", { headers: { accept: "application/json", authorization: `Bearer ${token}` } }));
		expect((await me()).status).toBe(200);

		const everywhere = await post("/account/sign-out-everywhere", { csrf_token: csrf! });
		expect(everywhere.status).toBe(303);
		jar.store(everywhere);
		expect((await me()).status).toBe(401);
		expect((await get("/account")).status).toBe(302);
	});

	test("the TOTP helper shows the code an authenticator app would, and refuses a key that is not base32", async () => {
		const { get } = await demo();
		const key = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
		const bytes = Uint8Array.from(
			[...key].map((c) => "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".indexOf(c).toString(2).padStart(5, "0")).join("").match(/.{8}/g)!,
			(b) => parseInt(b, 2)
		);
		const step = Math.floor(Date.now() / 30_000);
		const shown = /data-testid="totp-code"[^>]*>(\d{6})</.exec(await (await get(`/dev/totp?secret=${key}`)).text())?.[1];
		expect([generateHOTP(bytes, BigInt(step), 6), generateHOTP(bytes, BigInt(step + 1), 6)]).toContain(shown);
		expect(await (await get("/dev/totp?secret=not-base32!")).text()).toContain("That is not a base32 key.");
	});

	test("the login and 403 pages keep the demo's navigation, say which page was asked for, and have a dark mode", async () => {
		const { identity, jar, get } = await demo();
		const login = await (await get("/identity/login?next=%2Fadmin")).text();
		expect(login).toContain('<nav aria-label="Main">');
		expect(login).toMatch(/prefers-color-scheme:\s*dark/);
		jar.store(await jsonLogin(identity, "reader", "reader-demo"));
		const refused = await get("/admin");
		expect(refused.status).toBe(403);
		const page = await refused.text();
		expect(page).toContain('<nav aria-label="Main">');
		expect(page).toContain("Signed in as <strong>reader</strong>");
		expect(page).toContain("You asked for <code>/admin</code>.");
		expect(page).toMatch(/prefers-color-scheme:\s*dark/);
	});

	test("unknown pages are 404 and the identity routes are mounted", async () => {
		const { get } = await demo();
		expect((await get("/nope")).status).toBe(404);
		expect((await get("/identity/login")).status).toBe(200);
	});
});

describe("demo setup", () => {
	test("seeds once, persists in the file, and keeps the secret across restarts", async () => {
		const directory = mkdtempSync(join(tmpdir(), "identity-demo-setup-"));
		try {
			const databasePath = join(directory, "demo.db");
			const secret = loadSecret(`${databasePath}.secret`, {});
			expect(secret.length).toBeGreaterThanOrEqual(32);
			expect(loadSecret(`${databasePath}.secret`, {})).toBe(secret);
			expect(loadSecret("/nonexistent/ignored", { IDENTITY_SECRET: "from-env" })).toBe("from-env");
			const first = await openDemo({ databasePath, secret });
			expect(first.seeded).toBe(true);
			await first.close();
			const second = await openDemo({ databasePath, secret });
			expect(second.seeded).toBe(false);
			expect(await seedDemo(second.identity)).toBe(false);
			expect((await second.identity.store.listUsers()).map((u) => u.username).sort()).toEqual(["admin", "editor", "inactive", "reader", "writer"]);
			const inactive = await second.identity.store.findUser("inactive");
			expect(inactive?.active).toBe(false);
			await second.close();
		} finally {
			rmSync(directory, { recursive: true, force: true });
		}
	});

	test("describeDemoUsers() lists every user with its password and status", () => {
		const table = describeDemoUsers();
		expect(table).toMatch(/admin\s+admin-demo\s+admin\s+active/);
		expect(table).toMatch(/inactive\s+inactive-demo\s+-\s+INACTIVE/);
	});
});
