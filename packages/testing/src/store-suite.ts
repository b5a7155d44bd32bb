import type { IdentityStoreWith, OptionalStoreMethod } from "@identity/core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { defineAccountTests, defineRevocationTests } from "./store-suite-account.js";
import { type DescribeStoreOptions, type StoreFactory, type StoreFixture, type StoreSuiteContext, allCapabilities, capabilityMethods } from "./store-suite-context.js";
import { defineAttemptTests, defineConcurrencyTests, defineTokenTests } from "./store-suite-concurrency.js";
import { definePasskeyTests } from "./store-suite-passkeys.js";
import { defineCaseTests, defineRoleTests } from "./store-suite-roles.js";
import { defineSubscriptionTests } from "./store-suite-subscription.js";
import { defineTwoFactorTests } from "./store-suite-two-factor.js";

export type { DescribeStoreOptions, StoreCapability, StoreFactory, StoreFixture } from "./store-suite-context.js";

const hash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA";

/**
 * The store conformance suite every `IdentityStore` runs: each port method, Flask-Identity's
 * return values, duplicates and unknown roles writing nothing, the case rules, revocation,
 * concurrency, and each optional method group the store declares (account flows, two-factor,
 * passkeys, attempt counters, single-use tokens). `factory` is called once for the suite.
 */
export function describeStore(name: string, factory: StoreFactory, options: DescribeStoreOptions = {}): void {
	if (options.skip) {
		console.warn(`describeStore(${name}) skipped: ${options.skip}`);
		describe.skip(`describeStore(${name})`, () => test("skipped", () => {}));
		return;
	}
	const capabilities = new Set(options.capabilities ?? allCapabilities);
	describe(`describeStore(${name})`, () => {
		let fixture: StoreFixture | undefined;
		let counter = 0;
		const run = Math.random().toString(36).slice(2, 8);
		const ctx: StoreSuiteContext = {
			store() {
				if (!fixture) throw new Error("The store factory failed");
				return fixture.store;
			},
			full: () => ctx.store() as IdentityStoreWith<OptionalStoreMethod>,
			has: (capability) => capabilities.has(capability),
			unique: (base) => `${base}-${run}-${++counter}`,
			email: (base) => `${ctx.unique(base)}@example.com`,
			createUser: (base, extra = {}) => ctx.store().createUser({ [ctx.store().identityField]: ctx.unique(base), password: hash, ...extra }),
			identity: (user) => String(user[ctx.store().identityField])
		};
		beforeAll(async () => {
			fixture = await factory();
		});
		afterAll(async () => {
			await fixture?.close?.();
		});
		test("the store has exactly the optional method groups its suite declares", () => {
			for (const [capability, methods] of Object.entries(capabilityMethods)) {
				const present = methods.filter((method) => typeof ctx.store()[method] === "function");
				expect([capability, present]).toEqual([capability, capabilities.has(capability as never) ? methods : []]);
			}
		});
		defineUserTests(ctx);
		defineRoleTests(ctx);
		defineCaseTests(ctx);
		defineRevocationTests(ctx);
		defineConcurrencyTests(ctx);
		defineAttemptTests(ctx);
		defineTokenTests(ctx);
		defineAccountTests(ctx);
		defineTwoFactorTests(ctx);
		definePasskeyTests(ctx);
		defineSubscriptionTests(ctx);
	});
}

