// Property tests (fast-check) over the credential parsers an attacker reaches: the Cookie header,
// signed credentials (tokens, session/remember/device cookie values) and the Authorization header
// (Basic, Bearer). Properties: no throw (a value or null is the API), no modified credential is
// ever accepted, and each run stays within a generous time bound.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { RUNS, withinBound } from "../test/properties.js";
import { cookieHeader, createTestWorld, get, loginCookies } from "../test/helpers.js";
import { readCookieValues } from "./http/cookies.js";
import { createPbkdf2Hasher } from "./index.js";
import { MAX_COOKIE_DUPLICATES } from "./options/limits.js";
import { identityKey } from "./rate-limit/keys.js";
import { readBasicCredentials } from "./session/basic.js";
import { readAuthorization } from "./session/credentials.js";
import { createPurposeKeys, type TokenPurpose } from "./token/keys.js";
import { createTokenCodec } from "./token/token.js";


/** Characters a header value may carry (Headers refuses CR, LF and NUL), latin-1 included. */
const headerChar = fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0x80, max: 0xff }), fc.constant(0x09)).map((c) => String.fromCharCode(c));
const headerValue = (maxLength = 300) => fc.array(headerChar, { maxLength }).map((chars) => chars.join(""));

/** One edit of a string: replace, delete or insert a character, truncate, or append. */
const edit = fc.record({
	kind: fc.constantFrom("replace", "delete", "insert", "truncate", "append"),
	at: fc.nat(),
	char: fc.constantFrom(..."ABCZabcz0189-_.=+/ %\"'~".split(""))
});
function applyEdit(value: string, e: { kind: string; at: number; char: string }): string {
	const i = e.at % (value.length + 1);
	switch (e.kind) {
		case "replace":
			return value.slice(0, i) + e.char + value.slice(i + 1);
		case "delete":
			return value.slice(0, i) + value.slice(i + 1);
		case "insert":
			return value.slice(0, i) + e.char + value.slice(i);
		case "truncate":
			return value.slice(0, i);
		default:
			return value + e.char;
	}
}
/** Edits of `value` that change it (whitespace around a header or cookie value is not part of it). */
const editsOf = (value: string) => edit.map((e) => applyEdit(value, e)).filter((edited) => edited.trim() !== value);
/** Whether a string survives UTF-8 (no lone surrogate). */
const isWellFormed = (s: string) => !/\p{Cs}/u.test(s);

describe("readCookieValues() (the Cookie header)", () => {
	test("never throws on any header and name; returns at most MAX_COOKIE_DUPLICATES non-empty values without ';'", () => {
		fc.assert(
			fc.property(fc.option(headerValue(2000)), fc.string({ maxLength: 20 }), (header, name) => {
				const values = readCookieValues(header, name);
				expect(values.length).toBeLessThanOrEqual(MAX_COOKIE_DUPLICATES);
				for (const value of values) {
					expect(value).not.toBe("");
					expect(value).not.toContain(";");
				}
			}),
			RUNS
		);
	});

	test("returns exactly the values of the named cookie, in order, whatever else the header holds", () => {
		const cookieName = fc.constantFrom("identity_session", "identity_remember", "a", "identity_sessionx", "xidentity_session");
		const cookieValue = fc.array(fc.constantFrom(..."abcXYZ019-_.=%\"".split("")), { minLength: 1, maxLength: 12 }).map((c) => c.join(""));
		const space = fc.constantFrom("", " ", "  ", "\t");
		fc.assert(
			fc.property(fc.array(fc.tuple(cookieName, cookieValue, space, space), { maxLength: 12 }), (pairs) => {
				const header = pairs.map(([n, v, before, after]) => `${before}${n}=${v}${after}`).join(";");
				const unquote = (v: string) => (v.length >= 2 && v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1) : v);
				const expected = pairs.filter(([n]) => n === "identity_session").map(([, v]) => unquote(v)).filter((v) => v !== "").slice(0, MAX_COOKIE_DUPLICATES);
				expect(readCookieValues(header, "identity_session")).toEqual(expected);
			}),
			RUNS
		);
	});
});

