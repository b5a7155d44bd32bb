import { describe, expect, test } from "vitest";
import { authenticationOptions, createWebAuthnChallenge, registrationOptions } from "./options.js";
import { b64 } from "./software-authenticator.test-helper.js";

const challenge = crypto.getRandomValues(new Uint8Array(32));
const user = { id: new Uint8Array([1, 2, 3, 4]), name: "alice@example.com", displayName: "Alice" };

describe("registrationOptions()", () => {
	test("builds PublicKeyCredentialCreationOptionsJSON with base64url fields", () => {
		const options = registrationOptions({ rpId: "example.com", rpName: "Example", user, challenge, excludeCredentialIds: ["AAEC", "AwQF"] });
		expect(options).toEqual({
			rp: { id: "example.com", name: "Example" },
			user: { id: "AQIDBA", name: "alice@example.com", displayName: "Alice" },
			challenge: b64(challenge),
			pubKeyCredParams: [
				{ type: "public-key", alg: -7 },
				{ type: "public-key", alg: -257 }
			],
			timeout: 300_000,
			excludeCredentials: [
				{ type: "public-key", id: "AAEC" },
				{ type: "public-key", id: "AwQF" }
			],
			authenticatorSelection: { residentKey: "preferred", requireResidentKey: false, userVerification: "preferred" },
			attestation: "none"
		});
		// It survives JSON, as a route sends it.
		expect(JSON.parse(JSON.stringify(options))).toEqual(options);
	});

	test("takes the user handle as base64url too, and defaults to no exclusions", () => {
		const options = registrationOptions({ rpId: "example.com", rpName: "Example", user: { ...user, id: "AQIDBA" }, challenge, timeoutSeconds: 60 });
		expect(options.user.id).toBe("AQIDBA");
		expect(options.excludeCredentials).toEqual([]);
		expect(options.timeout).toBe(60_000);
	});

	test("throws ERR_INVALID_ARGUMENT for misuse", () => {
		const base = { rpId: "example.com", rpName: "Example", user, challenge };
		for (const bad of [
			{ ...base, rpId: "" },
			{ ...base, rpName: undefined },
			{ ...base, user: null },
			{ ...base, user: { ...user, id: new Uint8Array(0) } },
			{ ...base, user: { ...user, id: new Uint8Array(65) } },
			{ ...base, user: { ...user, id: "not base64url!" } },
			{ ...base, user: { ...user, name: "" } },
			{ ...base, user: { ...user, displayName: 3 } },
			{ ...base, challenge: new Uint8Array(15) },
			{ ...base, challenge: b64(challenge) },
			{ ...base, excludeCredentialIds: ["a+b"] },
			{ ...base, excludeCredentialIds: "AAEC" },
			{ ...base, timeoutSeconds: 0 },
			{ ...base, timeoutSeconds: 1.5 }
		]) {
			expect(() => registrationOptions(bad as never)).toThrow(expect.objectContaining({ code: "ERR_INVALID_ARGUMENT" }));
		}
	});
});

describe("authenticationOptions()", () => {
	test("builds PublicKeyCredentialRequestOptionsJSON for discoverable credentials", () => {
		expect(authenticationOptions({ rpId: "example.com", challenge })).toEqual({
			challenge: b64(challenge),
			rpId: "example.com",
			timeout: 300_000,
			userVerification: "required",
			allowCredentials: []
		});
	});

	test("throws ERR_INVALID_ARGUMENT for a short challenge or no rp id", () => {
		expect(() => authenticationOptions({ rpId: "example.com", challenge: new Uint8Array(8) })).toThrow(expect.objectContaining({ code: "ERR_INVALID_ARGUMENT" }));
		expect(() => authenticationOptions({ rpId: "", challenge })).toThrow(expect.objectContaining({ code: "ERR_INVALID_ARGUMENT" }));
	});
});

test("createWebAuthnChallenge() returns 32 fresh random bytes", () => {
	const a = createWebAuthnChallenge();
	expect(a.byteLength).toBe(32);
	expect(a).not.toEqual(createWebAuthnChallenge());
});
