import { describe, expect, test } from "vitest";
import { createIdentity } from "../identity.js";
import { isIdentityError } from "../errors.js";
import { openTestStore, testSecret } from "../../test/helpers.js";

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

	// Each of these was accepted by an earlier build (and then broke at the first request, or did
	// the opposite of what was asked); every one must fail at creation, naming the option.
	test.each([
		["cookie.sameSite", { cookie: { sameSite: "bogus" } }],
		["session.cookieName", { session: { cookieName: "bad name" } }],
		["remember.cookieName", { remember: { cookieName: "a;b" } }],
		["session.cookieName", { session: { cookieName: "__Host-mine" } }],
		["routes.enabled", { routes: { enabled: "no" } }],
		["cookie.secure", { cookie: { secure: "yes" } }],
		["session.singleSession", { session: { singleSession: "false" } }],
		["exemptMethods", { exemptMethods: "OPTIONS" }],
		["exemptMethods", { exemptMethods: ["OPT IONS"] }],
		["exemptResponse", { exemptResponse: "204" }],
		["rateLimit.maxPerIdentity", { rateLimit: { maxPerIdentity: -1 } }],
		["rateLimit.maxPerAddress", { rateLimit: { maxPerAddress: Number.NaN } }],
		["rateLimit.windowSeconds", { rateLimit: { windowSeconds: 0 } }],
		["rateLimit.storage", { rateLimit: { storage: "redis" } }],
		["rateLimit", { rateLimit: true }],
		["token.header", { token: { header: "" } }],
		["token.queryParam", { token: { queryParam: "a b" } }],
		["token.maxAgeSeconds", { token: { maxAgeSeconds: "30" } }],
		["cookie.domain", { cookie: { domain: "https://example.com" } }],
		["cookie.path", { cookie: { path: "nope" } }],
		["cookie.prefix", { cookie: { prefix: "__Host-" } }],
		["cookie.prefix", { cookie: { prefix: "host", domain: "example.com" } }],
		["cookie.sameSite", { cookie: { sameSite: "None", secure: false } }],
		["trustedOrigins", { trustedOrigins: ["https://partner.example/path"] }],
		["trustedOrigins", { trustedOrigins: "https://partner.example" }],
		["views.unauthorized", { views: { unauthorized: "/identity/login" } }],
		["password.minLength", { password: { minLength: 0 } }],
		["password.check", { password: { check: true } }],
		["securityPayload", { securityPayload: {} }],
		["events", { events: "log" }],
		["freshness.maxAgeSeconds", { freshness: { maxAgeSeconds: Number.POSITIVE_INFINITY } }],
		["secret", { secret: "change-me-change-me-change-me-change-me" }],
		["secret", { secret: "your-secret-here-0123456789-abcdefghijk" }],
		["secret", { secret: "abcdefgh".repeat(6) }],
		["secret[1]", { secret: [testSecret, "replace-me-with-a-real-secret-please-now"] }]
	])("rejects a bad %s: InvalidOptionsError naming it", (name, options) => {
		const error = creationError({ store, secret: testSecret, ...options });
		expect(isIdentityError(error), name).toBe(true);
		expect((error as Error).name).toBe("InvalidOptionsError");
		expect((error as { code: string }).code).toBe("ERR_INVALID_OPTIONS");
		expect((error as Error).message).toContain(`"${name}"`);
		expect((error as Error).message).not.toContain(testSecret);
	});

	test("accepts every documented value form", () => {
		expect(() =>
			createIdentity({
				store,
				secret: [testSecret, "an-older-secret-0123456789-qwertyuiopasdfgh"],
				exemptMethods: ["OPTIONS", "head"],
				exemptResponse: () => new Response(null, { status: 200 }),
				cookie: { secure: true, sameSite: "Strict", domain: "app.example", path: "/app", prefix: "secure" },
				session: { cookieName: "sid", singleSession: false },
				remember: { cookieName: "rid" },
				token: { header: "X-Api-Token", queryParam: "token" },
				rateLimit: false,
				trustedOrigins: ["https://partner.example"],
				views: { unauthenticated: null, unauthorized: "/no-access" },
				password: { minLength: 12 }
			})
		).not.toThrow();
	});
});