describe("the token codec (every signed credential: session, remember, device, bearer, CSRF)", () => {
	const codec = createTokenCodec(createPurposeKeys(["property-test-secret-0123456789-abcdefghijkl"]), { maxLength: 4096 });
	const purposes: TokenPurpose[] = ["session", "remember", "bearer", "csrf", "device"];
	const purpose = fc.constantFrom(...purposes);
	const claims = fc.record({
		sub: fc.string({ maxLength: 40 }),
		uq: fc.string({ maxLength: 40 }),
		iat: fc.integer({ min: 0, max: 2_000_000_000 }),
		exp: fc.integer({ min: 4_000_000_000, max: 8_000_000_000 })
	});
	const b64 = fc.array(fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/".split("")), { maxLength: 80 }).map((c) => c.join(""));

	test("verify() never throws and returns null for arbitrary strings and token-shaped forgeries", async () => {
		await fc.assert(
			fc.asyncProperty(purpose, fc.oneof(fc.string({ maxLength: 200 }), fc.tuple(b64, b64).map(([a, b]) => `${a}.${b}`), headerValue(5000)), async (p, token) => {
				expect(await withinBound(() => codec.verify(p, token))).toBeNull();
			}),
			RUNS
		);
	});

	test("verify() returns the claims of what sign() made for that purpose, and null for every other purpose", async () => {
		await fc.assert(
			fc.asyncProperty(purpose, claims, async (p, c) => {
				const token = await codec.sign(p, c);
				expect(await codec.verify(p, token)).toEqual(c);
				for (const other of purposes.filter((o) => o !== p)) expect(await codec.verify(other, token)).toBeNull();
			}),
			{ numRuns: 100 }
		);
	});

	test("verify() refuses every edit of a valid credential (one character replaced, removed or added, truncated, extended)", async () => {
		const issued = await codec.sign("session", { sub: "42", uq: "u".repeat(22), iat: 1_700_000_000, exp: 4_000_000_000 });
		expect(await codec.verify("session", issued)).not.toBeNull();
		await fc.assert(
			fc.asyncProperty(editsOf(issued), async (edited) => {
				expect(await withinBound(() => codec.verify("session", edited))).toBeNull();
			}),
			{ numRuns: 500 }
		);
	});
});

describe("the Authorization header", () => {
	const request = (authorization: string) => new Request("http://localhost/", { headers: { authorization } });

	test("readAuthorization() and readBasicCredentials() never throw on any header value", () => {
		fc.assert(
			fc.property(fc.oneof(headerValue(400), headerValue(60).map((v) => `Basic ${v}`), fc.base64String({ maxLength: 200 }).map((v) => `Basic ${v}`)), (value) => {
				const headers = request(value);
				readAuthorization(headers, "bearer");
				readAuthorization(headers, "basic");
				const basic = readBasicCredentials(headers);
				if (basic) expect(basic.identity.length).toBeGreaterThan(0);
			}),
			RUNS
		);
	});

	test("readBasicCredentials() gives back any identity (without ':') and any password it was sent, UTF-8 included", () => {
		const identity = fc.string({ unit: "binary", minLength: 1, maxLength: 40 }).filter((s) => !s.includes(":"));
		fc.assert(
			fc.property(identity, fc.oneof(fc.string({ unit: "binary", maxLength: 60 }), fc.array(fc.constantFrom(":", "a", "\u00e9", "\u{1F600}", " ", "="), { maxLength: 20 }).map((c) => c.join(""))), (name, password) => {
				const bytes = new TextEncoder().encode(`${name}:${password}`);
				const encoded = btoa(String.fromCharCode(...bytes));
				const parsed = readBasicCredentials(request(`Basic ${encoded}`));
				if (encoded.length > 2048) return;
				// A lone surrogate does not survive UTF-8: the decoder (fatal) refuses it, never misreads it.
				if (isWellFormed(name) && isWellFormed(password)) expect(parsed).toEqual({ identity: name, password });
			}),
			RUNS
		);
	});
});

// The identity for the HTTP-level properties: every credential kind, no rate limit (hundreds of Basic tries).
const world = await createTestWorld({ authMethods: ["token", "session", "basic"], password: { hasher: createPbkdf2Hasher({ iterations: 1000 }) }, rateLimit: false });
const { identity, users, password } = world;
// Every way to authenticate, Basic included (which `withIdentity` does not read).
const guarded = identity.authRequired((request) => Response.json({ username: (identity.currentUser(request) as { username?: string }).username ?? null }), "session", "token", "basic");
async function username(request: Request): Promise<string | null> {
	const response = await withinBound(() => guarded(request));
	expect(response.status).toBeLessThan(500);
	return response.status === 200 ? ((await response.json()) as { username: string | null }).username : null;
}
const cookies = await loginCookies(identity, users.admin, { remember: true });
const valueOf = (name: string) => cookies.split("; ").find((c) => c.startsWith(`${name}=`))!.slice(name.length + 1);
const session = valueOf("identity_session");
const remember = valueOf("identity_remember");
const bearer = await identity.getAuthToken(users.editor);
const basic = btoa(`writer:${password}`);

describe("credentials through the identity (guards, HTTP Basic, the device cookie)", () => {
	test("the valid credentials sign in (so the refusals below are about the edit)", async () => {
		expect(await username(get("/", { cookie: `identity_session=${session}` }))).toBe("admin");
		expect(await username(get("/", { cookie: `identity_remember=${remember}` }))).toBe("admin");
		expect(await username(get("/", { authorization: `Bearer ${bearer}` }))).toBe("editor");
		expect(await username(get("/", { authorization: `Basic ${basic}` }))).toBe("writer");
	});

	test("an edited session cookie, remember cookie, bearer token or Basic header is anonymous, never a 500", async () => {
		const places: [string, (v: string) => Request][] = [
			[session, (v) => get("/", { accept: "application/json", cookie: `identity_session=${v}` })],
			[remember, (v) => get("/", { accept: "application/json", cookie: `identity_remember=${v}` })],
			[bearer, (v) => get("/", { authorization: `Bearer ${v}` })],
			[basic, (v) => get("/", { authorization: `Basic ${v}` })]
		];
		for (const [valid, build] of places) {
			await fc.assert(
				fc.asyncProperty(editsOf(valid), async (edited) => {
					// Base64 of Basic is decoded: an edit that decodes to the same bytes is the same credential, and
					// names are looked up folded (`wRiter` is `writer`), so such an edit is the same credential too.
					const decoded = valid === basic ? readBasicCredentials(build(edited)) : null;
					if (decoded && identityKey(decoded.identity) === "writer" && decoded.password === password) return;
					expect(await username(build(edited))).toBeNull();
				}),
				{ numRuns: 150 }
			);
		}
	});

	test("any Authorization or Cookie header value is answered without a 500 and signs nobody in", async () => {
		await fc.assert(
			fc.asyncProperty(headerValue(300), headerValue(300), async (authorization, cookie) => {
				expect(await username(get("/", { authorization, cookie }))).toBeNull();
			}),
			RUNS
		);
	});

	test("an edited device cookie is not a known device: the locked account stays locked for it", async () => {
		const locked = await createTestWorld({ password: { hasher: createPbkdf2Hasher({ iterations: 1000 }) }, rateLimit: { maxPerIdentity: 1 } });
		const post = (cookie: string, pw: string) =>
			locked.identity.handle(new Request("http://localhost/identity/login", { method: "POST", headers: { "content-type": "application/json", origin: "http://localhost", cookie }, body: JSON.stringify({ username: "plain", password: pw }) }));
		const first = await post("", locked.password);
		expect(first.status).toBe(200);
		const device = cookieHeader(first).split("; ").find((c) => c.startsWith("identity_device="))!.slice("identity_device=".length);
		// Lock the account from a browser without the cookie.
		for (let i = 0; i < 3; i++) await post("", "wrong");
		expect((await post("", locked.password)).status).toBe(429);
		expect((await post(`identity_device=${device}`, locked.password)).status).toBe(200);
		await fc.assert(
			fc.asyncProperty(editsOf(device), async (edited) => {
				expect((await withinBound(() => post(`identity_device=${edited}`, locked.password))).status).toBe(429);
			}),
			{ numRuns: 150 }
		);
	});
});
