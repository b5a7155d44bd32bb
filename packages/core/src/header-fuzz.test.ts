// Adversarial headers (a malformed header must never become a 500) through the real identity: every guard and the default
// routes answer malformed, huge, repeated and non-ASCII headers with a 4xx or the anonymous user,
// never a 500 and never a throw; forwarded-for headers are not trusted by default.
import { encodeBase64urlNoPadding } from "@oslojs/encoding";
import { describe, expect, test } from "vitest";
import { createTestWorld, get, loginCookies } from "../test/helpers.js";
import { createPbkdf2Hasher, type Identity } from "./index.js";

// This file is about headers, not hashing: a cheap hasher keeps hundreds of login attempts quick.
const cheap = { hasher: createPbkdf2Hasher({ iterations: 1000 }) };
const world = await createTestWorld({ authMethods: ["token", "session", "basic"], password: cheap });
const { identity, users, password } = world;
const handler = (request: Request) => {
	const user = identity.currentUser(request);
	return Response.json({ username: user.isAuthenticated ? user.username : null });
};
const adminCookie = await loginCookies(identity, users.admin);
const adminSession = adminCookie.split("; ").find((c) => c.startsWith("identity_session="))!.split("=")[1]!;
const editorToken = await identity.getAuthToken(users.editor);

/** A well-formed credential whose signature is random: parses, never verifies. */
function forged(claims: object): string {
	const payload = encodeBase64urlNoPadding(new TextEncoder().encode(JSON.stringify(claims)));
	return `${payload}.${encodeBase64urlNoPadding(crypto.getRandomValues(new Uint8Array(32)))}`;
}
const forgedAdmin = forged({ sub: users.admin.id, uq: users.admin.uniquifier, iat: 0, exp: 4_000_000_000 });
/** Header values a client may send: latin-1 only (a Headers limit), no CR/LF/NUL. */
const odd = ["", " ", "\t", ";", "=", ",", '"', "é", "Ã©", "\u00ff\u00fe", "%", "%zz", "%E0%A4%A", "\\", "null", "undefined", "[object Object]"];

const authorizations = [
	...odd,
	"Bearer",
	"Bearer ",
	"Bearer  ",
	"bearer x",
	"BEARER x",
	"Bearer .",
	"Bearer ..",
	"Bearer a.b",
	"Bearer a.b.c",
	"Bearer a b c",
	"Bearer\tx",
	`Bearer ${forgedAdmin}`,
	`Bearer ${adminSession}`,
	`Bearer ${editorToken}x`,
	`Bearer ${editorToken.slice(0, -2)}`,
	`Bearer ${editorToken}, Bearer ${editorToken}`,
	`Bearer ${"a".repeat(5000)}.${"b".repeat(43)}`,
	`Bearer ${"x".repeat(200_000)}`,
	"Basic",
	"Basic ",
	"Basic !!!",
	"Basic ====",
	`Basic ${btoa(":")}`,
	`Basic ${btoa("admin")}`,
	`Basic ${btoa(":admin")}`,
	`Basic ${btoa("admin:")}`,
	`Basic ${btoa("\u00ff\u00fe:\u00ff")}`,
	`Basic ${btoa(`admin:${"p".repeat(3000)}`)}`,
	`Basic ${"A".repeat(100_000)}`,
	"Digest username=admin",
	"Negotiate YII="
];

const cookies = [
	...odd,
	"identity_session",
	"identity_session=",
	'identity_session=""',
	'identity_session="',
	"identity_session=.",
	"identity_session=%",
	`identity_session=${forgedAdmin}`,
	`identity_session=${editorToken}`,
	`identity_remember=${adminSession}`,
	`identity_session=${adminSession}x`,
	`identity_session=${"x".repeat(20_000)}`,
	`identity_session=é${adminSession}`,
	`=; ==; ;;; identity_session; identity_session==${adminSession}`,
	Array.from({ length: 2000 }, (_, i) => `c${i}=${i}`).join("; "),
	`x=${"y".repeat(1_000_000)}`
];

const others: Record<string, string>[] = [
	{ "authentication-token": "" },
	{ "authentication-token": "é.é" },
	{ "authentication-token": `${forgedAdmin}` },
	{ "authentication-token": "x".repeat(100_000) },
	{ accept: "*/*;q=abc, text/html;;;q=" },
	{ accept: "x".repeat(100_000) },
	{ "content-type": "application/json; charset=bogus" },
	{ "content-type": ";;;" },
	{ "sec-fetch-site": "é" },
	{ "sec-fetch-mode": "navigate", accept: "text/html" },
	{ origin: "null" },
	{ origin: "http://localhost:80" },
	{ origin: "é://" },
	{ "x-forwarded-for": "203.0.113.7, 10.0.0.1" },
	{ "x-forwarded-for": "not an address" },
	{ "x-forwarded-host": "evil.example", "x-forwarded-proto": "javascript" },
	{ forwarded: "for=\"[::1]\";proto=https;host=evil" },
	{ "x-csrf-token": "é" },
	Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`x-h${i}`, "v".repeat(100)]))
];

