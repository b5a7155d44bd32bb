import { beforeAll, describe, expect, test } from "vitest";
import { decodeBase64urlIgnorePadding } from "@oslojs/encoding";
import { verifyAuthentication } from "./authentication.js";
import { verifyRegistration } from "./registration.js";
import { readCredentialId } from "./response.js";
import { b64, createSoftwareAuthenticator, encodeCbor, flags, sha256, utf8, type CborValue, type SoftwareAuthenticator } from "./software-authenticator.test-helper.js";
import type { AuthenticationResponseJSON } from "./types.js";

const rpId = "example.com";
const origin = "https://example.com";
const challenge = crypto.getRandomValues(new Uint8Array(32));
const ceremony = { challenge, origin, rpId };

let es256: SoftwareAuthenticator;
let rs256: SoftwareAuthenticator;
let other: SoftwareAuthenticator;
beforeAll(async () => {
	[es256, rs256, other] = await Promise.all([createSoftwareAuthenticator(-7), createSoftwareAuthenticator(-257), createSoftwareAuthenticator(-7)]);
});

function expectedFor(authenticator: SoftwareAuthenticator, options: Record<string, unknown> = {}) {
	return { challenge, origins: [origin], rpId, publicKey: b64(authenticator.cosePublicKey), algorithm: authenticator.algorithm, requireUserVerification: true, ...options };
}

async function refused(response: unknown, reason: string, authenticator = es256, options: Record<string, unknown> = {}) {
	expect(await verifyAuthentication(response, expectedFor(authenticator, options) as never)).toEqual({ ok: false, reason });
}

function withResponse(response: AuthenticationResponseJSON, changes: Partial<AuthenticationResponseJSON["response"]>): AuthenticationResponseJSON {
	return { ...response, response: { ...response.response, ...changes } };
}

describe("verifyAuthentication() accepts real assertions", () => {
	test.each([["ES256", -7], ["RS256", -257]] as const)("%s, end to end from registration", async (_, algorithm) => {
		const authenticator = algorithm === -7 ? es256 : rs256;
		const registration = await verifyRegistration(await authenticator.register(ceremony), { challenge, origins: [origin], rpId });
		if (!registration.ok) throw new Error(registration.reason);
		const { publicKey, algorithm: stored } = registration.credential;
		const response = await authenticator.authenticate({ ...ceremony, counter: 7, userHandle: utf8("user-handle-1") });
		const result = await verifyAuthentication(response, { challenge, origins: [origin], rpId, publicKey, algorithm: stored, requireUserVerification: true });
		expect(result).toEqual({ ok: true, credentialId: b64(authenticator.credentialId), counter: 7, userHandle: b64(utf8("user-handle-1")), userVerified: true });
	});

	test("the counter is reported as sent (the caller refuses one that goes backwards)", async () => {
		for (const counter of [0, 1, 2 ** 32 - 1]) {
			const result = await verifyAuthentication(await es256.authenticate({ ...ceremony, counter }), expectedFor(es256));
			expect(result.ok && result.counter).toBe(counter);
		}
	});

	test("a missing, null or empty user handle is null", async () => {
		const response = await es256.authenticate({ ...ceremony, userHandle: null });
		for (const userHandle of [null, undefined, ""]) {
			const result = await verifyAuthentication(withResponse(response, { userHandle }), expectedFor(es256));
			expect(result.ok && result.userHandle).toBeNull();
		}
	});

	test("user verification off passes only when not required, and is reported", async () => {
		const response = await es256.authenticate({ ...ceremony, flags: flags.up });
		const result = await verifyAuthentication(response, expectedFor(es256, { requireUserVerification: false }));
		expect(result.ok && result.userVerified).toBe(false);
		await refused(response, "user_not_verified");
	});

	test("extension outputs announced by the ED flag are signed and accepted", async () => {
		const trailer = encodeCbor(new Map<CborValue, CborValue>([["appid", false]]));
		const response = await es256.authenticate({ ...ceremony, flags: flags.up | flags.uv | flags.ed, trailer });
		expect((await verifyAuthentication(response, expectedFor(es256))).ok).toBe(true);
	});

	test("readCredentialId() names the credential to look up before verifying", async () => {
		const response = await es256.authenticate(ceremony);
		expect(readCredentialId(response)).toBe(b64(es256.credentialId));
		expect(readCredentialId(await es256.register(ceremony))).toBe(b64(es256.credentialId));
		for (const bad of [null, {}, { ...response, rawId: "x" }, { ...response, type: "x" }, { ...response, id: "!" }]) expect(readCredentialId(bad)).toBeNull();
	});
});

