import { expect, test } from "vitest";
import type { StoreSuiteContext } from "./store-suite-context.js";

/** A keyed hash as core stores it (base64url HMAC-SHA-256). */
function codeHash(n: number): string {
	return `rc${n}_${"Zm9vYmFy".repeat(5)}`;
}

/** TOTP two-factor state, its compare-and-set step and recovery codes (optional port methods). */
export function defineTwoFactorTests(ctx: StoreSuiteContext): void {
	const lacking = !ctx.has("twoFactor");
	const enabled = async (base: string, codes: string[] = []) => {
		const user = await ctx.createUser(base);
		await ctx.full().setTwoFactor(user, { secret: `sealed:${ctx.unique("secret")}`, enabledAt: new Date(), recoveryCodes: codes });
		return user;
	};

	test.skipIf(lacking)("getTwoFactor() is null until setTwoFactor(); a new state starts at step 0 with the codes given", async () => {
		const store = ctx.full();
		const user = await ctx.createUser("tf-new");
		expect(await store.getTwoFactor(user)).toBeNull();
		await store.setTwoFactor(user, { secret: "sealed:one", enabledAt: null, recoveryCodes: [codeHash(1), codeHash(2), codeHash(3)] });
		expect(await store.getTwoFactor(ctx.identity(user))).toEqual({ secret: "sealed:one", enabledAt: null, lastStep: 0, recoveryCodesLeft: 3 });
		const other = await ctx.createUser("tf-new-bare");
		await store.setTwoFactor(other, { secret: "sealed:two", enabledAt: null });
		expect(await store.getTwoFactor(other)).toEqual({ secret: "sealed:two", enabledAt: null, lastStep: 0, recoveryCodesLeft: 0 });
	});

	test.skipIf(lacking)("setTwoFactor() keeps lastStep and the codes when they are absent, replaces them when given", async () => {
		const store = ctx.full();
		const user = await ctx.createUser("tf-update");
		await store.setTwoFactor(user, { secret: "sealed:a", enabledAt: null, lastStep: 5, recoveryCodes: [codeHash(1), codeHash(2)] });
		const enabledAt = new Date("2026-05-06T07:08:09.010Z");
		await store.setTwoFactor(user, { secret: "sealed:b", enabledAt });
		expect(await store.getTwoFactor(user)).toEqual({ secret: "sealed:b", enabledAt, lastStep: 5, recoveryCodesLeft: 2 });
		await store.setTwoFactor(user, { secret: "sealed:b", enabledAt, lastStep: 7, recoveryCodes: [codeHash(3), codeHash(3)] });
		expect(await store.getTwoFactor(user)).toEqual({ secret: "sealed:b", enabledAt, lastStep: 7, recoveryCodesLeft: 1 });
		expect(await store.takeRecoveryCode(user, codeHash(1))).toBe(false);
		expect(await store.takeRecoveryCode(user, codeHash(3))).toBe(true);
		await store.setTwoFactor(user, { secret: "sealed:b", enabledAt, recoveryCodes: [] });
		expect((await store.getTwoFactor(user))?.recoveryCodesLeft).toBe(0);
	});

	test.skipIf(lacking)("setTwoFactor(user, null) deletes the state and every recovery code", async () => {
		const store = ctx.full();
		const user = await enabled("tf-off", [codeHash(1)]);
		await store.advanceTotpStep(user, 50);
		await store.setTwoFactor(user, null);
		expect(await store.getTwoFactor(user)).toBeNull();
		expect(await store.takeRecoveryCode(user, codeHash(1))).toBe(false);
		expect(await store.advanceTotpStep(user, 51)).toBe(false);
		await store.setTwoFactor(ctx.identity(user), { secret: "sealed:again", enabledAt: null });
		expect(await store.getTwoFactor(user)).toEqual({ secret: "sealed:again", enabledAt: null, lastStep: 0, recoveryCodesLeft: 0 });
		await store.setTwoFactor(user, null);
		await store.setTwoFactor(user, null);
	});

	test.skipIf(lacking)("advanceTotpStep() accepts only a later step than the stored one, and stores it", async () => {
		const store = ctx.full();
		const user = await ctx.createUser("tf-step");
		expect(await store.advanceTotpStep(user, 10)).toBe(false);
		await store.setTwoFactor(user, { secret: "sealed:s", enabledAt: null });
		expect(await store.advanceTotpStep(user, 0)).toBe(false);
		expect(await store.advanceTotpStep(user, 59_000_000)).toBe(true);
		expect(await store.advanceTotpStep(ctx.identity(user), 59_000_000)).toBe(false);
		expect(await store.advanceTotpStep(user, 58_999_999)).toBe(false);
		expect(await store.advanceTotpStep(user, 59_000_001)).toBe(true);
		expect((await store.getTwoFactor(user))?.lastStep).toBe(59_000_001);
	});

	test.skipIf(lacking)("takeRecoveryCode() takes each code once; unknown hashes and another user's codes are false", async () => {
		const store = ctx.full();
		const user = await enabled("tf-codes", [codeHash(1), codeHash(2)]);
		const other = await enabled("tf-codes-other", [codeHash(3)]);
		expect(await store.takeRecoveryCode(user, codeHash(3))).toBe(false);
		expect(await store.takeRecoveryCode(user, codeHash(9))).toBe(false);
		expect(await store.takeRecoveryCode(user, codeHash(1))).toBe(true);
		expect(await store.takeRecoveryCode(ctx.identity(user), codeHash(1))).toBe(false);
		expect((await store.getTwoFactor(user))?.recoveryCodesLeft).toBe(1);
		expect(await store.takeRecoveryCode(other, codeHash(3))).toBe(true);
		expect(await store.takeRecoveryCode(user, "")).toBe(false);
	});

	test.skipIf(lacking)("two-factor methods: unknown users find nothing, writes throw ERR_USER_NOT_FOUND, bad arguments ERR_INVALID_ARGUMENT", async () => {
		const store = ctx.full();
		const ghost = ctx.unique("ghost");
		expect(await store.getTwoFactor(ghost)).toBeNull();
		expect(await store.advanceTotpStep(ghost, 1)).toBe(false);
		expect(await store.takeRecoveryCode(ghost, codeHash(1))).toBe(false);
		await expect(store.setTwoFactor(ghost, { secret: "sealed:x", enabledAt: null })).rejects.toMatchObject({ code: "ERR_USER_NOT_FOUND" });
		const user = await ctx.createUser("tf-bad");
		for (const state of [
			{ secret: "", enabledAt: null },
			{ secret: "sealed:x", enabledAt: new Date(Number.NaN) },
			{ secret: "sealed:x", enabledAt: null, lastStep: -1 },
			{ secret: "sealed:x", enabledAt: null, lastStep: 1.5 },
			{ secret: "sealed:x", enabledAt: null, recoveryCodes: [""] },
			{ secret: "sealed:x", enabledAt: null, recoveryCodes: "abc" }
		]) {
			await expect(store.setTwoFactor(user, state as never)).rejects.toMatchObject({ code: "ERR_INVALID_ARGUMENT" });
		}
		for (const step of [-1, 1.5, Number.NaN, "1"]) await expect(store.advanceTotpStep(user, step as never)).rejects.toMatchObject({ code: "ERR_INVALID_ARGUMENT" });
		expect(await store.getTwoFactor(user)).toBeNull();
	});

	test.skipIf(lacking)("concurrent advanceTotpStep() with one step: exactly one true, for 2 and for 20 callers", async () => {
		const store = ctx.full();
		for (const callers of [2, 20]) {
			const user = await enabled(`tf-race-${callers}`);
			const results = await Promise.all(Array.from({ length: callers }, () => store.advanceTotpStep(user, 1000)));
			expect(results.filter(Boolean)).toHaveLength(1);
			expect((await store.getTwoFactor(user))?.lastStep).toBe(1000);
		}
		// Different steps at once: the latest wins and nothing earlier is stored after it.
		const user = await enabled("tf-race-mixed");
		const steps = [7, 3, 9, 1, 8, 2, 10, 4, 6, 5];
		const results = await Promise.all(steps.map((step) => store.advanceTotpStep(user, step)));
		expect(results[steps.indexOf(10)]).toBe(true);
		expect((await store.getTwoFactor(user))?.lastStep).toBe(10);
	});

	test.skipIf(lacking)("concurrent takeRecoveryCode() of one code: exactly one true", async () => {
		const store = ctx.full();
		const user = await enabled("tf-code-race", [codeHash(1), codeHash(2)]);
		const results = await Promise.all(Array.from({ length: 20 }, () => store.takeRecoveryCode(user, codeHash(1))));
		expect(results.filter(Boolean)).toHaveLength(1);
		expect((await store.getTwoFactor(user))?.recoveryCodesLeft).toBe(1);
	});

	test.skipIf(lacking)("deleteUser() deletes the two-factor state and recovery codes", async () => {
		const store = ctx.full();
		const user = await enabled("tf-deleted", [codeHash(1)]);
		expect(await store.deleteUser(user)).toBe(true);
		expect(await store.getTwoFactor(user)).toBeNull();
		expect(await store.takeRecoveryCode(user, codeHash(1))).toBe(false);
		expect(await store.advanceTotpStep(user, 5)).toBe(false);
		const again = await ctx.store().createUser({ [ctx.store().identityField]: ctx.identity(user), password: user.password });
		expect(await store.getTwoFactor(again)).toBeNull();
	});
}
