import { expect, test } from "vitest";
import type { StoreSuiteContext } from "./store-suite-context.js";

/** Roles: creation, lookup, duplicates, and Flask-Identity's add/remove return values. */
export function defineRoleTests(ctx: StoreSuiteContext): void {
	test("createRole() / findRole() by name, { name } and { id }; absent is null", async () => {
		const role = await ctx.store().createRole({ name: ctx.unique("editor"), description: "Edits" });
		expect(role).toMatchObject({ name: role.name, description: "Edits" });
		for (const query of [role.name, { name: role.name }, { id: role.id }]) expect(await ctx.store().findRole(query)).toEqual(role);
		expect(await ctx.store().findRole(ctx.unique("none"))).toBeNull();
		expect(await ctx.store().findRole({ id: "missing" })).toBeNull();
		expect((await ctx.store().createRole({ name: ctx.unique("bare") })).description ?? null).toBeNull();
	});

	test("createRole() with a taken name throws ERR_ROLE_EXISTS and changes nothing", async () => {
		const role = await ctx.store().createRole({ name: ctx.unique("dup-role"), description: "first" });
		await expect(ctx.store().createRole({ name: role.name, description: "second" })).rejects.toMatchObject({ code: "ERR_ROLE_EXISTS" });
		expect(await ctx.store().findRole(role.name)).toEqual(role);
		expect((await ctx.store().listRoles()).filter((r) => r.name === role.name)).toHaveLength(1);
	});

	test("addRoleToUser() / removeRoleFromUser() return whether anything changed (records or names)", async () => {
		const role = await ctx.store().createRole({ name: ctx.unique("admin") });
		const user = await ctx.createUser("granted");
		const identity = user[ctx.store().identityField] as string;
		expect(await ctx.store().addRoleToUser(identity, role.name)).toBe(true);
		expect(await ctx.store().addRoleToUser(user, role)).toBe(false);
		expect((await ctx.store().findUser(identity))?.roles).toEqual([role.name]);
		expect(await ctx.store().removeRoleFromUser(user, role.name)).toBe(true);
		expect(await ctx.store().removeRoleFromUser(identity, role)).toBe(false);
		expect((await ctx.store().findUser(identity))?.roles).toEqual([]);
	});

	test("a user record lists its role names, sorted, and sees grants at once", async () => {
		const [b, a] = [await ctx.store().createRole({ name: ctx.unique("b-role") }), await ctx.store().createRole({ name: ctx.unique("a-role") })];
		const user = await ctx.createUser("two-roles", { roles: [b.name, a] });
		expect(user.roles).toEqual([a.name, b.name]);
		expect((await ctx.store().findUser({ id: user.id }))?.roles).toEqual([a.name, b.name]);
		await ctx.store().removeRoleFromUser(user, a);
		expect((await ctx.store().findUser({ uniquifier: user.uniquifier }))?.roles).toEqual([b.name]);
	});

	test("role changes on an unknown user or role throw ERR_USER_NOT_FOUND / ERR_ROLE_NOT_FOUND", async () => {
		const role = await ctx.store().createRole({ name: ctx.unique("real") });
		const user = await ctx.createUser("real");
		await expect(ctx.store().addRoleToUser(ctx.unique("ghost"), role)).rejects.toMatchObject({ code: "ERR_USER_NOT_FOUND" });
		await expect(ctx.store().addRoleToUser(user, ctx.unique("ghost-role"))).rejects.toMatchObject({ code: "ERR_ROLE_NOT_FOUND" });
		await expect(ctx.store().removeRoleFromUser(user, ctx.unique("ghost-role"))).rejects.toMatchObject({ code: "ERR_ROLE_NOT_FOUND" });
		await expect(ctx.store().removeRoleFromUser(ctx.unique("ghost"), role.name)).rejects.toMatchObject({ code: "ERR_USER_NOT_FOUND" });
	});

	test("listRoles() returns every role sorted by name", async () => {
		const names = [ctx.unique("zz-list"), ctx.unique("aa-list")];
		for (const name of names) await ctx.store().createRole({ name });
		const listed = (await ctx.store().listRoles()).map((role) => role.name);
		expect(listed).toEqual(expect.arrayContaining(names));
		expect(listed).toEqual([...listed].sort());
	});
}

/** Case and normalisation: identity values fold (NFKC, trim, lowercase); role names and uniquifiers are exact. */
export function defineCaseTests(ctx: StoreSuiteContext): void {
	test("identity values are case-insensitive: Alice and alice are one user, displayed as created", async () => {
		const field = ctx.store().identityField;
		const base = ctx.unique("Alice");
		const user = await ctx.store().createUser({ [field]: base, password: "x" });
		expect(user[field]).toBe(base);
		for (const variant of [base.toLowerCase(), base.toUpperCase(), ` ${base} `]) {
			expect((await ctx.store().findUser(variant))?.id).toBe(user.id);
			expect((await ctx.store().findUser({ [field]: variant }))?.[field]).toBe(base);
		}
		await expect(ctx.store().createUser({ [field]: base.toLowerCase(), password: "x" })).rejects.toMatchObject({ code: "ERR_USER_EXISTS" });
		expect(await ctx.store().deactivateUser(base.toUpperCase())).toBe(true);
	});

	test("identity values are NFKC-normalised: fullwidth letters match", async () => {
		const field = ctx.store().identityField;
		const base = ctx.unique("bob");
		const user = await ctx.store().createUser({ [field]: base, password: "x" });
		const fullwidth = base.replace(/[a-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
		expect((await ctx.store().findUser(fullwidth))?.id).toBe(user.id);
	});

	test("role names and uniquifiers are exact: Admin and admin are two roles", async () => {
		const name = ctx.unique("Admin");
		const upper = await ctx.store().createRole({ name });
		const lower = await ctx.store().createRole({ name: name.toLowerCase() });
		expect(upper.id).not.toBe(lower.id);
		expect(await ctx.store().findRole(name.toUpperCase())).toBeNull();
		const user = await ctx.createUser("exact", { uniquifier: ctx.unique("MiXeD") });
		expect(await ctx.store().findUser({ uniquifier: user.uniquifier.toLowerCase() })).toBeNull();
		expect(await ctx.store().findUser({ uniquifier: `${user.uniquifier} ` })).toBeNull();
		expect(await ctx.store().findRole(`${name} `)).toBeNull();
	});
}
