// Passkeys over HTTP with a real software authenticator (WebCrypto keys, CBOR, DER signatures):
// registration, discoverable login, single-use challenges bound to their ceremony and user, a
// foreign passkey refused on re-authentication, and challenges that work across instances.
import { decodeBase64urlIgnorePadding } from "@oslojs/encoding";
import { describe, expect, test } from "vitest";
import { cookieHeader, testSecret } from "../../test/helpers.js";
import { createIdentity, createMemoryStore, createPbkdf2Hasher, type IdentityOptions, type IdentityStore } from "../index.js";
import { createSoftwareAuthenticator, type SoftwareAuthenticator } from "./webauthn/software-authenticator.test-helper.js";

const ORIGIN = "https://app.example";
const passkeys = { rpId: "app.example", rpName: "Acme", origins: [ORIGIN] };
const cheap = createPbkdf2Hasher({ iterations: 1000 });

async function world(options: Partial<IdentityOptions> = {}, store: IdentityStore = createMemoryStore()) {
	const identity = createIdentity({ store, secret: testSecret, passkeys, password: { hasher: cheap }, rateLimit: false, session: { singleSession: false }, ...options });
	const ensure = async (username: string) => (await store.findUser(username)) ?? store.createUser({ username, password: await identity.hashPassword(`${username} passphrase`) });
	const ann = await ensure("ann");
	const bob = await ensure("bob");
	const json = (path: string, body: unknown, headers: Record<string, string> = {}) =>
		identity.handle(new Request(`${ORIGIN}/identity/${path}`, { method: "POST", headers: { "content-type": "application/json", origin: ORIGIN, ...headers }, body: JSON.stringify(body) }));
	const cookieOf = async (user: typeof ann, fresh = true) => {
		const request = new Request(`${ORIGIN}/login`, { method: "POST" });
		await identity.loginUser(request, user, { fresh });
		return cookieHeader(identity.applyCookies(request, new Response(null)));
	};
	return { store, identity, ann, bob, json, cookieOf };
}

type World = Awaited<ReturnType<typeof world>>;
const challengeOf = (options: { challenge: string }) => decodeBase64urlIgnorePadding(options.challenge);

/** Registers a passkey of `user` on its software authenticator. */
async function register(w: World, user: World["ann"], authenticator?: SoftwareAuthenticator) {
	const device = authenticator ?? (await createSoftwareAuthenticator(-7));
	const cookie = await w.cookieOf(user);
	const options = (await (await w.json("passkeys/register/options", {}, { cookie })).json()) as { challenge: string; rp: { id: string; name: string }; user: { id: string } };
	const response = await device.register({ challenge: challengeOf(options), origin: ORIGIN, rpId: passkeys.rpId });
	const registered = await w.json("passkeys/register", { ...response, name: "Laptop" }, { cookie });
	return { device, cookie, options, registered };
}

async function assertion(w: World, device: SoftwareAuthenticator, options: { userId?: string; cookie?: string; counter?: number; origin?: string } = {}) {
	const headers: Record<string, string> = options.cookie ? { cookie: options.cookie } : {};
	const request = (await (await w.json("passkeys/login/options", {}, headers)).json()) as { challenge: string };
	return device.authenticate({
		challenge: challengeOf(request),
		origin: options.origin ?? ORIGIN,
		rpId: passkeys.rpId,
		userHandle: new TextEncoder().encode(options.userId ?? w.ann.id),
		...(options.counter !== undefined ? { counter: options.counter } : {})
	});
}

describe("options", () => {
	test("rpId and origins come from options and are checked at creation", () => {
		const store = createMemoryStore();
		const bad = (p: unknown) => () => createIdentity({ store, secret: testSecret, passkeys: p as never });
		expect(bad({ rpId: "evil.example", rpName: "A", origins: [ORIGIN] })).toThrow(expect.objectContaining({ code: "ERR_INVALID_OPTIONS", message: expect.stringContaining("passkeys.rpId") }));
		expect(bad({ rpId: "https://app.example", rpName: "A", origins: [ORIGIN] })).toThrow(expect.objectContaining({ code: "ERR_INVALID_OPTIONS" }));
		expect(bad({ rpId: "app.example", rpName: "A", origins: ["https://app.example/path"] })).toThrow(expect.objectContaining({ code: "ERR_INVALID_OPTIONS" }));
		expect(bad({ rpId: "app.example", rpName: "A", origins: ["http://app.example"] })).toThrow(expect.objectContaining({ code: "ERR_INVALID_OPTIONS" }));
		expect(() => createIdentity({ store, secret: testSecret, passkeys: { rpId: "example", rpName: "A", origins: ["https://example"] } })).toThrow();
		expect(() => createIdentity({ store, secret: testSecret, passkeys: { rpId: "example.com", rpName: "A", origins: ["https://app.example.com", "https://example.com"] } })).not.toThrow();
		const noTokens = { ...store, consumeToken: undefined };
		expect(() => createIdentity({ store: noTokens, secret: testSecret, passkeys })).toThrow(expect.objectContaining({ message: expect.stringContaining("consumeToken") }));
	});
});

