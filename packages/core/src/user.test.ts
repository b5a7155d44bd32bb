import { describe, expect, test } from "vitest";
import type { AnonymousUser, UserRecord } from "./types.js";
import { hasRoles, toAuthenticatedUser } from "./user.js";

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

	test("works on bare store records too", () => {
		expect(hasRoles(record(["admin"]), "admin")).toBe(true);
	});
});
