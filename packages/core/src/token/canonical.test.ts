// Malleable credentials: base64url decoders that ignore padding or spare bits accept several strings
// for one credential (a trailing "=", a different last character). Only the canonical string we
// issued may authenticate, for every kind of credential.
import { describe, expect, test } from "vitest";
import { cookieHeader, createTestWorld } from "../../test/helpers.js";

const world = await createTestWorld();
const { identity, users } = world;
const echo = identity.loginRequired((request) => Response.json({ username: identity.currentUser(request).username }));

/** Variants of a `payload.signature` credential that decode to the same bytes under a lenient decoder. */
function variants(token: string): string[] {
	const [payload, signature] = token.split(".") as [string, string];
	// A 32-byte signature is 43 base64url characters: the last carries 2 spare bits.
	const last = signature.at(-1)!;
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	const index = alphabet.indexOf(last);
	const spare = alphabet[(index & ~0b11) | ((index + 1) & 0b11)]!;
	return [
		`${payload}.${signature}=`,
		`${payload}=.${signature}`,
		`${payload}.${signature}==`,
		`${payload}.${signature.slice(0, -1)}${spare}`,
		`${payload}==.${signature}`
	].filter((variant) => variant !== token);
}

async function loggedIn(remember: boolean) {
	const request = new Request("http://localhost/login", { method: "POST" });
	await identity.loginUser(request, users.editor, { remember });
	return cookieHeader(identity.applyCookies(request, new Response(null)));
}

describe("credentials are accepted only in their canonical form", () => {
	test("session cookie", async () => {
		const cookie = await loggedIn(false);
		const value = cookie.split("=").slice(1).join("=");
		expect((await echo(new Request("http://localhost/", { headers: { accept: "application/json", cookie } }))).status).toBe(200);
		for (const variant of variants(value)) {
			const response = await echo(new Request("http://localhost/", { headers: { accept: "application/json", cookie: `identity_session=${variant}` } }));
			expect(response.status, variant).toBe(401);
		}
	});

	test("remember cookie", async () => {
		const cookie = await loggedIn(true);
		const remember = cookie.split("; ").find((c) => c.startsWith("identity_remember="))!.slice("identity_remember=".length);
		const ok = await echo(new Request("http://localhost/", { headers: { accept: "application/json", cookie: `identity_remember=${remember}` } }));
		expect(ok.status).toBe(200);
		for (const variant of variants(remember)) {
			const response = await echo(new Request("http://localhost/", { headers: { accept: "application/json", cookie: `identity_remember=${variant}` } }));
			expect(response.status, variant).toBe(401);
		}
	});

	test("bearer token, in Authorization and in the token header", async () => {
		const token = await identity.getAuthToken(users.writer);
		expect((await echo(new Request("http://localhost/", { headers: { authorization: `Bearer ${token}` } }))).status).toBe(200);
		for (const variant of variants(token)) {
			expect((await echo(new Request("http://localhost/", { headers: { authorization: `Bearer ${variant}` } }))).status, variant).toBe(401);
			expect((await echo(new Request("http://localhost/", { headers: { "authentication-token": variant } }))).status, variant).toBe(401);
		}
	});

	test("CSRF token", async () => {
		const cookie = await loggedIn(false);
		const csrfToken = await identity.getCsrfToken(new Request("http://localhost/", { headers: { cookie } }));
		const post = (token: string) =>
			echo(new Request("http://localhost/", { method: "POST", headers: { accept: "application/json", cookie, "x-csrf-token": token } }));
		expect((await post(csrfToken)).status).toBe(200);
		for (const variant of variants(csrfToken)) expect((await post(variant)).status, variant).toBe(403);
	});
});
