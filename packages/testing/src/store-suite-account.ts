import type { NewUser } from "@identity/core";
import { expect, test } from "vitest";
import type { StoreSuiteContext } from "./store-suite-context.js";

const hash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$bm90aGVyaGFzaGhhc2g";

/** Revocation: deactivation rotates the uniquifier, so reactivation revives nothing. */
export function defineRevocationTests(ctx: StoreSuiteContext): void {
	test("deactivateUser() rotates the uniquifier in the same write; activateUser() does not bring the old one back", async () => {
		const user = await ctx.createUser("revoked");
		expect(await ctx.store().deactivateUser(user)).toBe(true);
		const inactive = await ctx.store().findUser({ id: user.id });
		expect(inactive).toMatchObject({ active: false });
		expect(inactive?.uniquifier).not.toBe(user.uniquifier);
		expect(await ctx.store().findUser({ uniquifier: user.uniquifier })).toBeNull();
		expect(await ctx.store().activateUser(user)).toBe(true);
		const active = await ctx.store().findUser({ id: user.id });
		expect(active).toMatchObject({ active: true, uniquifier: inactive?.uniquifier });
		expect(await ctx.store().findUser({ uniquifier: user.uniquifier })).toBeNull();
		// Nothing changes for an already inactive user, not even the uniquifier.
		await ctx.store().deactivateUser(ctx.identity(user));
		const again = (await ctx.store().findUser({ id: user.id }))?.uniquifier;
		expect(await ctx.store().deactivateUser(user)).toBe(false);
		expect((await ctx.store().findUser({ id: user.id }))?.uniquifier).toBe(again);
	});

	test("toggleActive() rotates the uniquifier when it deactivates, keeps it when it activates", async () => {
		const user = await ctx.createUser("toggled");
		await ctx.store().toggleActive(user);
		const off = await ctx.store().findUser({ id: user.id });
		expect(off?.active).toBe(false);
		expect(off?.uniquifier).not.toBe(user.uniquifier);
		await ctx.store().toggleActive(ctx.identity(user));
		expect(await ctx.store().findUser({ id: user.id })).toMatchObject({ active: true, uniquifier: off?.uniquifier });
	});

	test("setPassword(), activateUser() and recordLogin() keep the uniquifier", async () => {
		const user = await ctx.createUser("kept", { active: false });
		await ctx.store().setPassword(user, "$other$hash");
		await ctx.store().activateUser(user);
		await ctx.store().recordLogin(user, { at: new Date(), address: null });
		expect((await ctx.store().findUser({ id: user.id }))?.uniquifier).toBe(user.uniquifier);
	});
}

