// No guard ever sends a browser round a loop. A browser is simulated: navigations with a cookie
// jar, every redirect followed to its end (a first-hop check hid a loop before), over every guard,
// every credential state and the view configurations that change where refusals go.
import { describe, expect, test } from "vitest";
import { createTestWorld } from "../../test/helpers.js";
import type { Identity, IdentityOptions } from "../index.js";

const navigation = { accept: "text/html,application/xhtml+xml", "sec-fetch-mode": "navigate", "sec-fetch-site": "same-origin" };

/** A browser's cookie jar: name -> value, updated from Set-Cookie (Max-Age=0 deletes). */
function absorb(jar: Map<string, string>, response: Response): void {
	for (const header of response.headers.getSetCookie()) {
		const [pair] = header.split(";");
		const eq = pair!.indexOf("=");
		if (/Max-Age=0/i.test(header)) jar.delete(pair!.slice(0, eq));
		else jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
	}
}
const cookieOf = (jar: Map<string, string>) => [...jar].map(([n, v]) => `${n}=${v}`).join("; ");

/** Follows every redirect from `path` like a browser; returns the last response and the hops. */
async function browse(app: (request: Request) => Response | Promise<Response>, path: string, jar: Map<string, string>, extra: Record<string, string> = {}) {
	const seen = new Set<string>();
	const hops: string[] = [];
	let url = new URL(path, "http://localhost");
	for (let hop = 0; hop < 12; hop++) {
		const key = `${url.pathname}${url.search} | ${cookieOf(jar)}`;
		if (seen.has(key)) throw new Error(`redirect loop: ${[...hops, url.pathname + url.search].join(" -> ")}`);
		seen.add(key);
		hops.push(url.pathname + url.search);
		const response = await app(new Request(url, { headers: { ...navigation, ...extra, cookie: cookieOf(jar) } }));
		absorb(jar, response);
		const location = response.headers.get("location");
		if (response.status < 300 || response.status >= 400 || !location) return { response, hops };
		url = new URL(location, url);
	}
	throw new Error(`more than 12 redirects: ${hops.join(" -> ")}`);
}

async function world(options: Partial<IdentityOptions>) {
	const w = await createTestWorld(options);
	const { identity } = w;
	const page = (name: string) => (request: Request) => new Response(`<p>${name}: ${identity.currentUser(request).isAuthenticated}</p>`, { headers: { "content-type": "text/html" } });
	const pages: Record<string, (request: Request) => Response | Promise<Response>> = {
		"/with": identity.withIdentity(page("with")),
		"/login-required": identity.loginRequired(page("login")),
		"/fresh": identity.freshLoginRequired(page("fresh")),
		"/token-only": identity.authRequired(page("token"), "token"),
		"/session-only": identity.authRequired(page("session"), "session"),
		"/any-method": identity.authRequired(page("any")),
		"/admin": identity.rolesRequired(page("admin"), "admin"),
		"/editors": identity.rolesAccepted(page("editors"), "editor", "writer"),
		"/no-access": async () => new Response("no access", { headers: { "content-type": "text/html" } })
	};
	if (options.authMethods?.includes("basic")) pages["/basic"] = identity.authRequired(page("basic"), "basic");
	const app = async (request: Request) => {
		const { pathname } = new URL(request.url);
		if (pathname === "/") return new Response("home", { headers: { "content-type": "text/html" } });
		if (pathname.startsWith("/identity/")) return identity.handle(request);
		const handler = pages[pathname];
		return handler ? handler(request) : new Response("not found", { status: 404 });
	};
	return { ...w, app, pages };
}

/** The cookie jar of each credential state. */
async function states(identity: Identity, users: Awaited<ReturnType<typeof createTestWorld>>["users"], store: Awaited<ReturnType<typeof createTestWorld>>["store"]) {
	const login = async (user: typeof users.admin, options: { remember?: boolean; fresh?: boolean } = {}) => {
		const request = new Request("http://localhost/login", { method: "POST" });
		await identity.loginUser(request, user, options);
		const jar = new Map<string, string>();
		absorb(jar, identity.applyCookies(request, new Response(null)));
		return jar;
	};
	const remembered = await login(users.editor, { remember: true });
	remembered.delete("identity_session");
	const gone = await store.createUser({ username: `gone-${Math.random()}`, password: "x", roles: ["admin"] });
	const goneJar = await login(gone);
	await store.deactivateUser(gone);
	return {
		anonymous: new Map<string, string>(),
		"fresh admin session": await login(users.admin),
		"fresh plain session": await login(users.plain),
		"stale session": await login(users.writer, { fresh: false }),
		"remember cookie only": remembered,
		"deactivated user's cookie": goneJar,
		"garbage cookie": new Map([["identity_session", "garbage.value"]])
	} as Record<string, Map<string, string>>;
}