const headerSets: [string, Record<string, string>][] = [
	...authorizations.map((value, i): [string, Record<string, string>] => [`authorization #${i}`, { authorization: value }]),
	...cookies.map((value, i): [string, Record<string, string>] => [`cookie #${i}`, { cookie: value }]),
	...others.map((headers, i): [string, Record<string, string>] => [`other #${i}`, headers])
];

const guards = {
	withIdentity: identity.withIdentity(handler),
	loginRequired: identity.loginRequired(handler),
	freshLoginRequired: identity.freshLoginRequired(handler),
	authRequired: identity.authRequired(handler),
	"authRequired(token)": identity.authRequired(handler, "token"),
	"authRequired(session)": identity.authRequired(handler, "session"),
	"authRequired(basic)": identity.authRequired(handler, "basic"),
	rolesRequired: identity.rolesRequired(handler, "admin", ["editor", "writer"]),
	rolesAccepted: identity.rolesAccepted(handler, "admin")
};

describe.each(Object.entries(guards))("%s() under hostile headers", (name, guarded) => {
	test("every malformed header set is anonymous: 401 (or 200 anonymous for withIdentity), never a 500 or a throw", async () => {
		for (const [label, headers] of headerSets) {
			for (const method of ["GET", "POST"]) {
				const response = await guarded(new Request("http://localhost/page", { method, headers }));
				const expected = name === "withIdentity" ? [200] : [401, 302, 303];
				expect(expected, `${label} ${method}`).toContain(response.status);
				if (response.status === 200) expect(await response.json(), label).toEqual({ username: null });
			}
		}
	});

	test("garbage next to a valid credential never turns into a 500", async () => {
		for (const [label, headers] of headerSets) {
			const merged = { ...headers, cookie: `${headers.cookie ?? ""}; ${adminCookie}`, accept: "application/json" };
			const response = await guarded(new Request("http://localhost/page", { headers: merged }));
			expect(response.status, label).toBeLessThan(500);
		}
	});
});

describe("identity.handle() under hostile headers", () => {
	const routes: [string, string, (headers: Record<string, string>) => BodyInit | null][] = [
		["GET", "/identity/login", () => null],
		["HEAD", "/identity/login", () => null],
		["POST", "/identity/login", () => JSON.stringify({ username: "plain", password: "wrong password" })],
		["POST", "/identity/logout", () => null],
		["DELETE", "/identity/login", () => null],
		["OPTIONS", "/identity/logout", () => null]
	];

	test("every route answers every header set below 500", async () => {
		const hostile = await createTestWorld({ rateLimit: false, password: cheap });
		for (const [method, path, body] of routes) {
			for (const [label, headers] of headerSets) {
				const request = new Request(`http://localhost${path}`, { method, headers: { "content-type": "application/json", ...headers }, body: body(headers) });
				const response = await hostile.identity.handle(request);
				expect(response.status, `${method} ${path} ${label}`).toBeLessThan(500);
			}
		}
	});

	test("getCurrentUser() never throws and is anonymous for every malformed header set", async () => {
		for (const [label, headers] of headerSets) {
			const user = await identity.getCurrentUser(new Request("http://localhost/", { headers }));
			expect(user.isAuthenticated, label).toBe(false);
		}
	});
});

describe("forwarded headers are not trusted by default", () => {
	const login = (target: Identity, username: string, secret: string, forwardedFor: string) =>
		target.handle(
			new Request("http://localhost/identity/login", {
				method: "POST",
				headers: { "content-type": "application/json", "x-forwarded-for": forwardedFor, "x-real-ip": forwardedFor, forwarded: `for=${forwardedFor}` },
				body: JSON.stringify({ username, password: secret })
			})
		);

	test("the recorded login address does not come from X-Forwarded-For", async () => {
		const fresh = await createTestWorld();
		expect((await login(fresh.identity, "writer", fresh.password, "198.51.100.23")).status).toBe(200);
		const writer = (await fresh.store.findUser("writer"))!;
		expect(writer.currentLoginAddress ?? null).not.toBe("198.51.100.23");
	});

	test("rotating X-Forwarded-For does not reset the per-identity limit", async () => {
		const fresh = await createTestWorld();
		for (let i = 0; i < 5; i += 1) expect((await login(fresh.identity, "plain", "wrong password", `192.0.2.${i}`)).status).toBe(401);
		const response = await login(fresh.identity, "plain", fresh.password, "192.0.2.200");
		expect(response.status).toBe(429);
		expect(response.headers.get("retry-after")).toMatch(/^\d+$/);
	});

	test("with getClientAddress configured, its answer (not the header) is what counts", async () => {
		const fresh = await createTestWorld({ getClientAddress: () => "192.0.2.1" });
		expect((await login(fresh.identity, "editor", password, "198.51.100.99")).status).toBe(200);
		expect((await fresh.store.findUser("editor"))!.currentLoginAddress).toBe("192.0.2.1");
	});
});
