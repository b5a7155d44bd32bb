import { describe, expect, test } from "vitest";
import { createIdentity } from "./identity.js";
import { isIdentityError } from "./errors.js";
import { openTestStore, testSecret } from "../test/helpers.js";

const store = await openTestStore();

function creationError(options: Record<string, unknown>): unknown {
	try {
		createIdentity(options as never);
	} catch (error) {
		return error;
	}
	return null;
}

describe("createIdentity() options", () => {
	test("accepts a store and a 32-byte secret", () => {
		expect(() => createIdentity({ store, secret: testSecret })).not.toThrow();
	});

	test.each([
		["a missing store", { secret: testSecret }],
		["a store without the port's methods", { store: {}, secret: testSecret }],
		["a missing secret", { store }],
		["a short secret", { store, secret: "short-secret-0123456789" }],
		["a short secret in a rotation list", { store, secret: [testSecret, "short"] }],
		["an empty rotation list", { store, secret: [] }],
		["a low-entropy secret", { store, secret: "a".repeat(64) }],
		["an unknown option", { store, secret: testSecret, sesion: {} }],
		["an unknown nested option", { store, secret: testSecret, session: { cookeName: "x" } }],
		["an absolute post-login view", { store, secret: testSecret, views: { postLogin: "https://evil.example/" } }],
		["a protocol-relative view", { store, secret: testSecret, views: { postLogout: "//evil.example" } }],
		["a negative duration", { store, secret: testSecret, session: { maxAgeSeconds: -1 } }],
		["an unknown auth method", { store, secret: testSecret, authMethods: ["magic"] }]
	])("throws ERR_INVALID_OPTIONS at creation for %s", (_, options) => {
		const error = creationError(options);
		expect(isIdentityError(error)).toBe(true);
		expect((error as { code: string }).code).toBe("ERR_INVALID_OPTIONS");
		expect(String((error as Error).message)).not.toContain(testSecret);
	});
});
