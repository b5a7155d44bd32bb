import type { NewPasskey, UserRecord } from "@identity/core";
import { expect, test } from "vitest";
import type { StoreSuiteContext } from "./store-suite-context.js";

// A COSE EC2 P-256 key and an RS256 one, base64url (the store keeps them opaque).
const es256Key = "pQECAyYgASFYIBXZ0nYxV2g4q7k3V2bE6m7B0c2yH2b8iSx4kG9HqRcaIlggV5n1jQ0r6o6j1vR0tY0m1tXf3Zl4n6u8x2a9c0b7d1I";
const rs256Key = `pAEDAzkBACBZAQ${"A".repeat(340)}IUMBAAE`;

/** Passkeys (WebAuthn credentials): storage, the counter compare-and-set, ownership (optional port methods). */
export function definePasskeyTests(ctx: StoreSuiteContext): void {
	const lacking = !ctx.has("passkeys");
	// ctx.unique() yields base64url-safe text: a stand-in for a credential id.
	const passkey = (extra: Partial<NewPasskey> = {}): NewPasskey => ({ id: ctx.unique("cred"), name: "YubiKey 5", publicKey: es256Key, algorithm: -7, counter: 0, ...extra });
	const withPasskey = async (base: string, extra: Partial<NewPasskey> = {}): Promise<{ user: UserRecord; id: string }> => {
		const user = await ctx.createUser(base);
		const added = await ctx.full().addPasskey(user, passkey(extra));
		return { user, id: added.id };
	};

	test.skipIf(lacking)("addPasskey() returns the record; findPasskey() and listPasskeys() (oldest first, own only) return it", async () => {
		const store = ctx.full();
		const user = await ctx.createUser("pk-add");
		const input = passkey({ transports: ["usb", "nfc"], counter: 3 });
		const added = await store.addPasskey(user, input);
		expect(added).toEqual({ ...input, userId: user.id, createdAt: expect.any(Date), lastUsedAt: null });
		expect(Math.abs(added.createdAt.getTime() - Date.now())).toBeLessThan(60_000);
		expect(await store.findPasskey(added.id)).toEqual(added);
		const second = await store.addPasskey(ctx.identity(user), passkey({ name: "Phone", publicKey: rs256Key, algorithm: -257 }));
		expect(second).toMatchObject({ transports: [], algorithm: -257, publicKey: rs256Key });
		expect(await store.listPasskeys(user)).toEqual([added, second]);
		expect(await store.listPasskeys(ctx.identity(user))).toEqual([added, second]);
		expect(await store.listPasskeys(await ctx.createUser("pk-none"))).toEqual([]);
	});

	test.skipIf(lacking)("addPasskey() with a credential id already stored (any user's) throws and writes nothing; ids are case-sensitive", async () => {
		const store = ctx.full();
		const { user, id } = await withPasskey("pk-owner");
		const other = await ctx.createUser("pk-thief");
		await expect(store.addPasskey(other, passkey({ id, name: "Mine now" }))).rejects.toMatchObject({ code: "ERR_PASSKEY_EXISTS" });
		await expect(store.addPasskey(user, passkey({ id }))).rejects.toMatchObject({ code: "ERR_PASSKEY_EXISTS" });
		expect(await store.findPasskey(id)).toMatchObject({ userId: user.id, name: "YubiKey 5" });
		expect(await store.listPasskeys(other)).toEqual([]);
		const upper = await store.addPasskey(other, passkey({ id: id.toUpperCase() }));
		expect(upper.userId).toBe(other.id);
		expect((await store.findPasskey(id))?.userId).toBe(user.id);
		expect(await store.findPasskey(id.toLowerCase() === id ? `${id}x` : id.toLowerCase())).toBeNull();
	});

	test.skipIf(lacking)("updatePasskeyCounter() stores a higher counter and the time; an equal or lower one is false and changes nothing", async () => {
		const store = ctx.full();
		const { id } = await withPasskey("pk-counter", { counter: 5 });
		const [t1, t2] = [new Date("2026-06-01T00:00:00.001Z"), new Date("2026-06-02T00:00:00.002Z")];
		expect(await store.updatePasskeyCounter(id, 5, t1)).toBe(false);
		expect(await store.updatePasskeyCounter(id, 4, t1)).toBe(false);
		expect(await store.findPasskey(id)).toMatchObject({ counter: 5, lastUsedAt: null });
		expect(await store.updatePasskeyCounter(id, 6, t1)).toBe(true);
		expect(await store.updatePasskeyCounter(id, 0, t2)).toBe(false);
		expect(await store.updatePasskeyCounter(id, 0xffff_ffff, t2)).toBe(true);
		expect(await store.findPasskey(id)).toMatchObject({ counter: 0xffff_ffff, lastUsedAt: t2 });
		expect(await store.updatePasskeyCounter(ctx.unique("cred-missing"), 9, t1)).toBe(false);
	});

	test.skipIf(lacking)("updatePasskeyCounter() with both counters 0 is true every time (an authenticator that keeps no counter)", async () => {
		const store = ctx.full();
		const { id } = await withPasskey("pk-zero");
		const times = [1, 2, 3].map((day) => new Date(Date.UTC(2026, 6, day)));
		for (const at of times.slice(0, 2)) {
			expect(await store.updatePasskeyCounter(id, 0, at)).toBe(true);
			expect((await store.findPasskey(id))?.lastUsedAt).toEqual(at);
		}
		expect(await store.updatePasskeyCounter(id, 1, times[2] as Date)).toBe(true);
		expect(await store.updatePasskeyCounter(id, 0, times[2] as Date)).toBe(false);
		expect(await store.findPasskey(id)).toMatchObject({ counter: 1, lastUsedAt: times[2] });
	});

	test.skipIf(lacking)("deletePasskey() deletes only the user's own passkey", async () => {
		const store = ctx.full();
		const { user, id } = await withPasskey("pk-delete");
		const other = await ctx.createUser("pk-delete-other");
		expect(await store.deletePasskey(other, id)).toBe(false);
		expect(await store.deletePasskey(ctx.unique("ghost"), id)).toBe(false);
		expect(await store.findPasskey(id)).not.toBeNull();
		expect(await store.deletePasskey(ctx.identity(user), id)).toBe(true);
		expect(await store.deletePasskey(user, id)).toBe(false);
		expect(await store.findPasskey(id)).toBeNull();
		expect(await store.listPasskeys(user)).toEqual([]);
	});

	test.skipIf(lacking)("passkey methods: unknown users and ids find nothing, addPasskey() throws ERR_USER_NOT_FOUND, bad arguments ERR_INVALID_ARGUMENT", async () => {
		const store = ctx.full();
		const ghost = ctx.unique("ghost");
		expect(await store.listPasskeys(ghost)).toEqual([]);
		await expect(store.addPasskey(ghost, passkey())).rejects.toMatchObject({ code: "ERR_USER_NOT_FOUND" });
		for (const id of [ctx.unique("cred-missing"), "", "not base64url!", "x".repeat(5000)]) expect(await store.findPasskey(id)).toBeNull();
		const user = await ctx.createUser("pk-bad");
		for (const bad of [
			{ id: "not base64url!" },
			{ id: "" },
			{ id: "x".repeat(1365) },
			{ name: "" },
			{ publicKey: "" },
			{ algorithm: 1.5 },
			{ counter: -1 },
			{ counter: 2 ** 32 },
			{ transports: "usb" }
		]) {
			await expect(store.addPasskey(user, passkey(bad as never))).rejects.toMatchObject({ code: "ERR_INVALID_ARGUMENT" });
		}
		expect(await store.listPasskeys(user)).toEqual([]);
		// The longest credential id WebAuthn allows (1023 bytes) is stored and found.
		const longest = ctx.unique("long").padEnd(1364, "x");
		expect((await store.addPasskey(user, passkey({ id: longest }))).id).toBe(longest);
		expect((await store.findPasskey(longest))?.userId).toBe(user.id);
		const { id } = await withPasskey("pk-bad-counter");
		for (const [counter, at] of [[-1, new Date()], [2 ** 32, new Date()], [1.5, new Date()], [1, new Date(Number.NaN)]] as const) {
			await expect(store.updatePasskeyCounter(id, counter, at)).rejects.toMatchObject({ code: "ERR_INVALID_ARGUMENT" });
		}
	});

	test.skipIf(lacking)("concurrent updatePasskeyCounter() with one counter: exactly one true", async () => {
		const store = ctx.full();
		const { id } = await withPasskey("pk-race", { counter: 1 });
		const results = await Promise.all(Array.from({ length: 20 }, () => store.updatePasskeyCounter(id, 7, new Date())));
		expect(results.filter(Boolean)).toHaveLength(1);
		expect((await store.findPasskey(id))?.counter).toBe(7);
	});

	test.skipIf(lacking)("deleteUser() deletes the user's passkeys; the credential id may be registered again", async () => {
		const store = ctx.full();
		const { user, id } = await withPasskey("pk-cascade");
		expect(await store.deleteUser(user)).toBe(true);
		expect(await store.findPasskey(id)).toBeNull();
		expect(await store.listPasskeys(user)).toEqual([]);
		const next = await ctx.createUser("pk-cascade-next");
		expect((await store.addPasskey(next, passkey({ id }))).userId).toBe(next.id);
	});
}
