// Token confusion (Auth.js CVE-2023-48309): every credential kind the library
// issues is fed into every place a credential is read. Each works only in its own place.
import { describe, expect, test } from "vitest";
import { createTestWorld, get, testSecret } from "../test/helpers.js";
import { createIdentity, createPbkdf2Hasher } from "./index.js";

const world = await createTestWorld({ token: { queryParam: "auth_token" }, password: { hasher: createPbkdf2Hasher({ iterations: 1000 }) } });
const { identity, store } = world;
const handler = (request: Request) => {
	const user = identity.currentUser(request);
	return Response.json({ username: user.isAuthenticated ? user.username : null });
};

/** One login of admin with remember: every credential below belongs to that login. */
async function issueAll() {
	const request = new Request("http://localhost/", { method: "POST" });
	await identity.loginUser(request, (await store.findUser("admin"))!, { remember: true });
	const cookies = identity.applyCookies(request, new Response()).headers.getSetCookie();
	const value = (name: string) => cookies.find((c) => c.startsWith(`${name}=`))!.split(";")[0]!.slice(name.length + 1);
	const session = value("identity_session");
	const remember = value("identity_remember");
	const bearer = await identity.getAuthToken((await store.findUser("admin"))!);
	const csrf = await identity.getCsrfToken(get("/", { cookie: `identity_session=${session}` }));
	const anonymousCsrf = await identity.getCsrfToken(get("/"));
	const foreign = createIdentity({ store, secret: `${testSecret}-another-deployment` });
	const foreignBearer = await foreign.getAuthToken((await store.findUser("admin"))!);
	return { session, remember, bearer, csrf, anonymousCsrf, foreignBearer };
}
const credentials = await issueAll();
type Kind = keyof typeof credentials;

/** Where a credential can be put, and which kind belongs there. */
const places: [string, Kind, (value: string) => Request][] = [
	["the session cookie", "session", (v) => get("/", { accept: "application/json", cookie: `identity_session=${v}` })],
	["the remember cookie", "remember", (v) => get("/", { accept: "application/json", cookie: `identity_remember=${v}` })],
	["Authorization: Bearer", "bearer", (v) => get("/", { authorization: `Bearer ${v}` })],
	["the Authentication-Token header", "bearer", (v) => get("/", { "authentication-token": v })],
	["the query parameter", "bearer", (v) => get(`/?auth_token=${encodeURIComponent(v)}`, { accept: "application/json" })]
];

describe("every credential in every authenticating place", () => {
	const matrix = places.flatMap(([place, own, build]) =>
		(Object.keys(credentials) as Kind[]).map((kind): [string, string, boolean, () => Request] => [kind, place, kind === own, () => build(credentials[kind])])
	);

	test.each(matrix)("the %s credential in %s: accepted only if it belongs there (%s)", async (_, __, belongs, build) => {
		for (const guarded of [identity.withIdentity(handler), identity.authRequired(handler)]) {
			const response = await guarded(build());
			const body = response.status === 200 ? await response.json() : { username: null };
			expect(body).toEqual({ username: belongs ? "admin" : null });
		}
		expect((await identity.getCurrentUser(build())).isAuthenticated).toBe(belongs);
	});

	test("authRequired('token') takes no cookie; authRequired('session') takes no token", async () => {
		const tokenOnly = identity.authRequired(handler, "token");
		const sessionOnly = identity.authRequired(handler, "session");
		for (const [place, , build] of places) {
			for (const kind of Object.keys(credentials) as Kind[]) {
				const tokenAccepted = (await tokenOnly(build(credentials[kind]))).status === 200;
				const sessionAccepted = (await sessionOnly(build(credentials[kind]))).status === 200;
				expect(tokenAccepted, `${kind} in ${place} via token`).toBe(kind === "bearer" && !place.includes("cookie"));
				expect(sessionAccepted, `${kind} in ${place} via session`).toBe(place.includes("cookie") && kind === place.split(" ")[1]);
			}
		}
	});
});

describe("every credential as the CSRF token of a cookie-authenticated POST", () => {
	const guarded = identity.loginRequired(handler);
	// Read at call time: the logout cases re-issue every credential (single-session rotates the old ones out).
	const cookie = () => `identity_session=${credentials.session}`;

	test.each(Object.keys(credentials) as Kind[])("%s in X-CSRF-Token: only the CSRF token of this session passes", async (kind) => {
		const request = new Request("http://localhost/", { method: "POST", headers: { accept: "application/json", cookie: cookie(), "x-csrf-token": credentials[kind] } });
		expect((await guarded(request)).status).toBe(kind === "csrf" ? 200 : 403);
	});

	test.each(Object.keys(credentials) as Kind[])("%s in the csrf_token form field: only the CSRF token of this session passes", async (kind) => {
		const body = new URLSearchParams({ csrf_token: credentials[kind] });
		const request = new Request("http://localhost/", { method: "POST", headers: { accept: "application/json", cookie: cookie() }, body });
		expect((await guarded(request)).status).toBe(kind === "csrf" ? 200 : 403);
	});

	test.each(Object.keys(credentials) as Kind[])("%s as csrf_token of POST /identity/logout: only the CSRF token logs out", async (kind) => {
		const fresh = await issueAll();
		const logout = new Request("http://localhost/identity/logout", {
			method: "POST",
			headers: { accept: "application/json", cookie: `identity_session=${fresh.session}`, "content-type": "application/json" },
			body: JSON.stringify({ csrf_token: fresh[kind] })
		});
		const response = await identity.handle(logout);
		if (kind === "csrf") expect(response.status).toBeLessThan(400);
		else expect(response.status).toBe(403);
		const still = await identity.getCurrentUser(get("/", { cookie: `identity_session=${fresh.session}` }));
		expect(still.isAuthenticated).toBe(kind !== "csrf");
		Object.assign(credentials, await issueAll());
	});

	test("another user's CSRF token does not pass for this session", async () => {
		const request = new Request("http://localhost/", { method: "POST" });
		await identity.loginUser(request, (await store.findUser("editor"))!);
		const editorSession = identity.applyCookies(request, new Response()).headers.getSetCookie()[0]!.split(";")[0]!;
		const editorCsrf = await identity.getCsrfToken(get("/", { cookie: editorSession }));
		const response = await guarded(new Request("http://localhost/", { method: "POST", headers: { accept: "application/json", cookie: cookie(), "x-csrf-token": editorCsrf } }));
		expect(response.status).toBe(403);
	});

	test("a bearer-token POST needs no CSRF token, and a CSRF token is no bearer", async () => {
		const withBearer = new Request("http://localhost/", { method: "POST", headers: { authorization: `Bearer ${credentials.bearer}` } });
		expect((await guarded(withBearer)).status).toBe(200);
		const withCsrf = new Request("http://localhost/", { method: "POST", headers: { accept: "application/json", authorization: `Bearer ${credentials.csrf}` } });
		expect((await guarded(withCsrf)).status).toBe(401);
	});
});