const configurations: [string, Partial<IdentityOptions>][] = [
	["defaults", {}],
	["unauthorized view set", { views: { unauthorized: "/no-access" } }],
	["unauthenticated view off", { views: { unauthenticated: null } }],
	["routes off", { routes: { enabled: false } }],
	["basic enabled", { authMethods: ["token", "session", "basic"] }]
];

describe.each(configurations)("no redirect loop (%s)", (_, options) => {
	test("every guard x credential state ends on a page, never a loop", async () => {
		const w = await world(options);
		const jars = await states(w.identity, w.users, w.store);
		for (const [state, template] of Object.entries(jars)) {
			for (const path of Object.keys(w.pages)) {
				const jar = new Map(template);
				const { response, hops } = await browse(w.app, path, jar);
				expect([200, 401, 403, 404], `${state} on ${path}: ${hops.join(" -> ")}`).toContain(response.status);
			}
		}
	});
});

describe("the re-authentication route ends the stale-session loop", () => {
	test("a stale session on a freshLoginRequired page: verify form -> password -> back to the page", async () => {
		const w = await world({});
		const jars = await states(w.identity, w.users, w.store);
		for (const state of ["stale session", "remember cookie only"]) {
			const jar = new Map(jars[state]!);
			const { response, hops } = await browse(w.app, "/fresh?tab=2", jar);
			expect(hops, state).toEqual(["/fresh?tab=2", "/identity/verify?next=%2Ffresh%3Ftab%3D2"]);
			expect(response.status).toBe(200);
			const page = await response.text();
			const csrf = /name="csrf_token" value="([^"]+)"/.exec(page)![1]!;
			const post = await w.app(
				new Request("http://localhost/identity/verify", {
					method: "POST",
					headers: { ...navigation, origin: "http://localhost", "content-type": "application/x-www-form-urlencoded", cookie: cookieOf(jar) },
					body: new URLSearchParams({ csrf_token: csrf, next: "/fresh?tab=2", password: w.password })
				})
			);
			expect(post.status, state).toBe(303);
			expect(post.headers.get("location")).toBe("/fresh?tab=2");
			absorb(jar, post);
			const after = await browse(w.app, "/fresh?tab=2", jar);
			expect(after.hops).toEqual(["/fresh?tab=2"]);
			expect(await after.response.text()).toContain("fresh: true");
		}
	});

	test("a wrong password on verify is a 401 form, and the session stays stale", async () => {
		const w = await world({});
		const jar = new Map((await states(w.identity, w.users, w.store))["stale session"]!);
		const page = await (await browse(w.app, "/identity/verify", jar)).response.text();
		const csrf = /name="csrf_token" value="([^"]+)"/.exec(page)![1]!;
		const post = await w.app(
			new Request("http://localhost/identity/verify", {
				method: "POST",
				headers: { ...navigation, "content-type": "application/x-www-form-urlencoded", cookie: cookieOf(jar) },
				body: new URLSearchParams({ csrf_token: csrf, password: "not the password" })
			})
		);
		expect(post.status).toBe(401);
		expect(await post.text()).toContain("The password is not correct.");
		expect((await browse(w.app, "/fresh", jar)).hops).toEqual(["/fresh", "/identity/verify?next=%2Ffresh"]);
	});

	test("a signed-in user at GET login with a next they may not see is not bounced to it", async () => {
		const w = await world({});
		const jar = new Map((await states(w.identity, w.users, w.store))["fresh plain session"]!);
		const { response, hops } = await browse(w.app, "/identity/login?next=%2Fadmin", jar);
		expect(hops).toEqual(["/identity/login?next=%2Fadmin"]);
		expect(response.status).toBe(200);
		const text = await response.text();
		expect(text).toContain("You are signed in");
		expect(text).toContain('action="/identity/logout"');
	});
});