function defineUserTests(ctx: StoreSuiteContext): void {
	const field = () => ctx.store().identityField;

	test("createUser() returns an active user with a random uniquifier and no roles", async () => {
		const a = await ctx.createUser("create");
		const b = await ctx.createUser("create");
		expect(a).toMatchObject({ active: true, password: hash, roles: [] });
		expect(typeof a.id).toBe("string");
		expect(a.uniquifier).toMatch(/^[0-9a-f]{32}$|^[A-Za-z0-9_-]{22,}$/);
		expect(a.uniquifier).not.toBe(b.uniquifier);
		expect(a.id).not.toBe(b.id);
		expect(a.createdAt).toBeInstanceOf(Date);
		expect(Math.abs(a.createdAt.getTime() - Date.now())).toBeLessThan(60_000);
	});

	test("findUser() finds by identity value, { id }, { uniquifier } and { <identity field> }", async () => {
		const user = await ctx.createUser("find");
		const identity = user[field()] as string;
		for (const query of [identity, { id: user.id }, { uniquifier: user.uniquifier }, { [field()]: identity }]) {
			expect(await ctx.store().findUser(query)).toEqual(user);
		}
	});

	test("findUser() returns null for anything absent, empty or oversized", async () => {
		for (const query of [ctx.unique("nobody"), "", " ", "x".repeat(5000), "a\u0000b", { id: "missing" }, { id: "" }, { uniquifier: "missing" }]) {
			expect(await ctx.store().findUser(query)).toBeNull();
		}
	});

	test("findUser() refuses a query on an unknown field", async () => {
		await expect(ctx.store().findUser({ nosuchfield: "x" })).rejects.toMatchObject({ code: "ERR_INVALID_ARGUMENT" });
	});

	test("createUser() with a taken identity throws ERR_USER_EXISTS and leaves the user unchanged", async () => {
		const user = await ctx.createUser("dup");
		const error = await ctx.store().createUser({ [field()]: user[field()], password: "other", active: false }).catch((e: unknown) => e);
		expect(error).toMatchObject({ code: "ERR_USER_EXISTS" });
		expect(String((error as Error).message)).not.toContain(user[field()] as string);
		expect(await ctx.store().findUser({ id: user.id })).toEqual(user);
	});

	test("createUser() takes active, uniquifier and roles by name (Flask-Identity's create_user(roles=[...]))", async () => {
		const role = await ctx.store().createRole({ name: ctx.unique("role") });
		const uniquifier = ctx.unique("fixed-uniquifier");
		const user = await ctx.createUser("with-roles", { active: false, uniquifier, roles: [role.name] });
		expect(user).toMatchObject({ active: false, uniquifier, roles: [role.name] });
		expect(await ctx.store().findUser({ uniquifier })).toEqual(user);
	});

	test("createUser() with an unknown role throws ERR_ROLE_NOT_FOUND and writes no user", async () => {
		const role = await ctx.store().createRole({ name: ctx.unique("known") });
		const identity = ctx.unique("no-role");
		const attempt = ctx.store().createUser({ [field()]: identity, password: hash, roles: [role.name, ctx.unique("unknown")] });
		await expect(attempt).rejects.toMatchObject({ code: "ERR_ROLE_NOT_FOUND" });
		expect(await ctx.store().findUser(identity)).toBeNull();
		expect((await ctx.createUser("after-rollback", { roles: [role] })).roles).toEqual([role.name]);
	});

	test("createUser() refuses a missing identity or password and unknown fields", async () => {
		for (const bad of [{ password: hash }, { [field()]: ctx.unique("nopass") }, { [field()]: "", password: hash }, { [field()]: ctx.unique("x"), password: hash, nosuchfield: 1 }]) {
			await expect(ctx.store().createUser(bad as never)).rejects.toMatchObject({ code: "ERR_INVALID_ARGUMENT" });
		}
	});

	test("activateUser() / deactivateUser() report a change; toggleActive() always returns true", async () => {
		const user = await ctx.createUser("active");
		expect(await ctx.store().activateUser(user)).toBe(false);
		expect(await ctx.store().deactivateUser(user)).toBe(true);
		expect(await ctx.store().deactivateUser(user[field()] as string)).toBe(false);
		expect((await ctx.store().findUser({ id: user.id }))?.active).toBe(false);
		expect(await ctx.store().activateUser(user)).toBe(true);
		expect(await ctx.store().toggleActive(user)).toBe(true);
		expect((await ctx.store().findUser({ id: user.id }))?.active).toBe(false);
		expect(await ctx.store().toggleActive(user[field()] as string)).toBe(true);
		expect((await ctx.store().findUser({ id: user.id }))?.active).toBe(true);
	});

	test("setUniquifier() rotates or sets the value and returns it; the old one stops matching", async () => {
		const user = await ctx.createUser("rotate");
		const next = await ctx.store().setUniquifier(user);
		expect(next).not.toBe(user.uniquifier);
		expect(await ctx.store().findUser({ uniquifier: user.uniquifier })).toBeNull();
		expect((await ctx.store().findUser({ uniquifier: next }))?.id).toBe(user.id);
		const fixed = ctx.unique("fixed");
		expect(await ctx.store().setUniquifier(user[field()] as string, fixed)).toBe(fixed);
		expect((await ctx.store().findUser({ id: user.id }))?.uniquifier).toBe(fixed);
	});

	test("setPassword() replaces the hash; recordLogin() keeps Flask-Identity's trackable fields", async () => {
		const user = await ctx.createUser("track");
		await ctx.store().setPassword(user, "$new$hash");
		const first = new Date("2026-01-01T10:00:00.123Z");
		const second = new Date("2026-01-02T11:00:00.456Z");
		await ctx.store().recordLogin(user, { at: first, address: "10.9.8.7" });
		await ctx.store().recordLogin(user[field()] as string, { at: second, address: "10.9.8.8" });
		expect(await ctx.store().findUser({ id: user.id })).toMatchObject({
			password: "$new$hash",
			lastLoginAt: first,
			currentLoginAt: second,
			lastLoginAddress: "10.9.8.7",
			currentLoginAddress: "10.9.8.8",
			loginCount: 2
		});
	});

	test("methods on an unknown user throw ERR_USER_NOT_FOUND; deleteUser() returns false", async () => {
		const ghost = ctx.unique("ghost");
		for (const call of [
			() => ctx.store().activateUser(ghost),
			() => ctx.store().deactivateUser(ghost),
			() => ctx.store().toggleActive(ghost),
			() => ctx.store().setUniquifier(ghost),
			() => ctx.store().setPassword(ghost, hash),
			() => ctx.store().recordLogin(ghost, { at: new Date(), address: null })
		]) {
			await expect(call()).rejects.toMatchObject({ code: "ERR_USER_NOT_FOUND" });
		}
		expect(await ctx.store().deleteUser(ghost)).toBe(false);
	});

	test("deleteUser() removes the user and its links, not the role", async () => {
		const role = await ctx.store().createRole({ name: ctx.unique("kept") });
		const user = await ctx.createUser("delete", { roles: [role.name] });
		expect(await ctx.store().deleteUser(user)).toBe(true);
		expect(await ctx.store().deleteUser(user)).toBe(false);
		expect(await ctx.store().findUser({ id: user.id })).toBeNull();
		expect(await ctx.store().findRole(role.name)).toEqual(role);
		await ctx.store().commit();
	});

	test("listUsers() pages through users with their roles", async () => {
		const role = await ctx.store().createRole({ name: ctx.unique("listed") });
		const made = [await ctx.createUser("list", { roles: [role] }), await ctx.createUser("list")];
		const all = await ctx.store().listUsers({ limit: 10_000 });
		for (const user of made) expect(all.find((u) => u.id === user.id)).toEqual(user);
		expect(await ctx.store().listUsers({ limit: 1 })).toHaveLength(1);
		expect((await ctx.store().listUsers({ limit: 1, offset: 1 }))[0]).toEqual(all[1]);
		await expect(ctx.store().listUsers({ limit: -1 })).rejects.toMatchObject({ code: "ERR_INVALID_ARGUMENT" });
	});
}