describe("registration and login", () => {
	test("register a passkey (signed in, fresh), list it, log in with it (fresh); a challenge works once", async () => {
		const w = await world();
		const { options, registered, cookie, device } = await register(w, w.ann);
		expect(options.rp).toEqual({ id: "app.example", name: "Acme" });
		expect(registered.status).toBe(200);
		expect(await registered.json()).toMatchObject({ name: "Laptop", id: expect.any(String) });
		const list = await w.identity.handle(new Request(`${ORIGIN}/identity/passkeys`, { headers: { accept: "application/json", cookie } }));
		expect(((await list.json()) as { passkeys: unknown[] }).passkeys).toHaveLength(1);

		const request = (await (await w.json("passkeys/login/options", {})).json()) as { challenge: string; userVerification: string; allowCredentials: unknown[]; rpId: string };
		expect(request).toMatchObject({ rpId: "app.example", userVerification: "required", allowCredentials: [] });
		const signed = await device.authenticate({ challenge: challengeOf(request), origin: ORIGIN, rpId: passkeys.rpId, userHandle: new TextEncoder().encode(w.ann.id) });
		const login = await w.json("passkeys/login", signed);
		expect(login.status).toBe(200);
		expect(await login.json()).toMatchObject({ user: { username: "ann" }, authenticationToken: expect.any(String) });
		const fresh = w.identity.freshLoginRequired(() => new Response("ok"));
		expect((await fresh(new Request(`${ORIGIN}/`, { headers: { accept: "application/json", cookie: cookieHeader(login) } }))).status).toBe(200);
		// The same response again: its challenge is spent.
		const replay = await w.json("passkeys/login", signed);
		expect(replay.status).toBe(400);
		expect(await replay.json()).toMatchObject({ error: "invalid_passkey" });
	});

	test("refused: a wrong origin, a register challenge used to log in, a counter that goes backwards, no user verification", async () => {
		const w = await world();
		const { device } = await register(w, w.ann);
		expect((await w.json("passkeys/login", await assertion(w, device, { origin: "https://evil.example" }))).status).toBe(400);
		const creation = (await (await w.json("passkeys/register/options", {}, { cookie: await w.cookieOf(w.ann) })).json()) as { challenge: string };
		const crossCeremony = await device.authenticate({ challenge: challengeOf(creation), origin: ORIGIN, rpId: passkeys.rpId });
		expect((await w.json("passkeys/login", crossCeremony)).status).toBe(400);
		expect((await w.json("passkeys/login", await assertion(w, device, { counter: 10 }))).status).toBe(200);
		expect((await w.json("passkeys/login", await assertion(w, device, { counter: 5 }))).status).toBe(400);
		const request = (await (await w.json("passkeys/login/options", {})).json()) as { challenge: string };
		const noUv = await device.authenticate({ challenge: challengeOf(request), origin: ORIGIN, rpId: passkeys.rpId, flags: 0x01 });
		expect((await w.json("passkeys/login", noUv)).status).toBe(400);
	});

	test("register needs a fresh login; a deleted passkey no longer signs in", async () => {
		const w = await world();
		const stale = await w.cookieOf(w.ann, false);
		expect((await w.json("passkeys/register/options", {}, { cookie: stale, accept: "application/json" })).status).toBe(401);
		const { device, registered, cookie } = await register(w, w.ann);
		const { id } = (await registered.json()) as { id: string };
		expect((await w.json("passkeys/delete", { id }, { cookie })).status).toBe(200);
		expect((await w.json("passkeys/login", await assertion(w, device))).status).toBe(400);
	});
});

describe("re-authentication with a passkey", () => {
	test("POST verify accepts the signed-in user's own passkey, and refuses another user's", async () => {
		const w = await world();
		const annDevice = (await register(w, w.ann)).device;
		const bobDevice = (await register(w, w.bob)).device;
		const stale = await w.cookieOf(w.ann, false);
		const fresh = w.identity.freshLoginRequired(() => new Response("ok"));
		const ask = (cookie: string) => fresh(new Request(`${ORIGIN}/`, { headers: { accept: "application/json", cookie } }));
		expect((await ask(stale)).status).toBe(401);
		// Bob's passkey, on a challenge issued to Ann's session: refused (the re-auth bypass of GHSA-f66q-9rf6-8795).
		const foreign = await assertion(w, bobDevice, { cookie: stale, userId: w.bob.id });
		const refused = await w.json("verify", { passkey: foreign }, { cookie: stale });
		expect(refused.status).toBe(400);
		expect(await refused.json()).toMatchObject({ error: "invalid_passkey" });
		const own = await assertion(w, annDevice, { cookie: stale });
		const verified = await w.json("verify", { passkey: own }, { cookie: stale });
		expect(verified.status).toBe(200);
		expect((await ask(cookieHeader(verified, stale))).status).toBe(200);
	});
});

describe("many instances", () => {
	test("a challenge from one instance works on another (nothing kept in process memory) and only once", async () => {
		const store = createMemoryStore();
		const one = await world({}, store);
		const two = await world({}, store);
		const { device } = await register(one, one.ann);
		const request = (await (await one.json("passkeys/login/options", {})).json()) as { challenge: string };
		const signed = await device.authenticate({ challenge: challengeOf(request), origin: ORIGIN, rpId: passkeys.rpId, userHandle: new TextEncoder().encode(one.ann.id) });
		expect((await two.json("passkeys/login", signed)).status).toBe(200);
		expect((await one.json("passkeys/login", signed)).status).toBe(400);
	});
});
