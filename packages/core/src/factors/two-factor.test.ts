// TOTP two-factor over HTTP: enrolment, login with the pending credential, no code accepted twice
// (the setup code included, and two concurrent requests with one code), recovery codes, secrets
// sealed at rest.
import { generateHOTP } from "@oslojs/otp";
import { describe, expect, test } from "vitest";
import { cookieHeader, testSecret } from "../../test/helpers.js";
import { createIdentity, createMemoryStore, createPbkdf2Hasher, type IdentityOptions } from "../index.js";
import { decodeTotpSecret, totpStep } from "./totp.js";

const ORIGIN = "http://localhost";
const cheap = createPbkdf2Hasher({ iterations: 1000 });

/** The code of `step` computed independently of our TOTP module (RFC 4226 HOTP of the step). */
function codeAt(secret: string, step = totpStep()): string {
	const counter = new Uint8Array(8);
	new DataView(counter.buffer).setBigUint64(0, BigInt(step));
	return generateHOTP(decodeTotpSecret(secret)!, BigInt(step), 6);
}

async function world(extra: Partial<IdentityOptions> = {}) {
	const store = createMemoryStore();
	const identity = createIdentity({ store, secret: testSecret, twoFactor: { issuer: "Acme" }, password: { hasher: cheap }, rateLimit: false, ...extra });
	const password = "ann's passphrase";
	const ann = await store.createUser({ username: "ann", password: await identity.hashPassword(password) });
	const json = (path: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
		identity.handle(new Request(`${ORIGIN}/identity/${path}`, { method: "POST", headers: { "content-type": "application/json", origin: ORIGIN, ...headers }, body: JSON.stringify(body) }));
	const login = async () => json("login", { username: "ann", password });
	const signedIn = async () => cookieHeader(await login());
	return { store, identity, ann, password, json, login, signedIn };
}

/** Enrols ann: setup, then enable with the current code; returns the secret, the cookie and the recovery codes. */
async function enrol(w: Awaited<ReturnType<typeof world>>) {
	const cookie = await w.signedIn();
	const setup = await w.json("two-factor/setup", {}, { cookie });
	expect(setup.status).toBe(200);
	const { secret, otpauthUrl, setupToken } = (await setup.json()) as { secret: string; otpauthUrl: string; setupToken: string };
	const enable = await w.json("two-factor/enable", { setupToken, code: codeAt(secret) }, { cookie });
	expect(enable.status).toBe(200);
	const { recoveryCodes } = (await enable.json()) as { recoveryCodes: string[] };
	return { secret, otpauthUrl, setupToken, cookie, recoveryCodes };
}

/** A code later than any accepted so far without waiting: the next step is inside the accepted window. */
const nextCode = (secret: string) => codeAt(secret, totpStep() + 1);

describe("enrolment", () => {
	test("setup gives a secret, an otpauth URL and a setup token; nothing is on until a first code", async () => {
		const w = await world({ session: { singleSession: false } });
		const cookie = await w.signedIn();
		const setup = await w.json("two-factor/setup", {}, { cookie });
		const body = (await setup.json()) as { secret: string; otpauthUrl: string; setupToken: string };
		expect(body.secret).toMatch(/^[A-Z2-7]{32}$/);
		expect(body.otpauthUrl).toBe(`otpauth://totp/Acme:ann?secret=${body.secret}&issuer=Acme&algorithm=SHA1&digits=6&period=30`);
		expect((await w.login()).status).toBe(200); // still no second factor
		const wrong = await w.json("two-factor/enable", { setupToken: body.setupToken, code: "000000" === codeAt(body.secret) ? "111111" : "000000" }, { cookie });
		expect(wrong.status).toBe(400);
		expect(await wrong.json()).toMatchObject({ error: "invalid_code" });
		const state = await w.store.getTwoFactor(w.ann);
		expect(state?.enabledAt).toBeNull();
		// The secret is sealed at rest: the store never holds the base32 secret.
		expect(state?.secret).not.toContain(body.secret);
		expect(state?.secret).toMatch(/^v1\./);
	});

	test("enable returns 10 recovery codes once; the security payload says two-factor is on", async () => {
		const w = await world();
		const { recoveryCodes } = await enrol(w);
		expect(recoveryCodes).toHaveLength(10);
		expect(new Set(recoveryCodes).size).toBe(10);
		const me = w.identity.loginRequired((request) => Response.json(w.identity.getSecurityPayload(w.identity.currentUser(request))));
		const pending = (await (await w.login()).json()) as { status: string };
		expect(pending.status).toBe("two_factor_required");
		const request = new Request(`${ORIGIN}/login`, { method: "POST" });
		await w.identity.loginUser(request, (await w.store.findUser("ann"))!);
		const cookie = cookieHeader(w.identity.applyCookies(request, new Response(null)));
		expect(await (await me(new Request(`${ORIGIN}/me`, { headers: { cookie, accept: "application/json" } }))).json()).toMatchObject({ twoFactor: true, recoveryCodesLeft: 10 });
	});

	test("two concurrent enables with one code: exactly one wins", async () => {
		const w = await world();
		const cookie = await w.signedIn();
		const { secret, setupToken } = (await (await w.json("two-factor/setup", {}, { cookie })).json()) as { secret: string; setupToken: string };
		const code = codeAt(secret);
		const results = await Promise.all([1, 2].map(() => w.json("two-factor/enable", { setupToken, code }, { cookie })));
		expect(results.map((r) => r.status).sort()).toEqual([200, 400]);
	});

	test("setup and enable need a fresh login; anonymous callers are refused", async () => {
		const w = await world();
		expect((await w.json("two-factor/setup", {})).status).toBe(401);
		const request = new Request(`${ORIGIN}/login`, { method: "POST" });
		await w.identity.loginUser(request, w.ann, { fresh: false });
		const stale = cookieHeader(w.identity.applyCookies(request, new Response(null)));
		const refused = await w.json("two-factor/setup", {}, { cookie: stale, accept: "application/json" });
		expect(refused.status).toBe(401);
		expect(await refused.json()).toMatchObject({ error: "reauthentication_required" });
	});
});

describe("login with a second factor", () => {
	test("the right password gives a pending credential, not a session; the code completes the login, fresh", async () => {
		const w = await world();
		const { secret } = await enrol(w);
		const first = await w.login();
		const body = (await first.json()) as { status: string; pendingToken: string };
		expect(first.status).toBe(200);
		expect(body.status).toBe("two_factor_required");
		const cookies = first.headers.getSetCookie();
		expect(cookies.some((c) => c.startsWith("identity_session=") && !/Max-Age=0/.test(c))).toBe(false);
		expect(cookies.some((c) => c.startsWith("identity_session_2fa="))).toBe(true);
		// The pending credential is never a session or a token.
		const me = w.identity.loginRequired(() => new Response("ok"));
		expect((await me(new Request(`${ORIGIN}/`, { headers: { accept: "application/json", cookie: cookieHeader(first) } }))).status).toBe(401);
		expect((await me(new Request(`${ORIGIN}/`, { headers: { authorization: `Bearer ${body.pendingToken}` } }))).status).toBe(401);

		const code = nextCode(secret);
		const done = await w.json("two-factor", { pendingToken: body.pendingToken, code });
		expect(done.status).toBe(200);
		const { authenticationToken } = (await done.json()) as { authenticationToken: string };
		const fresh = w.identity.freshLoginRequired(() => new Response("fresh"));
		expect((await fresh(new Request(`${ORIGIN}/`, { headers: { accept: "application/json", cookie: cookieHeader(done) } }))).status).toBe(200);
		expect((await fresh(new Request(`${ORIGIN}/`, { headers: { authorization: `Bearer ${authenticationToken}` } }))).status).toBe(200);

		// No code is accepted twice: the same code with a new pending login is refused.
		const again = (await (await w.login()).json()) as { pendingToken: string };
		const replay = await w.json("two-factor", { pendingToken: again.pendingToken, code });
		expect(replay.status).toBe(400);
		expect(await replay.json()).toMatchObject({ error: "invalid_code" });
	});

	test("the setup code cannot be replayed as the first login", async () => {
		const w = await world();
		const cookie = await w.signedIn();
		const { secret, setupToken } = (await (await w.json("two-factor/setup", {}, { cookie })).json()) as { secret: string; setupToken: string };
		const code = codeAt(secret);
		expect((await w.json("two-factor/enable", { setupToken, code }, { cookie })).status).toBe(200);
		const { pendingToken } = (await (await w.login()).json()) as { pendingToken: string };
		expect((await w.json("two-factor", { pendingToken, code })).status).toBe(400);
	});

	test("the pending credential dies after 5 wrong codes; a used one cannot complete a second login", async () => {
		const w = await world({ session: { singleSession: false } });
		const { secret, recoveryCodes } = await enrol(w);
		const { pendingToken } = (await (await w.login()).json()) as { pendingToken: string };
		const right = nextCode(secret);
		const wrong = right === "123456" ? "654321" : "123456";
		for (let i = 0; i < 5; i++) expect((await w.json("two-factor", { pendingToken, code: wrong })).status).toBe(400);
		expect((await w.json("two-factor", { pendingToken, code: right })).status).toBe(400);
		const second = (await (await w.login()).json()) as { pendingToken: string };
		expect((await w.json("two-factor", { pendingToken: second.pendingToken, code: right })).status).toBe(200);
		// Spent: not even a valid recovery code completes another login with it.
		expect((await w.json("two-factor", { pendingToken: second.pendingToken, recoveryCode: recoveryCodes[0] })).status).toBe(400);
	});

	test("recovery codes work once each; regenerating voids the old ones", async () => {
		const w = await world();
		const { recoveryCodes, cookie } = await enrol(w);
		const use = async (recoveryCode: string) => {
			const { pendingToken } = (await (await w.login()).json()) as { pendingToken: string };
			return w.json("two-factor", { pendingToken, recoveryCode });
		};
		expect((await use(recoveryCodes[0]!.toLowerCase())).status).toBe(200);
		expect((await use(recoveryCodes[0]!)).status).toBe(400);
		expect((await w.store.getTwoFactor(w.ann))?.recoveryCodesLeft).toBe(9);
		const regenerated = await w.json("two-factor/recovery-codes", { password: w.password }, { cookie: await freshCookie(w) });
		expect(regenerated.status).toBe(200);
		const { recoveryCodes: fresh } = (await regenerated.json()) as { recoveryCodes: string[] };
		expect((await use(recoveryCodes[1]!)).status).toBe(400);
		expect((await use(fresh[0]!)).status).toBe(200);
		void cookie;
	});

	test("HTTP Basic is refused for a user with two-factor on; disable turns it off again", async () => {
		const w = await world({ authMethods: ["token", "session", "basic"] });
		const basic = w.identity.authRequired(() => new Response("ok"), "basic");
		const header = { authorization: `Basic ${btoa(`ann:${w.password}`)}` };
		expect((await basic(new Request(`${ORIGIN}/`, { headers: header }))).status).toBe(200);
		await enrol(w);
		expect((await basic(new Request(`${ORIGIN}/`, { headers: header }))).status).toBe(401);
		const off = await w.json("two-factor/disable", { password: w.password }, { cookie: await freshCookie(w) });
		expect(off.status).toBe(200);
		expect((await basic(new Request(`${ORIGIN}/`, { headers: header }))).status).toBe(200);
		expect(((await (await w.login()).json()) as { authenticationToken?: string }).authenticationToken).toBeTypeOf("string");
	});

	test("a form login goes to the code form and on to next", async () => {
		const w = await world();
		const { secret } = await enrol(w);
		const form = (path: string, fields: Record<string, string>, cookie = "") =>
			w.identity.handle(
				new Request(`${ORIGIN}/identity/${path}`, {
					method: "POST",
					headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html", origin: ORIGIN, cookie },
					body: new URLSearchParams(fields)
				})
			);
		const first = await form("login", { username: "ann", password: w.password, next: "/reports" });
		expect(first.status).toBe(303);
		expect(first.headers.get("location")).toBe("/identity/two-factor?next=%2Freports");
		const pending = cookieHeader(first);
		const page = await w.identity.handle(new Request(`${ORIGIN}/identity/two-factor?next=%2Freports`, { headers: { accept: "text/html", cookie: pending } }));
		expect(page.status).toBe(200);
		expect(await page.text()).toContain('name="code"');
		const done = await form("two-factor", { code: nextCode(secret), next: "/reports" }, pending);
		expect(done.status).toBe(303);
		expect(done.headers.get("location")).toBe("/reports");
		expect(cookieHeader(done, pending)).toMatch(/identity_session=/);
	});
});

/** A fresh session of ann made directly (as a completed two-factor login would). */
async function freshCookie(w: Awaited<ReturnType<typeof world>>): Promise<string> {
	const request = new Request(`${ORIGIN}/login`, { method: "POST" });
	await w.identity.loginUser(request, (await w.store.findUser("ann"))!, { fresh: true });
	return cookieHeader(w.identity.applyCookies(request, new Response(null)));
}
