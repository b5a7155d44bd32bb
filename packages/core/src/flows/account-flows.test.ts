// The account flows over HTTP: register, confirm (+ resend), recover and reset, change password,
// change email. Enumeration-safe answers are compared byte for byte; every emailed link is
// scanner-safe (GET changes nothing) and single use; a reset revokes every credential.
import { describe, expect, test } from "vitest";
import { cookieHeader, testSecret } from "../../test/helpers.js";
import { createIdentity, createMemoryStore, createOutboxMailer, createPbkdf2Hasher, type IdentityOptions, type MailMessage } from "../index.js";

const cheap = createPbkdf2Hasher({ iterations: 1000 });
const ORIGIN = "http://localhost";

async function world(flows: IdentityOptions["flows"] = { register: true, confirm: true, recover: true, changePassword: true, changeEmail: true }, extra: Partial<IdentityOptions> = {}) {
	const store = createMemoryStore();
	const mailer = createOutboxMailer();
	const identity = createIdentity({ store, secret: testSecret, mailer, flows, password: { hasher: cheap }, rateLimit: false, ...extra });
	const hash = await identity.hashPassword("existing passphrase");
	const alice = await store.createUser({ username: "alice", email: "alice@example.com", password: hash, confirmedAt: new Date() });
	const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
	const post = (path: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
		identity.handle(
			new Request(`${ORIGIN}/identity/${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) })
		);
	const form = (path: string, body: Record<string, string>, headers: Record<string, string> = {}) =>
		identity.handle(
			new Request(`${ORIGIN}/identity/${path}`, {
				method: "POST",
				headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html", origin: ORIGIN, ...headers },
				body: new URLSearchParams(body)
			})
		);
	const mails = async (to?: string): Promise<MailMessage[]> => {
		await settle();
		return mailer.messages().filter((m) => !to || m.to === to);
	};
	const tokenOf = (message: MailMessage) => new URL(message.link!).searchParams.get("token")!;
	return { store, mailer, identity, alice, post, form, mails, tokenOf, settle };
}

/** Status, headers (without Date) and body bytes: what an attacker can compare. */
async function fingerprint(response: Response): Promise<string> {
	const headers = [...response.headers].filter(([name]) => name !== "date").map(([n, v]) => `${n}: ${v}`);
	return `${response.status}\n${headers.join("\n")}\n\n${await response.text()}`;
}

describe("options", () => {
	test("a flow that sends mail without a mailer is InvalidOptionsError; register alone needs none", () => {
		const store = createMemoryStore();
		for (const flow of ["confirm", "recover", "changePassword", "changeEmail"]) {
			expect(() => createIdentity({ store, secret: testSecret, flows: { [flow]: true } })).toThrow(expect.objectContaining({ code: "ERR_INVALID_OPTIONS", message: expect.stringContaining("mailer") }));
		}
		expect(() => createIdentity({ store, secret: testSecret, flows: { register: true } })).not.toThrow();
		expect(() => createIdentity({ store, secret: testSecret, flows: { register: "yes" as never } })).toThrow(expect.objectContaining({ code: "ERR_INVALID_OPTIONS" }));
		expect(() => createIdentity({ store, secret: testSecret, flows: { recover: { maxAgeSeconds: -1 } }, mailer: createOutboxMailer() })).toThrow(expect.objectContaining({ message: expect.stringContaining("flows.recover.maxAgeSeconds") }));
	});

	test("every flow is off by default: its routes are 404", async () => {
		const identity = createIdentity({ store: createMemoryStore(), secret: testSecret });
		for (const path of ["register", "confirm", "confirm/resend", "recover", "reset", "change-password", "change-email", "change-email/confirm"]) {
			expect((await identity.handle(new Request(`${ORIGIN}/identity/${path}`, { headers: { accept: "application/json" } }))).status, path).toBe(404);
		}
	});
});

describe("register with confirm on: enumeration-safe", () => {
	test("a new user, a taken identity and a taken email get the same status and bytes; mail tells the owner", async () => {
		const w = await world();
		const fresh = await w.post("register", { username: "bob", email: "bob@example.com", password: "a fine passphrase" });
		const takenIdentity = await w.post("register", { username: "alice", email: "mallory@example.com", password: "a fine passphrase" });
		const takenEmail = await w.post("register", { username: "carol", email: "ALICE@example.com", password: "a fine passphrase" });
		const answers = await Promise.all([fresh, takenIdentity, takenEmail].map(fingerprint));
		expect(fresh.status).toBe(202);
		expect(answers[1]).toBe(answers[0]);
		expect(answers[2]).toBe(answers[0]);
		expect(JSON.parse(answers[0]!.split("\n\n")[1]!)).toEqual({ status: "check_email" });
		const mails = await w.mails();
		expect(mails.map((m) => [m.to, m.kind])).toEqual([
			["bob@example.com", "confirm"],
			["alice@example.com", "account-exists"],
			["alice@example.com", "account-exists"]
		]);
		expect(await w.mails("mallory@example.com")).toEqual([]);
		expect(await w.store.findUser("carol")).toBeNull();
		expect(await w.store.findUser("bob")).toMatchObject({ confirmedAt: null, email: "bob@example.com" });
	});

	test("HTML answers are the same page too", async () => {
		const w = await world();
		const a = await fingerprint(await w.form("register", { username: "dave", email: "dave@example.com", password: "a fine passphrase" }));
		const b = await fingerprint(await w.form("register", { username: "alice", email: "x@example.com", password: "a fine passphrase" }));
		expect(b).toBe(a);
		expect(a).toContain("Check your email");
	});

	test("the password policy is checked before any account lookup: the same 400 for free and taken identities, no mail", async () => {
		const w = await world(undefined, { password: { hasher: cheap, minLength: 10 } });
		const free = await fingerprint(await w.post("register", { username: "erin", email: "erin@example.com", password: "short" }));
		const taken = await fingerprint(await w.post("register", { username: "alice", email: "erin@example.com", password: "short" }));
		expect(taken).toBe(free);
		expect(free.startsWith("400")).toBe(true);
		expect(free).toContain('"password"');
		expect(await w.mails()).toEqual([]);
	});

	test("an unconfirmed user with the right password gets 403 unconfirmed; the link (POST) confirms; the link works once", async () => {
		const w = await world();
		await w.post("register", { username: "frank", email: "frank@example.com", password: "frank's passphrase" });
		const [mail] = await w.mails("frank@example.com");
		const login = () => w.post("login", { username: "frank", password: "frank's passphrase" });
		const refused = await login();
		expect(refused.status).toBe(403);
		expect(await refused.json()).toMatchObject({ error: "unconfirmed" });
		// A mail scanner following the link with GET changes nothing.
		const page = await w.identity.handle(new Request(mail!.link!, { headers: { accept: "text/html" } }));
		expect(page.status).toBe(200);
		expect(await page.text()).toContain('name="token"');
		expect((await w.store.findUser("frank"))!.confirmedAt).toBeNull();
		const confirmed = await w.post("confirm", { token: w.tokenOf(mail!) });
		expect(confirmed.status).toBe(200);
		expect((await w.store.findUser("frank"))!.confirmedAt).toBeInstanceOf(Date);
		expect((await login()).status).toBe(200);
		const again = await w.post("confirm", { token: w.tokenOf(mail!) });
		expect(again.status).toBe(400);
		expect(await again.json()).toMatchObject({ error: "invalid_token" });
	});

	test("the code works in place of the link; after 5 wrong tries even the right code is refused", async () => {
		const w = await world();
		await w.post("register", { username: "gina", email: "gina@example.com", password: "gina's passphrase" });
		await w.post("register", { username: "hank", email: "hank@example.com", password: "hank's passphrase" });
		const [gina] = await w.mails("gina@example.com");
		const [hank] = await w.mails("hank@example.com");
		expect(gina!.code).toMatch(/^\d{8}$/);
		expect((await w.post("confirm", { email: "gina@example.com", code: gina!.code })).status).toBe(200);
		const wrong = String((Number(hank!.code) + 1) % 1e8).padStart(8, "0");
		for (let i = 0; i < 5; i++) expect((await w.post("confirm", { email: "hank@example.com", code: wrong })).status).toBe(400);
		expect((await w.post("confirm", { email: "hank@example.com", code: hank!.code })).status).toBe(400);
		expect((await w.store.findUser("hank"))!.confirmedAt).toBeNull();
	});

	test("resend answers the same 202 for unknown, unconfirmed and confirmed addresses; only the unconfirmed gets mail", async () => {
		const w = await world();
		await w.post("register", { username: "ivy", email: "ivy@example.com", password: "ivy's passphrase" });
		w.mailer.clear();
		const answers = await Promise.all(["nobody@example.com", "ivy@example.com", "alice@example.com"].map(async (email) => fingerprint(await w.post("confirm/resend", { email }))));
		expect(new Set(answers).size).toBe(1);
		expect((await w.mails()).map((m) => [m.to, m.kind])).toEqual([["ivy@example.com", "confirm"]]);
	});
});

describe("register with confirm off", () => {
	test("a new user is created and signed in (201); a taken identity is a 400 naming the field", async () => {
		const w = await world({ register: true });
		const created = await w.post("register", { username: "judy", email: "judy@example.com", password: "judy's passphrase" });
		expect(created.status).toBe(201);
		expect(await created.json()).toMatchObject({ user: { username: "judy" } });
		expect(cookieHeader(created)).toMatch(/identity_session=/);
		const taken = await w.post("register", { username: "alice", email: "other@example.com", password: "a fine passphrase" });
		expect(taken.status).toBe(400);
		expect(await taken.json()).toMatchObject({ error: "invalid_request", errors: { username: expect.any(Array) } });
		const form = await w.form("register", { username: "kate", email: "kate@example.com", password: "kate's passphrase" });
		expect(form.status).toBe(303);
		expect(form.headers.get("location")).toBe("/identity/login");
	});
});

describe("recover and reset", () => {
	test("the same 202 for known and unknown addresses; the reset revokes every credential and does not log in", async () => {
		const w = await world();
		const login = await w.post("login", { username: "alice", password: "existing passphrase" });
		const session = cookieHeader(login);
		const { authenticationToken } = (await login.json()) as { authenticationToken: string };
		const answers = await Promise.all(["alice@example.com", "nobody@example.com"].map(async (email) => fingerprint(await w.post("recover", { email }))));
		expect(answers[1]).toBe(answers[0]);
		const [mail] = await w.mails("alice@example.com");
		expect(mail!.kind).toBe("reset");
		expect(await w.mails("nobody@example.com")).toEqual([]);

		const page = await w.identity.handle(new Request(mail!.link!, { headers: { accept: "text/html" } }));
		expect(await page.text()).toContain('name="password"');
		const reset = await w.post("reset", { token: w.tokenOf(mail!), password: "a new passphrase" });
		expect(reset.status).toBe(200);
		expect(reset.headers.getSetCookie().filter((c) => !/Max-Age=0/.test(c))).toEqual([]);
		const me = w.identity.loginRequired(() => new Response("ok"));
		expect((await me(new Request(`${ORIGIN}/`, { headers: { accept: "application/json", cookie: session } }))).status).toBe(401);
		expect((await me(new Request(`${ORIGIN}/`, { headers: { authorization: `Bearer ${authenticationToken}` } }))).status).toBe(401);
		expect((await w.post("login", { username: "alice", password: "existing passphrase" })).status).toBe(401);
		expect((await w.post("login", { username: "alice", password: "a new passphrase" })).status).toBe(200);
		expect((await w.mails("alice@example.com")).map((m) => m.kind)).toEqual(["reset", "password-changed"]);
		// Single use: the password changed, so the token is dead.
		expect((await w.post("reset", { token: w.tokenOf(mail!), password: "another passphrase" })).status).toBe(400);
	});

	test("tokens are bound to their purpose and die when the password changes; expired ones are refused", async () => {
		const w = await world({ recover: { maxAgeSeconds: 2 }, confirm: true });
		await w.post("recover", { email: "alice@example.com" });
		const [mail] = await w.mails("alice@example.com");
		expect((await w.post("confirm", { token: w.tokenOf(mail!) })).status).toBe(400);
		await w.identity.changePassword(w.alice, "changed by the admin");
		expect((await w.post("reset", { token: w.tokenOf(mail!), password: "a new passphrase" })).status).toBe(400);
		w.mailer.clear();
		await w.post("recover", { email: "alice@example.com" });
		const [late] = await w.mails("alice@example.com");
		await new Promise((resolve) => setTimeout(resolve, 2100));
		expect((await w.post("reset", { token: w.tokenOf(late!), password: "a new passphrase" })).status).toBe(400);
	});

	test("the code works in place of the reset link", async () => {
		const w = await world();
		await w.post("recover", { email: "alice@example.com" });
		const [mail] = await w.mails("alice@example.com");
		expect((await w.post("reset", { email: "alice@example.com", code: mail!.code, password: "reset by code" })).status).toBe(200);
		expect((await w.post("login", { username: "alice", password: "reset by code" })).status).toBe(200);
	});
});

describe("change password and email (signed in, fresh)", () => {
	test("change-password keeps this session, ends the others, mails password-changed", async () => {
		const w = await world();
		const first = cookieHeader(await w.post("login", { username: "alice", password: "existing passphrase" }));
		const secondLogin = createIdentity({ store: w.store, secret: testSecret, session: { singleSession: false }, password: { hasher: cheap } });
		const request = new Request(`${ORIGIN}/login`, { method: "POST" });
		await secondLogin.loginUser(request, (await w.store.findUser("alice"))!);
		const other = cookieHeader(secondLogin.applyCookies(request, new Response(null)));
		const change = await w.post("change-password", { password: "existing passphrase", newPassword: "my next passphrase" }, { cookie: other, origin: ORIGIN });
		expect(change.status).toBe(200);
		const kept = cookieHeader(change, other);
		const me = w.identity.loginRequired(() => new Response("ok"));
		expect((await me(new Request(`${ORIGIN}/`, { headers: { accept: "application/json", cookie: kept } }))).status).toBe(200);
		expect((await me(new Request(`${ORIGIN}/`, { headers: { accept: "application/json", cookie: first } }))).status).toBe(401);
		expect((await w.mails("alice@example.com")).map((m) => m.kind)).toEqual(["password-changed"]);
		const wrong = await w.post("change-password", { password: "not it", newPassword: "another passphrase" }, { cookie: kept, origin: ORIGIN });
		expect(wrong.status).toBe(401);
	});

	test("a stale session must re-authenticate first; anonymous callers are refused", async () => {
		const w = await world();
		const request = new Request(`${ORIGIN}/login`, { method: "POST" });
		await w.identity.loginUser(request, w.alice, { fresh: false });
		const stale = cookieHeader(w.identity.applyCookies(request, new Response(null)));
		const refused = await w.post("change-password", { password: "existing passphrase", newPassword: "my next passphrase" }, { cookie: stale, origin: ORIGIN, accept: "application/json" });
		expect(refused.status).toBe(401);
		expect(await refused.json()).toMatchObject({ error: "reauthentication_required" });
		expect((await w.post("change-email", { email: "new@example.com" })).status).toBe(401);
	});

	test("change-email mails the new address (link and code) and the old one; the token sets the address", async () => {
		const w = await world();
		const cookie = cookieHeader(await w.post("login", { username: "alice", password: "existing passphrase" }));
		const asked = await w.post("change-email", { email: "alice@new.example" }, { cookie, origin: ORIGIN });
		expect(asked.status).toBe(202);
		const [link] = await w.mails("alice@new.example");
		expect(link!.kind).toBe("change-email");
		expect((await w.mails("alice@example.com")).map((m) => m.kind)).toEqual(["email-changed"]);
		const page = await w.identity.handle(new Request(link!.link!, { headers: { accept: "text/html" } }));
		expect(page.status).toBe(200);
		expect((await w.store.findUser("alice"))!.email).toBe("alice@example.com");
		const done = await w.post("change-email/confirm", { token: w.tokenOf(link!) });
		expect(done.status).toBe(200);
		expect((await w.store.findUser("alice"))!.email).toBe("alice@new.example");
		expect((await w.post("change-email/confirm", { token: w.tokenOf(link!) })).status).toBe(400);
	});
});

describe("mail", () => {
	test("a failing or hanging mailer changes nothing the client sees", async () => {
		for (const send of [async () => Promise.reject(new Error("SMTP down")), () => new Promise<void>(() => {})]) {
			const store = createMemoryStore();
			const identity = createIdentity({ store, secret: testSecret, mailer: { send }, flows: { register: true, confirm: true, recover: true }, password: { hasher: cheap } });
			await store.createUser({ username: "alice", email: "alice@example.com", password: await identity.hashPassword("x passphrase") });
			const started = performance.now();
			const response = await identity.handle(new Request(`${ORIGIN}/identity/recover`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: "alice@example.com" }) }));
			expect(response.status).toBe(202);
			expect(performance.now() - started).toBeLessThan(1000);
			const register = await identity.handle(new Request(`${ORIGIN}/identity/register`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "zed", email: "zed@example.com", password: "zed's passphrase" }) }));
			expect(register.status).toBe(202);
		}
	});

	test("no message carries a password or a hash; both bodies are present, the HTML escaped", async () => {
		const w = await world();
		await w.post("register", { username: "<b>lee</b>", email: "lee@example.com", password: "lee's secret passphrase" });
		await w.post("recover", { email: "alice@example.com" });
		for (const message of await w.mails()) {
			for (const secret of ["lee's secret passphrase", "existing passphrase", "$pbkdf2", (await w.store.findUser("alice"))!.password]) {
				expect(JSON.stringify(message)).not.toContain(secret);
			}
			expect(message.text.length).toBeGreaterThan(20);
			expect(message.html).toContain("<p>");
			expect(message.html).not.toContain("<b>lee</b>");
		}
	});
});
