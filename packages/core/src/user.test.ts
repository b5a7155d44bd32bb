import { describe, expect, test } from "vitest";
import type { AnonymousUser, UserRecord } from "./types.js";
import { fromUserTemplate, hasRoles, toAuthenticatedUser, toUserTemplate } from "./user.js";

const record = (roles: string[]): UserRecord => ({ id: "1", password: "h", active: true, uniquifier: "u", roles, createdAt: new Date() });
const ab = toAuthenticatedUser(record(["a", "b"]));
const defaultAnonymousUser: AnonymousUser = { isAuthenticated: false, isAnonymous: true, isActive: false, roles: [] };

describe("hasRoles()", () => {
	test("follows Flask-Identity: AND of requirements, an array is an OR group", () => {
		expect(hasRoles(ab, "a", ["x", "b"])).toBe(true);
		expect(hasRoles(ab, "a", ["x", "y"])).toBe(false);
		expect(hasRoles(ab, "a", "b")).toBe(true);
		expect(hasRoles(ab, "c")).toBe(false);
	});

	test("no requirements is true, an empty group is false", () => {
		expect(hasRoles(ab)).toBe(true);
		expect(hasRoles(ab, [])).toBe(false);
	});

	test("matching is case-sensitive, as in Flask-Identity", () => {
		expect(hasRoles(ab, "A")).toBe(false);
	});

	test("the anonymous user and missing users have no roles", () => {
		expect(hasRoles(defaultAnonymousUser)).toBe(false);
		expect(hasRoles(null, "a")).toBe(false);
		expect(hasRoles(undefined)).toBe(false);
	});

	test("gives the same answers for a long role list (searched through a Set)", () => {
		const many = toAuthenticatedUser(record(Array.from({ length: 40 }, (_, i) => `r${i}`)));
		expect(hasRoles(many, "r0", "r39", ["x", "r17"])).toBe(true);
		expect(hasRoles(many, "r0", ["x", "y"])).toBe(false);
		expect(hasRoles(many, "R1")).toBe(false);
		expect(hasRoles(many, [])).toBe(false);
	});

	test("works on bare store records too", () => {
		expect(hasRoles(record(["admin"]), "admin")).toBe(true);
	});
});

describe("the authenticated user object", () => {
	const stored = (): UserRecord => ({
		id: "7",
		username: "ada",
		password: "$argon2id$v=19$m=19456,t=2,p=1$secret-hash",
		active: true,
		uniquifier: "uq-secret",
		roles: ["admin"],
		createdAt: new Date(0),
		email: "ada@example.com"
	});

	test("password and uniquifier are readable but never serialised, spread, listed or inspected", async () => {
		const { inspect } = await import("node:util");
		for (const user of [toAuthenticatedUser(stored()), fromUserTemplate(toUserTemplate(stored()))]) {
			expect(user.password).toBe("$argon2id$v=19$m=19456,t=2,p=1$secret-hash");
			expect(user.uniquifier).toBe("uq-secret");
			expect("password" in user).toBe(true);
			for (const shown of [JSON.stringify(user), JSON.stringify({ ...user }), inspect(user, { depth: 5 }), Object.keys(user).join()]) {
				expect(shown).not.toContain("secret-hash");
				expect(shown).not.toContain("uq-secret");
			}
			expect(Object.keys(user)).toEqual(["id", "username", "active", "roles", "createdAt", "email", "isAuthenticated", "isAnonymous", "isActive"]);
			expect(Object.getOwnPropertySymbols(user)).toEqual([]);
			// A plain object: React Server Components and devalue refuse anything else.
			expect(Object.getPrototypeOf(user)).toBe(Object.prototype);
			expect(Object.getOwnPropertyDescriptor(user, "password")).toMatchObject({ enumerable: false, writable: true });
			expect(Object.getOwnPropertyDescriptor(user, "uniquifier")).toMatchObject({ enumerable: false, writable: true });
			expect("password" in structuredClone(user)).toBe(false);
		}
	});

	test("a template's users equal toAuthenticatedUser's, and each is its own: changes reach neither the record nor the next user", () => {
		const record = stored();
		const template = toUserTemplate(record);
		const first = fromUserTemplate(template);
		expect(JSON.stringify(first)).toBe(JSON.stringify(toAuthenticatedUser(record)));
		expect(first).toEqual(toAuthenticatedUser(record));
		(first as unknown as { username: string }).username = "mallory";
		first.roles.push("root");
		(first as { password: string }).password = "changed";
		(first as { uniquifier: string }).uniquifier = "changed too";
		expect(first.password).toBe("changed");
		expect(first.uniquifier).toBe("changed too");
		expect(Object.keys(first)).not.toContain("password");
		expect(JSON.stringify(first)).not.toContain("changed");
		const second = fromUserTemplate(template);
		expect((second as unknown as { username: string }).username).toBe("ada");
		expect(second.roles).toEqual(["admin"]);
		expect(second.password).toBe(record.password);
		expect(second.uniquifier).toBe("uq-secret");
		expect(record.roles).toEqual(["admin"]);
		expect(record.username).toBe("ada");
		expect(hasRoles(second, "root")).toBe(false);
	});

	test("inherited and non-enumerable record fields are not copied; a record without roles gets an empty list", () => {
		const record = Object.assign(Object.create({ inherited: "no" }) as UserRecord, { id: "1", password: "h", active: false, uniquifier: "u", createdAt: new Date(0) });
		Object.defineProperty(record, "internal", { value: "no", enumerable: false });
		for (const user of [toAuthenticatedUser(record), fromUserTemplate(toUserTemplate(record))]) {
			expect(Object.keys(user)).toEqual(["id", "active", "createdAt", "roles", "isAuthenticated", "isAnonymous", "isActive"]);
			expect(user.roles).toEqual([]);
			expect(user.isActive).toBe(false);
		}
	});
});
