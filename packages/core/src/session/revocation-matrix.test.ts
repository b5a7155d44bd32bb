// Revocation, with the user cache on (the default) and off: after each action every earlier
// credential of the user (session cookie, remember cookie, bearer token) is refused at the next
// request. An earlier build revived old cookies when a deactivated user was reactivated, and a
// password change left old sessions valid.
import { describe, expect, test } from "vitest";
import { cookieHeader, createTestWorld, testSecret } from "../../test/helpers.js";
import { createIdentity, type Identity, type IdentityStore, type UserRecord } from "../index.js";

type Action = (identity: Identity, store: IdentityStore, user: UserRecord) => Promise<unknown>;

const actions: [string, Action][] = [
	["identity.changePassword()", (identity, _store, user) => identity.changePassword(user, "a brand new passphrase")],
	["identity.resetUserAccess()", (identity, _store, user) => identity.resetUserAccess(user)],
	["store.deactivateUser()", (_identity, store, user) => store.deactivateUser(user)],
	["store.deactivateUser() then activateUser()", async (_identity, store, user) => {
		await store.deactivateUser(user);
		await store.activateUser(user);
	}],
	["store.toggleActive() twice", async (_identity, store, user) => {
		await store.toggleActive(user);
		await store.toggleActive(user);
	}],
	["store.setUniquifier()", (_identity, store, user) => store.setUniquifier(user)],
	["store.deleteUser()", (_identity, store, user) => store.deleteUser(user)]
];

describe.each([
	["user cache on", {}],
	["user cache off", { userCache: false as const }]
])("revocation (%s)", (_, options) => {
	test.each(actions)("%s ends the session cookie, the remember cookie and the bearer token", async (_name, act) => {
		const world = await createTestWorld({ session: { singleSession: false }, ...options });
		const { identity, store } = world;
		const user = await store.createUser({ username: `r-${Math.random()}`, password: await identity.hashPassword(world.password), roles: ["admin"] });
		const login = new Request("http://localhost/login", { method: "POST" });
		await identity.loginUser(login, user, { remember: true });
		const cookies = cookieHeader(identity.applyCookies(login, new Response(null)));
		const session = cookies.split("; ").find((c) => c.startsWith("identity_session="))!;
		const remember = cookies.split("; ").find((c) => c.startsWith("identity_remember="))!;
		const token = await identity.getAuthToken((await store.findUser({ id: user.id }))!);
		const guarded = identity.rolesRequired(() => new Response("ok"), "admin");
		const asks = {
			session: () => guarded(new Request("http://localhost/", { headers: { accept: "application/json", cookie: session } })),
			remember: () => guarded(new Request("http://localhost/", { headers: { accept: "application/json", cookie: remember } })),
			token: () => guarded(new Request("http://localhost/", { headers: { authorization: `Bearer ${token}` } }))
		};
		for (const [kind, ask] of Object.entries(asks)) expect((await ask()).status, `${kind} before`).toBe(200);
		await act(identity, store, (await store.findUser({ id: user.id }))!);
		for (const [kind, ask] of Object.entries(asks)) expect((await ask()).status, `${kind} after`).toBe(401);
	});
});

describe("changePassword()", () => {
	test("applies the password policy: too short is ERR_WEAK_PASSWORD and changes nothing", async () => {
		const world = await createTestWorld({ password: { minLength: 12, check: (password) => (password.includes("password") ? "Too guessable." : null) } });
		const before = (await world.store.findUser("plain"))!;
		await expect(world.identity.changePassword(before, "short")).rejects.toMatchObject({ code: "ERR_WEAK_PASSWORD" });
		await expect(world.identity.changePassword(before, "my password is long")).rejects.toMatchObject({ code: "ERR_WEAK_PASSWORD", message: "Too guessable." });
		expect((await world.store.findUser("plain"))!.password).toBe(before.password);
		await world.identity.changePassword(before, "correct horse battery staple 2");
		const after = (await world.store.findUser("plain"))!;
		expect(await world.identity.verifyPassword("correct horse battery staple 2", after.password)).toBe(true);
		expect(after.uniquifier).not.toBe(before.uniquifier);
	});
});

describe("the user cache across instances (another module copy, another process)", () => {
	test("a login elsewhere works here at once; a revocation elsewhere is seen within maxAgeSeconds", async () => {
		const world = await createTestWorld();
		// Another instance: the same data through a store object this identity does not hear from.
		const elsewhere = { ...world.store, subscribe: undefined };
		const here = createIdentity({ store: elsewhere, secret: testSecret, userCache: { maxAgeSeconds: 1 } });
		const me = here.loginRequired(() => new Response("ok"));
		const ask = (cookie: string) => me(new Request("http://localhost/", { headers: { accept: "application/json", cookie } }));
		const first = await loginAt(world.identity, world.users.editor);
		expect((await ask(first)).status).toBe(200); // cached here now
		const second = await loginAt(world.identity, world.users.editor); // rotates the uniquifier elsewhere
		expect((await ask(second)).status).toBe(200);
		await world.store.deactivateUser(world.users.editor);
		await new Promise((resolve) => setTimeout(resolve, 1100));
		expect((await ask(second)).status).toBe(401);
	});
});

async function loginAt(identity: Identity, user: UserRecord): Promise<string> {
	const request = new Request("http://localhost/login", { method: "POST" });
	await identity.loginUser(request, user);
	return cookieHeader(identity.applyCookies(request, new Response(null)));
}
