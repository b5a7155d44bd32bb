import { expect, test } from "vitest";
import type { StoreSuiteContext } from "./store-suite-context.js";

function codes(results: PromiseSettledResult<unknown>[]): string[] {
	return results.filter((r) => r.status === "rejected").map((r) => String((r.reason as { code?: unknown }).code));
}

/** Concurrent writers: unique constraints hold, grants, revokes and rotations stay consistent. */
export function defineConcurrencyTests(ctx: StoreSuiteContext): void {
	test("100 concurrent createUser() with one identity: exactly one user, 99 ERR_USER_EXISTS", async () => {
		const field = ctx.store().identityField;
		const identity = ctx.unique("race");
		const role = await ctx.store().createRole({ name: ctx.unique("race-role") });
		const results = await Promise.allSettled(
			Array.from({ length: 100 }, (_, i) =>
				ctx.store().createUser({ [field]: i % 2 ? identity : identity.toUpperCase(), password: `h${i}`, roles: i % 3 ? [role.name] : [] })
			)
		);
		expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
		expect(codes(results)).toEqual(Array(99).fill("ERR_USER_EXISTS"));
		const users = (await ctx.store().listUsers({ limit: 10_000 })).filter((u) => String(u[field]).toLowerCase() === identity.toLowerCase());
		expect(users).toHaveLength(1);
	});

	test("concurrent createRole() with one name: exactly one role", async () => {
		const name = ctx.unique("race-role");
		const results = await Promise.allSettled(Array.from({ length: 20 }, () => ctx.store().createRole({ name })));
		expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
		expect(codes(results)).toEqual(Array(19).fill("ERR_ROLE_EXISTS"));
	});

	test("concurrent grants and revokes: each link changes exactly once", async () => {
		const user = await ctx.createUser("grants");
		const roles = await Promise.all(Array.from({ length: 8 }, () => ctx.store().createRole({ name: ctx.unique("g") })));
		const grants = await Promise.all(roles.flatMap((role) => [1, 2, 3].map(() => ctx.store().addRoleToUser(user, role.name))));
		expect(grants.filter(Boolean)).toHaveLength(roles.length);
		expect((await ctx.store().findUser({ id: user.id }))?.roles).toEqual(roles.map((r) => r.name).sort());
		const revokes = await Promise.all(roles.flatMap((role) => [1, 2, 3].map(() => ctx.store().removeRoleFromUser(user, role))));
		expect(revokes.filter(Boolean)).toHaveLength(roles.length);
		expect((await ctx.store().findUser({ id: user.id }))?.roles).toEqual([]);
	});

	test("concurrent setUniquifier(): the stored value is one of those returned, and only it matches", async () => {
		const user = await ctx.createUser("rotations");
		const values = await Promise.all(Array.from({ length: 20 }, () => ctx.store().setUniquifier(user)));
		expect(new Set(values).size).toBe(values.length);
		const stored = (await ctx.store().findUser({ id: user.id }))?.uniquifier;
		expect(values).toContain(stored);
		const matching = await Promise.all(values.map((uniquifier) => ctx.store().findUser({ uniquifier })));
		expect(matching.filter((u) => u !== null)).toHaveLength(1);
	});

	test("concurrent toggleActive() calls all apply (no lost updates)", async () => {
		const user = await ctx.createUser("toggles");
		await Promise.all(Array.from({ length: 10 }, () => ctx.store().toggleActive(user)));
		expect((await ctx.store().findUser({ id: user.id }))?.active).toBe(true);
		await Promise.all(Array.from({ length: 7 }, () => ctx.store().toggleActive(user)));
		expect((await ctx.store().findUser({ id: user.id }))?.active).toBe(false);
	});
}

