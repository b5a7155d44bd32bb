/**
 * What the account flows and second factors cost per request, with the default Argon2id hasher
 * (rate limiting off, so repeats are not throttled; the memory store, so the store is not measured):
 * - register with confirmation on, for a new account and for an existing username or email: the
 *   enumeration rule says these take the same work, so their times should match (ratio near 1);
 * - a TOTP login (password, then the code of the pending credential) beside a password-only login;
 * - a passkey login (options, an assertion from a software authenticator, the login).
 */
import { generateHOTP } from "@oslojs/otp";
import { decodeBase64urlIgnorePadding } from "@oslojs/encoding";
import { bench, describe } from "vitest";
import { createIdentity, createMemoryStore, createOutboxMailer } from "../src/index.js";
import { decodeTotpSecret, totpStep } from "../src/factors/totp.js";
import { createSoftwareAuthenticator } from "../src/factors/webauthn/software-authenticator.test-helper.js";
import { testSecret } from "../test/helpers.js";

const ORIGIN = "https://app.example";
const passkeys = { rpId: "app.example", rpName: "Acme", origins: [ORIGIN] };
const store = createMemoryStore();
const mailer = createOutboxMailer();
const identity = createIdentity({
	store,
	secret: testSecret,
	mailer,
	flows: { register: true, confirm: true },
	twoFactor: { issuer: "Acme" },
	passkeys,
	rateLimit: false,
	session: { singleSession: false }
});
const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
	const response = await identity.handle(new Request(`${ORIGIN}/identity/${path}`, { method: "POST", headers: { "content-type": "application/json", origin: ORIGIN, ...headers }, body: JSON.stringify(body) }));
	if (response.status >= 400) throw new Error(`${path}: ${response.status} ${await response.text()}`);
	return response;
};
const cookieOf = (response: Response) => response.headers.getSetCookie().map((line) => line.split(";")[0]).join("; ");
const passphrase = "a long enough passphrase";

await store.createUser({ username: "alice", email: "alice@example.com", password: await identity.hashPassword(passphrase), confirmedAt: new Date() });
let serial = 0;

// TOTP: each user can use each 30 s step's code once, so the bench cycles through enrolled users,
// each logging in with the next step's code (inside the accepted window, never used before).
const enrolled: { username: string; secret: string; used: Set<number> }[] = [];
for (let i = 0; i < 40; i++) {
	const username = `totp-${i}`;
	await store.createUser({ username, email: `${username}@example.com`, confirmedAt: new Date(), password: await identity.hashPassword(passphrase) });
	const cookie = cookieOf(await post("login", { username, password: passphrase }));
	const { secret, setupToken } = (await (await post("two-factor/setup", {}, { cookie })).json()) as { secret: string; setupToken: string };
	await post("two-factor/enable", { setupToken, code: generateHOTP(decodeTotpSecret(secret)!, BigInt(totpStep()), 6) }, { cookie });
	enrolled.push({ username, secret, used: new Set([totpStep()]) });
}
let turn = 0;

// Passkeys: one user with a registered discoverable credential on a software authenticator.
const device = await createSoftwareAuthenticator(-7);
const pat = await store.createUser({ username: "pat", email: "pat@example.com", confirmedAt: new Date(), password: await identity.hashPassword(passphrase) });
{
	const request = new Request(`${ORIGIN}/login`, { method: "POST" });
	await identity.loginUser(request, pat, { fresh: true });
	const cookie = cookieOf(identity.applyCookies(request, new Response(null)));
	const options = (await (await post("passkeys/register/options", {}, { cookie })).json()) as { challenge: string };
	const response = await device.register({ challenge: decodeBase64urlIgnorePadding(options.challenge), origin: ORIGIN, rpId: passkeys.rpId });
	await post("passkeys/register", { ...response, name: "Laptop" }, { cookie });
}

describe("register with confirmation on (equal work whatever the account)", () => {
	bench("a new account", async () => {
		serial += 1;
		await post("register", { username: `new-${serial}`, email: `new-${serial}@example.com`, password: passphrase });
	});
	bench("an existing username", async () => {
		serial += 1;
		await post("register", { username: "alice", email: `other-${serial}@example.com`, password: passphrase });
	});
	bench("an existing email", async () => {
		serial += 1;
		await post("register", { username: `other-${serial}`, email: "ALICE@example.com", password: passphrase });
	});
});

describe("logins", () => {
	bench("password only", async () => {
		await post("login", { username: "alice", password: passphrase });
	});
	bench("password, then a TOTP code", async () => {
		let user = enrolled[turn++ % enrolled.length]!;
		let step = totpStep() + 1;
		for (let tries = 0; tries < enrolled.length && user.used.has(step); tries++) user = enrolled[turn++ % enrolled.length]!;
		if (user.used.has(step)) step = totpStep(); // every user has used the next step: the current one
		user.used.add(step);
		const { pendingToken } = (await (await post("login", { username: user.username, password: passphrase })).json()) as { pendingToken: string };
		await post("two-factor", { pendingToken, code: generateHOTP(decodeTotpSecret(user.secret)!, BigInt(step), 6) });
	});
	bench("passkey (options, assertion, login)", async () => {
		const options = (await (await post("passkeys/login/options", {})).json()) as { challenge: string };
		const assertion = await device.authenticate({ challenge: decodeBase64urlIgnorePadding(options.challenge), origin: ORIGIN, rpId: passkeys.rpId, userHandle: new TextEncoder().encode(pat.id) });
		await post("passkeys/login", assertion);
	});
});