/** Account flows: email addresses (unique ignoring case) and confirmation. */
export function defineAccountTests(ctx: StoreSuiteContext): void {
	const lacking = !ctx.has("accountFlows");
	const separate = () => ctx.store().identityField !== "email";
	/** A new user with this email: a second column, or the identity value itself. */
	const withEmail = (base: string, email: string, extra: Partial<NewUser> = {}): NewUser =>
		separate() ? { [ctx.store().identityField]: ctx.unique(base), email, password: hash, ...extra } : { email, password: hash, ...extra };

	test.skipIf(lacking)("createUser() stores email and confirmedAt; by default confirmedAt is null", async () => {
		const plain = await ctx.createUser("plain");
		expect(plain.confirmedAt).toBeNull();
		expect(plain.email).toBe(separate() ? null : ctx.identity(plain));
		expect(await ctx.store().findUser({ id: plain.id })).toEqual(plain);
		const email = ctx.email("Mixed.Case");
		const confirmedAt = new Date("2026-02-03T04:05:06.789Z");
		const user = await ctx.store().createUser(withEmail("mailed", email, { confirmedAt }));
		expect(user).toMatchObject({ email, confirmedAt });
		const fullwidth = email.replace(/[a-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
		for (const variant of [email, email.toLowerCase(), ` ${email.toUpperCase()} `, fullwidth]) {
			expect(await ctx.store().findUser({ email: variant })).toEqual(user);
		}
	});

	test.skipIf(lacking)("createUser() with an email another user has (ignoring case) throws ERR_USER_EXISTS and writes nothing", async () => {
		const email = ctx.email("taken");
		const first = await ctx.store().createUser(withEmail("first", email));
		const second = withEmail("second", email.toUpperCase());
		const error = await ctx.store().createUser(second).catch((e: unknown) => e);
		expect(error).toMatchObject({ code: "ERR_USER_EXISTS" });
		expect(String((error as Error).message).toLowerCase()).not.toContain(email.toLowerCase());
		expect(await ctx.store().findUser({ email })).toEqual(first);
		if (separate()) expect(await ctx.store().findUser(String(second[ctx.store().identityField]))).toBeNull();
	});

	test.skipIf(lacking)("findUser({ email }) is null for an absent, empty, oversized or malformed address", async () => {
		await ctx.createUser("someone");
		for (const email of [ctx.email("nobody"), "", " ", `${"x".repeat(5000)}@example.com`, "a\u0000b@example.com"]) {
			expect(await ctx.store().findUser({ email })).toBeNull();
		}
	});

	test.skipIf(lacking)("setEmail() changes the address (the identity value with identityField email); the old one stops matching", async () => {
		const [old, next] = [ctx.email("old"), ctx.email("next")];
		const user = await ctx.store().createUser(withEmail("moving", old, { confirmedAt: new Date(1_000) }));
		await ctx.full().setEmail(user, next);
		const moved = await ctx.store().findUser({ email: next.toUpperCase() });
		expect(moved).toMatchObject({ id: user.id, email: next, uniquifier: user.uniquifier, confirmedAt: new Date(1_000) });
		expect(await ctx.store().findUser({ email: old })).toBeNull();
		if (!separate()) expect(await ctx.store().findUser(next)).toEqual(moved);
		// The user's own address in another case is no clash.
		await ctx.full().setEmail(separate() ? ctx.identity(user) : next, next.toUpperCase());
		expect((await ctx.store().findUser({ id: user.id }))?.email).toBe(next.toUpperCase());
		// The freed address can be taken by someone else.
		expect((await ctx.store().createUser(withEmail("reuse", old))).email).toBe(old);
	});

	test.skipIf(lacking)("setEmail() with another user's address throws ERR_USER_EXISTS and writes nothing; unknown users and blank addresses throw", async () => {
		const [a, b] = [ctx.email("a"), ctx.email("b")];
		await ctx.store().createUser(withEmail("holder", a));
		const user = await ctx.store().createUser(withEmail("other", b));
		await expect(ctx.full().setEmail(user, ` ${a.toUpperCase()}`)).rejects.toMatchObject({ code: "ERR_USER_EXISTS" });
		expect(await ctx.store().findUser({ id: user.id })).toEqual(user);
		await expect(ctx.full().setEmail(ctx.unique("ghost"), ctx.email("c"))).rejects.toMatchObject({ code: "ERR_USER_NOT_FOUND" });
		for (const bad of ["", "   ", 42]) await expect(ctx.full().setEmail(user, bad as never)).rejects.toMatchObject({ code: "ERR_INVALID_ARGUMENT" });
		expect(await ctx.store().findUser({ id: user.id })).toEqual(user);
	});

	test.skipIf(lacking)("confirmUser() sets confirmedAt once (default now): true, then false, keeping the first time", async () => {
		const user = await ctx.createUser("confirm");
		const at = new Date("2026-04-05T06:07:08.009Z");
		expect(await ctx.full().confirmUser(user, at)).toBe(true);
		expect(await ctx.full().confirmUser(ctx.identity(user), new Date())).toBe(false);
		expect(await ctx.store().findUser({ id: user.id })).toMatchObject({ confirmedAt: at, uniquifier: user.uniquifier });
		const other = await ctx.createUser("confirm-now");
		expect(await ctx.full().confirmUser(ctx.identity(other))).toBe(true);
		const confirmedAt = (await ctx.store().findUser({ id: other.id }))?.confirmedAt;
		expect(confirmedAt).toBeInstanceOf(Date);
		expect(Math.abs((confirmedAt as Date).getTime() - Date.now())).toBeLessThan(60_000);
		await expect(ctx.full().confirmUser(ctx.unique("ghost"))).rejects.toMatchObject({ code: "ERR_USER_NOT_FOUND" });
		await expect(ctx.full().confirmUser(other, new Date(Number.NaN))).rejects.toMatchObject({ code: "ERR_INVALID_ARGUMENT" });
	});

	test.skipIf(lacking)("deleteUser() frees the email address", async () => {
		const email = ctx.email("freed");
		const user = await ctx.store().createUser(withEmail("leaving", email));
		expect(await ctx.store().deleteUser(user)).toBe(true);
		expect(await ctx.store().findUser({ email })).toBeNull();
		expect((await ctx.store().createUser(withEmail("arriving", email.toUpperCase()))).email).toBe(email.toUpperCase());
	});
}