describe("verifyAuthentication() refuses each broken check", () => {
	test("wrong origin", async () => {
		await refused(await es256.authenticate({ ...ceremony, clientData: { origin: "https://evil.example" } }), "origin_not_allowed");
		await refused(await es256.authenticate({ ...ceremony, clientData: { origin: "https://example.com." } }), "origin_not_allowed");
	});

	test("wrong client data type", async () => {
		await refused(await es256.authenticate({ ...ceremony, clientData: { type: "webauthn.create" } }), "wrong_type");
	});

	test("wrong challenge", async () => {
		await refused(await es256.authenticate({ ...ceremony, challenge: crypto.getRandomValues(new Uint8Array(32)) }), "challenge_mismatch");
		await refused(await es256.authenticate(ceremony), "challenge_mismatch", es256, { challenge: crypto.getRandomValues(new Uint8Array(32)) });
	});

	test("a cross-origin ceremony", async () => {
		await refused(await es256.authenticate({ ...ceremony, clientData: { crossOrigin: true, extra: { topOrigin: "https://evil.example" } } }), "cross_origin");
	});

	test("wrong rp id hash", async () => {
		await refused(await es256.authenticate({ ...ceremony, rpIdHash: await sha256(utf8("evil.example")) }), "rp_id_mismatch");
		await refused(await es256.authenticate({ ...ceremony, rpIdHash: new Uint8Array(32) }), "rp_id_mismatch");
	});

	test("user presence off", async () => {
		await refused(await es256.authenticate({ ...ceremony, flags: flags.uv }), "user_not_present");
	});

	test("user verification off when required", async () => {
		await refused(await es256.authenticate({ ...ceremony, flags: flags.up }), "user_not_verified");
	});

	test.each([["ES256", -7], ["RS256", -257]] as const)("%s: a bad signature (one bit flipped)", async (_, algorithm) => {
		const authenticator = algorithm === -7 ? es256 : rs256;
		const response = await authenticator.authenticate(ceremony);
		const signature = decodeBase64urlIgnorePadding(response.response.signature);
		// Flip a bit inside r (ECDSA, past the DER header) or anywhere (RSA).
		signature[10] = (signature[10] as number) ^ 0x01;
		await refused(withResponse(response, { signature: b64(signature) }), "bad_signature", authenticator);
	});

	test("signed data changed after signing: the counter, the flags, the client data", async () => {
		const bumpCounter = await es256.authenticate({ ...ceremony, afterSigning: ({ authenticatorData }) => void (authenticatorData[36] = (authenticatorData[36] as number) + 1) });
		await refused(bumpCounter, "bad_signature");
		const withBackup = await es256.authenticate({ ...ceremony, afterSigning: ({ authenticatorData }) => void (authenticatorData[32] = (authenticatorData[32] as number) | flags.be) });
		await refused(withBackup, "bad_signature");
		const response = await es256.authenticate(ceremony);
		const clientData = JSON.parse(new TextDecoder().decode(decodeBase64urlIgnorePadding(response.response.clientDataJSON))) as Record<string, unknown>;
		await refused(withResponse(response, { clientDataJSON: b64(utf8(JSON.stringify({ ...clientData, extra: 1 }))) }), "bad_signature");
	});

	test("a signature by a different key", async () => {
		await refused(await es256.authenticate({ ...ceremony, signingKey: other.keys.privateKey }), "bad_signature");
	});

	test("verified against a different stored key", async () => {
		await refused(await es256.authenticate(ceremony), "bad_signature", other);
	});

	test("an ECDSA signature that is not DER (raw r||s) or has trailing bytes", async () => {
		await refused(await es256.authenticate({ ...ceremony, rawSignature: true }), "bad_signature");
		const response = await es256.authenticate(ceremony);
		const signature = decodeBase64urlIgnorePadding(response.response.signature);
		await refused(withResponse(response, { signature: b64(new Uint8Array([...signature, 0])) }), "bad_signature");
	});

	test("a stored algorithm that is not the key's, or not supported", async () => {
		await refused(await es256.authenticate(ceremony), "invalid_public_key", es256, { algorithm: -257 });
		await refused(await es256.authenticate(ceremony), "unsupported_algorithm", es256, { algorithm: -8 });
		await refused(await rs256.authenticate(ceremony), "invalid_public_key", rs256, { algorithm: -7 });
	});

	test("a stored public key that is garbage", async () => {
		for (const publicKey of ["", "!!!", b64(new Uint8Array([0xa1])), b64(crypto.getRandomValues(new Uint8Array(77)))]) {
			await refused(await es256.authenticate(ceremony), "invalid_public_key", es256, { publicKey });
		}
	});

	test("authenticator data that is truncated, carries attested credential data, or has stray bytes", async () => {
		const response = await es256.authenticate(ceremony);
		const data = decodeBase64urlIgnorePadding(response.response.authenticatorData);
		for (const length of [1, 32, 36]) await refused(withResponse(response, { authenticatorData: b64(data.slice(0, length)) }), "malformed_authenticator_data");
		await refused(await es256.authenticate({ ...ceremony, flags: flags.up | flags.uv | flags.at }), "malformed_authenticator_data");
		await refused(await es256.authenticate({ ...ceremony, trailer: new Uint8Array([0xa0]) }), "malformed_authenticator_data");
	});

	test("a user handle over 64 bytes or not base64url", async () => {
		await refused(await es256.authenticate({ ...ceremony, userHandle: new Uint8Array(65) }), "malformed_response");
		const response = await es256.authenticate(ceremony);
		await refused(withResponse(response, { userHandle: "a+b" }), "malformed_response");
		await refused(withResponse(response, { userHandle: 5 as unknown as string }), "malformed_response");
	});

	test("oversized input is refused before it is decoded", async () => {
		const response = await es256.authenticate(ceremony);
		await refused(withResponse(response, { signature: b64(new Uint8Array(1025)) }), "too_large");
		await refused(withResponse(response, { authenticatorData: "A".repeat(30_000) }), "too_large");
		await refused(await es256.authenticate({ ...ceremony, clientData: { extra: { pad: "x".repeat(9000) } } }), "too_large");
	});

	test("a response not shaped like an AuthenticationResponseJSON", async () => {
		const good = await es256.authenticate(ceremony);
		for (const shape of [
			null,
			"x",
			[],
			{ ...good, type: "public-key-ish" },
			{ ...good, rawId: b64(other.credentialId) },
			{ ...good, response: { ...good.response, signature: undefined } },
			{ ...good, response: { ...good.response, authenticatorData: null } },
			{ ...good, response: { ...good.response, clientDataJSON: "%%%" } }
		]) {
			await refused(shape, "malformed_response");
		}
	});

	test("never throws on random mutations, and a mutation of signed bytes never verifies", async () => {
		const response = await es256.authenticate(ceremony);
		const parts = ["clientDataJSON", "authenticatorData", "signature"] as const;
		for (let i = 0; i < 300; i++) {
			const part = parts[i % 3] as (typeof parts)[number];
			const bytes = decodeBase64urlIgnorePadding(response.response[part] as string);
			const position = Math.floor(Math.random() * bytes.byteLength);
			bytes[position] = (bytes[position] as number) ^ (1 << Math.floor(Math.random() * 8));
			const result = await verifyAuthentication(withResponse(response, { [part]: b64(bytes) }), expectedFor(es256) as never);
			expect(result.ok).toBe(false);
		}
	});

	test("throws ERR_INVALID_ARGUMENT for misuse", async () => {
		const response = await es256.authenticate(ceremony);
		for (const bad of [
			{ challenge: new Uint8Array(15) },
			{ origins: [""] },
			{ rpId: 5 },
			{ requireUserVerification: undefined },
			{ publicKey: undefined },
			{ algorithm: "ES256" }
		]) {
			await expect(verifyAuthentication(response, expectedFor(es256, bad) as never)).rejects.toMatchObject({ code: "ERR_INVALID_ARGUMENT" });
		}
	});
});
