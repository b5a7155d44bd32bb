import { expect, test } from "vitest";
import type { StoreSuiteContext } from "./store-suite.js";

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

/** The rate limiter's shared counters (optional port methods). */
export function defineAttemptTests(ctx: StoreSuiteContext): void {
	const supported = () => Boolean(ctx.store().readAttempts && ctx.store().addAttempt && ctx.store().clearAttempts);

	test("addAttempt() counts within a window, readAttempts() expires it, clearAttempts() resets it", async () => {
		// A store without the optional methods has nothing to check (bun:test passes no context).
		if (!supported()) return;
		const store = ctx.store() as Required<ReturnType<StoreSuiteContext["store"]>>;
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

	test("addAttempt() is atomic under concurrency and accepts long or unusual keys", async () => {
		if (!supported()) return;
		const store = ctx.store() as Required<ReturnType<StoreSuiteContext["store"]>>;
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
