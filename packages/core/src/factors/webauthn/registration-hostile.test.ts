import { beforeAll, describe, expect, test } from "vitest";
import { decodeBase64urlIgnorePadding } from "@oslojs/encoding";
import { verifyRegistration } from "./registration.js";
import { b64, createSoftwareAuthenticator, encodeCbor, flags, sha256, type CborValue, type SoftwareAuthenticator, testRelyingParty } from "./software-authenticator.test-helper.js";

const { rpId, origin, challenge, expected, ceremony } = testRelyingParty();

let es256: SoftwareAuthenticator;
beforeAll(async () => {
	es256 = await createSoftwareAuthenticator(-7);
});

async function refused(response: unknown, reason: string, options: Partial<Parameters<typeof verifyRegistration>[1]> = {}) {
	expect(await verifyRegistration(response, { ...expected, ...options })).toEqual({ ok: false, reason });
}

describe("verifyRegistration() refuses hostile and malformed input", () => {
	test("truncated or trailing CBOR in the attestation object, at every length", async () => {
		const response = await es256.register(ceremony);
		const full = decodeBase64urlIgnorePadding(response.response.attestationObject);
		for (let length = 0; length < full.byteLength; length++) {
			const cut = { ...response, response: { ...response.response, attestationObject: b64(full.slice(0, length)) } };
			const result = await verifyRegistration(cut, expected);
			expect(result.ok).toBe(false);
		}
		const trailing = { ...response, response: { ...response.response, attestationObject: b64(new Uint8Array([...full, 0])) } };
		await refused(trailing, "invalid_attestation");
	});

	test("bytes after the key without the ED flag, or ED with a trailer that is not one map", async () => {
		await refused(await es256.register({ ...ceremony, trailer: new Uint8Array([0]) }), "malformed_authenticator_data");
		await refused(await es256.register({ ...ceremony, flags: flags.up | flags.uv | flags.at | flags.ed }), "malformed_authenticator_data");
		await refused(await es256.register({ ...ceremony, flags: flags.up | flags.uv | flags.at | flags.ed, trailer: encodeCbor([1]) }), "malformed_authenticator_data");
	});

	test("attestation formats other than none and packed self-attestation, and broken statements", async () => {
		await refused(await es256.register({ ...ceremony, fmt: "fido-u2f", attStmt: new Map<CborValue, CborValue>([["sig", new Uint8Array(70)], ["x5c", [new Uint8Array(300)]]]) }), "unsupported_attestation");
		await refused(await es256.register({ ...ceremony, fmt: "tpm" }), "unsupported_attestation");
		const sig = new Uint8Array(70);
		await refused(await es256.register({ ...ceremony, fmt: "packed", attStmt: new Map<CborValue, CborValue>([["alg", -7], ["sig", sig], ["x5c", [new Uint8Array(300)]]]) }), "unsupported_attestation");
		await refused(await es256.register({ ...ceremony, fmt: "none", attStmt: new Map<CborValue, CborValue>([["sig", sig]]) }), "invalid_attestation");
		await refused(await es256.register({ ...ceremony, fmt: "packed", attStmt: new Map<CborValue, CborValue>([["alg", -7], ["sig", sig]]) }), "invalid_attestation");
		await refused(await es256.register({ ...ceremony, fmt: "packed", attStmt: new Map<CborValue, CborValue>([["alg", -257], ["sig", sig]]) }), "invalid_attestation");
		await refused(await es256.register({ ...ceremony, fmt: "packed", attStmt: new Map<CborValue, CborValue>([["alg", -7]]) }), "invalid_attestation");
	});

	test("a packed self-attestation signed by another key", async () => {
		const other = await createSoftwareAuthenticator(-7);
		const response = await es256.register({ ...ceremony, fmt: "packed" });
		const good = await verifyRegistration(response, expected);
		expect(good.ok).toBe(true);
		// Re-sign the same statement with the other authenticator's key.
		const attestation = decodeBase64urlIgnorePadding(response.response.attestationObject);
		const clientData = decodeBase64urlIgnorePadding(response.response.clientDataJSON);
		const authData = attestation.slice(attestation.byteLength - (37 + 18 + 32 + es256.cosePublicKey.byteLength));
		const forged = await es256.register({
			...ceremony,
			fmt: "packed",
			attStmt: new Map<CborValue, CborValue>([["alg", -7], ["sig", await other.sign(new Uint8Array([...authData, ...(await sha256(clientData))]))]])
		});
		await refused(forged, "invalid_attestation");
	});

	test("oversized input is refused before it is decoded", async () => {
		const response = await es256.register(ceremony);
		const bigClientData = await es256.register({ ...ceremony, clientData: { extra: { pad: "x".repeat(8 * 1024) } } });
		await refused(bigClientData, "too_large");
		const bigAttestation = { ...response, response: { ...response.response, attestationObject: "A".repeat(90_000) } };
		await refused(bigAttestation, "too_large");
		const huge = { ...response, response: { ...response.response, clientDataJSON: "A".repeat(10_000_000) } };
		const started = performance.now();
		await refused(huge, "too_large");
		expect(performance.now() - started).toBeLessThan(200);
	});

	test("a response that is not shaped like a RegistrationResponseJSON", async () => {
		const good = await es256.register(ceremony);
		const shapes: unknown[] = [
			null,
			undefined,
			"string",
			42,
			[],
			{},
			{ ...good, id: undefined },
			{ ...good, rawId: b64(crypto.getRandomValues(new Uint8Array(32))) },
			{ ...good, type: "password" },
			{ ...good, response: undefined },
			{ ...good, response: [] },
			{ ...good, response: { ...good.response, clientDataJSON: undefined } },
			{ ...good, response: { ...good.response, attestationObject: 42 } },
			{ ...good, response: { ...good.response, clientDataJSON: "not base64url!" } },
			{ ...good, response: { ...good.response, attestationObject: `${good.response.attestationObject}=` } },
			{ ...good, id: "", rawId: "" },
			{ ...good, response: { ...good.response, clientDataJSON: "" } },
			{ ...good, id: "a+b/", rawId: "a+b/" }
		];
		for (const shape of shapes) await refused(shape, "malformed_response");
	});

	test("never throws on random mutations of a valid response", async () => {
		const response = await es256.register({ ...ceremony, fmt: "packed" });
		const parts = ["clientDataJSON", "attestationObject"] as const;
		for (let i = 0; i < 300; i++) {
			const part = parts[i % 2] as (typeof parts)[number];
			const bytes = decodeBase64urlIgnorePadding(response.response[part]);
			const position = Math.floor(Math.random() * bytes.byteLength);
			bytes[position] = (bytes[position] as number) ^ (1 << Math.floor(Math.random() * 8));
			const mutated = { ...response, response: { ...response.response, [part]: b64(bytes) } };
			const result = await verifyRegistration(mutated, expected);
			expect(typeof result.ok).toBe("boolean");
		}
		for (let i = 0; i < 100; i++) {
			const garbage = { ...response, response: { ...response.response, attestationObject: b64(crypto.getRandomValues(new Uint8Array(1 + (i % 200)))) } };
			expect((await verifyRegistration(garbage, expected)).ok).toBe(false);
		}
	});

	test("throws ERR_INVALID_ARGUMENT for misuse: a short challenge, no origins, no rp id", async () => {
		const response = await es256.register(ceremony);
		for (const bad of [
			{ ...expected, challenge: new Uint8Array(8) },
			{ ...expected, challenge: "abc" },
			{ ...expected, origins: [] },
			{ ...expected, origins: "https://example.com" },
			{ ...expected, rpId: "" },
			{ ...expected, requireUserVerification: "yes" }
		]) {
			await expect(verifyRegistration(response, bad as never)).rejects.toMatchObject({ code: "ERR_INVALID_ARGUMENT" });
		}
	});
});