/** The rate limiter's shared counters (optional port methods): skipped, visibly, for a store without them. */
export function defineAttemptTests(ctx: StoreSuiteContext): void {
	const lacking = !ctx.has("attempts");

	test.skipIf(lacking)("addAttempt() counts within a window, readAttempts() expires it, clearAttempts() resets it", async () => {
		const store = ctx.full();
		const key = ctx.unique("identity:alice");
		const now = new Date("2026-03-01T12:00:00.000Z");
		const resetAt = new Date(now.getTime() + 900_000);
		expect(await store.readAttempts(key, now)).toBeNull();
		expect(await store.addAttempt(key, 900, now)).toEqual({ count: 1, resetAt });
		expect(await store.addAttempt(key, 900, new Date(now.getTime() + 1000))).toEqual({ count: 2, resetAt });
		expect(await store.readAttempts(key, new Date(resetAt.getTime() - 1))).toEqual({ count: 2, resetAt });
		expect(await store.readAttempts(key, resetAt)).toBeNull();
		const later = new Date(resetAt.getTime() + 5);
		expect(await store.addAttempt(key, 60, later)).toEqual({ count: 1, resetAt: new Date(later.getTime() + 60_000) });
		await store.clearAttempts(key);
		expect(await store.readAttempts(key, later)).toBeNull();
	});

	test.skipIf(lacking)("addAttempt() is atomic under concurrency and accepts long or unusual keys", async () => {
		const store = ctx.full();
		const now = new Date();
		for (const key of [ctx.unique("address:2001:db8::/64"), `identity:${ctx.unique("x".repeat(2000))}`, ctx.unique("nul\u0000key")]) {
			const counts = await Promise.all(Array.from({ length: 25 }, () => store.addAttempt(key, 900, now)));
			expect(counts.map((c) => c.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
			expect((await store.readAttempts(key, now))?.count).toBe(25);
		}
		const other = ctx.unique("other");
		expect(await store.readAttempts(other, now)).toBeNull();
	});
}

/** Single-use tokens (optional port method `consumeToken`). */
export function defineTokenTests(ctx: StoreSuiteContext): void {
	const lacking = !ctx.has("tokens");
	const inAnHour = () => new Date(Date.now() + 3_600_000);

	test.skipIf(lacking)("consumeToken() is true once per key, then false until the key expires", async () => {
		const store = ctx.full();
		const [key, other] = [ctx.unique("reset:jti"), ctx.unique("reset:jti")];
		expect(await store.consumeToken(key, inAnHour())).toBe(true);
		expect(await store.consumeToken(key, inAnHour())).toBe(false);
		expect(await store.consumeToken(key, new Date(Date.now() + 86_400_000))).toBe(false);
		expect(await store.consumeToken(other, inAnHour())).toBe(true);
		expect(await store.consumeToken(other, inAnHour())).toBe(false);
		expect(await store.consumeToken(key.toUpperCase(), inAnHour())).toBe(true);
	});

	test.skipIf(lacking)("consumeToken() takes long and unusual keys and tells near-identical ones apart", async () => {
		const store = ctx.full();
		const long = ctx.unique("x".repeat(3000));
		for (const key of [`${long}a`, `${long}b`, ctx.unique("nul\u0000key"), ctx.unique("ünïcödé ✓")]) {
			expect(await store.consumeToken(key, inAnHour())).toBe(true);
			expect(await store.consumeToken(key, inAnHour())).toBe(false);
		}
	});

	test.skipIf(lacking)("consumeToken() refuses an empty key or an invalid expiry with ERR_INVALID_ARGUMENT", async () => {
		const store = ctx.full();
		for (const call of [() => store.consumeToken("", inAnHour()), () => store.consumeToken(ctx.unique("k"), new Date(Number.NaN)), () => store.consumeToken(ctx.unique("k"), "soon" as never)]) {
			await expect(call()).rejects.toMatchObject({ code: "ERR_INVALID_ARGUMENT" });
		}
	});

	test.skipIf(lacking)("100 concurrent consumeToken() with one key: exactly one true (and one per key for 10 keys at once)", async () => {
		const store = ctx.full();
		const key = ctx.unique("challenge");
		const results = await Promise.all(Array.from({ length: 100 }, () => store.consumeToken(key, inAnHour())));
		expect(results.filter(Boolean)).toHaveLength(1);
		const keys = Array.from({ length: 10 }, () => ctx.unique("many"));
		const mixed = await Promise.all(keys.flatMap((k) => Array.from({ length: 5 }, () => store.consumeToken(k, inAnHour()).then((ok) => (ok ? k : null)))));
		expect(mixed.filter((k) => k !== null).sort()).toEqual([...keys].sort());
	});
}
