import { beforeAll, describe, expect, test } from "vitest";
import { decodeCBORToNativeValueNoLeftoverBytes } from "@oslojs/cbor";
import { decodeBase64urlIgnorePadding } from "@oslojs/encoding";
import { verifyRegistration } from "./registration.js";
import { b64, coseKeyMap, createSoftwareAuthenticator, encodeCbor, flags, sha256, utf8, type CborValue, type SoftwareAuthenticator, testRelyingParty } from "./software-authenticator.test-helper.js";

const { rpId, origin, challenge, expected, ceremony } = testRelyingParty();

let es256: SoftwareAuthenticator;
let rs256: SoftwareAuthenticator;
beforeAll(async () => {
	[es256, rs256] = await Promise.all([createSoftwareAuthenticator(-7), createSoftwareAuthenticator(-257)]);
});

async function refused(response: unknown, reason: string, options: Partial<Parameters<typeof verifyRegistration>[1]> = {}) {
	expect(await verifyRegistration(response, { ...expected, ...options })).toEqual({ ok: false, reason });
}

describe("verifyRegistration() accepts real registrations", () => {
	test.each([["ES256", -7], ["RS256", -257]] as const)("%s with attestation none", async (_, algorithm) => {
		const authenticator = algorithm === -7 ? es256 : rs256;
		const result = await verifyRegistration(await authenticator.register(ceremony), expected);
		expect(result).toEqual({
			ok: true,
			credential: { id: b64(authenticator.credentialId), publicKey: b64(authenticator.cosePublicKey), algorithm, counter: 0, transports: ["internal", "hybrid"] },
			userVerified: true
		});
	});

	test.each([["ES256", -7], ["RS256", -257]] as const)("%s with packed self-attestation", async (_, algorithm) => {
		const authenticator = algorithm === -7 ? es256 : rs256;
		const result = await verifyRegistration(await authenticator.register({ ...ceremony, fmt: "packed" }), expected);
		expect(result.ok && result.credential.algorithm).toBe(algorithm);
	});

	test("the stored public key imports back into WebCrypto and verifies the authenticator's signatures", async () => {
		const result = await verifyRegistration(await es256.register(ceremony), expected);
		if (!result.ok) throw new Error(result.reason);
		const cose = decodeCBORToNativeValueNoLeftoverBytes(decodeBase64urlIgnorePadding(result.credential.publicKey), 4) as Record<string, Uint8Array>;
		const point = new Uint8Array([4, ...(cose["-2"] ?? []), ...(cose["-3"] ?? [])]);
		const key = await crypto.subtle.importKey("raw", point, { name: "ECDSA", namedCurve: "P-256" }, false, ["verify"]);
		const message = utf8("check");
		const signature = await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, es256.keys.privateKey, message);
		expect(await crypto.subtle.verify({ name: "ECDSA", hash: "SHA-256" }, key, signature, message)).toBe(true);
	});

	test("user verification is optional unless required, and reported", async () => {
		const response = await es256.register({ ...ceremony, flags: flags.up | flags.at });
		const result = await verifyRegistration(response, expected);
		expect(result.ok && result.userVerified).toBe(false);
		await refused(response, "user_not_verified", { requireUserVerification: true });
		expect((await verifyRegistration(await es256.register(ceremony), { ...expected, requireUserVerification: true })).ok).toBe(true);
	});

	test("returns the signature counter the authenticator reports", async () => {
		for (const counter of [41, 2 ** 31, 2 ** 32 - 1]) {
			const result = await verifyRegistration(await es256.register({ ...ceremony, counter }), expected);
			expect(result.ok && result.credential.counter).toBe(counter);
		}
	});

	test("any one of several allowed origins is accepted", async () => {
		const response = await es256.register({ ...ceremony, origin: "https://login.example.com" });
		expect((await verifyRegistration(response, { ...expected, origins: [origin, "https://login.example.com"] })).ok).toBe(true);
	});

	test("keeps only known transports, once each", async () => {
		const response = await es256.register({ ...ceremony, transports: ["usb", "bogus", 7, "internal", "usb"] });
		const result = await verifyRegistration(response, expected);
		expect(result.ok && result.credential.transports).toEqual(["usb", "internal"]);
		const none = await verifyRegistration(await es256.register({ ...ceremony, transports: "usb" }), expected);
		expect(none.ok && none.credential.transports).toEqual([]);
	});

	test("extension outputs after the key are accepted when the ED flag announces them", async () => {
		const trailer = encodeCbor(new Map<CborValue, CborValue>([["credProtect", 2]]));
		const response = await es256.register({ ...ceremony, flags: flags.up | flags.uv | flags.at | flags.ed, trailer });
		expect((await verifyRegistration(response, expected)).ok).toBe(true);
	});

	test("crossOrigin: false and unknown client data members are fine", async () => {
		const response = await es256.register({ ...ceremony, clientData: { extra: { other_keys_can_be_added_here: "do not compare clientDataJSON against a template" } } });
		expect((await verifyRegistration(response, expected)).ok).toBe(true);
	});
});

describe("verifyRegistration() refuses each broken check", () => {
	test("wrong origin (another site, a subdomain, http, a trailing slash, a port)", async () => {
		for (const bad of ["https://evil.example", "https://sub.example.com", "http://example.com", "https://example.com/", "https://example.com:8443"]) {
			await refused(await es256.register({ ...ceremony, clientData: { origin: bad } }), "origin_not_allowed");
		}
	});

	test("wrong client data type", async () => {
		await refused(await es256.register({ ...ceremony, clientData: { type: "webauthn.get" } }), "wrong_type");
		await refused(await es256.register({ ...ceremony, clientData: { type: "payment.get" } }), "wrong_type");
	});

	test("wrong challenge (other bytes, a prefix, not base64url)", async () => {
		await refused(await es256.register({ ...ceremony, challenge: crypto.getRandomValues(new Uint8Array(32)) }), "challenge_mismatch");
		await refused(await es256.register({ ...ceremony, clientData: { challenge: b64(challenge.slice(0, 31)) } }), "challenge_mismatch");
		await refused(await es256.register({ ...ceremony, clientData: { challenge: `${b64(challenge)}=` } }), "challenge_mismatch");
	});

	test("a cross-origin (iframe) ceremony", async () => {
		await refused(await es256.register({ ...ceremony, clientData: { crossOrigin: true } }), "cross_origin");
		await refused(await es256.register({ ...ceremony, clientData: { crossOrigin: "false" } }), "malformed_client_data");
	});

	test("client data that is not a JSON object of the right members", async () => {
		for (const json of ["null", "[]", "{", `{"type":"webauthn.create"}`, `{"type":1,"challenge":"x","origin":"y"}`]) {
			await refused(await es256.register({ ...ceremony, clientData: { json } }), "malformed_client_data");
		}
		const response = await es256.register(ceremony);
		response.response.clientDataJSON = b64(new Uint8Array([0x7b, 0xff, 0x7d]));
		await refused(response, "malformed_client_data");
	});

	test("the rp id hash of another rp id", async () => {
		await refused(await es256.register({ ...ceremony, rpIdHash: await sha256(utf8("evil.example")) }), "rp_id_mismatch");
		await refused(await es256.register(ceremony), "rp_id_mismatch", { rpId: "login.example.com" });
	});

	test("user presence off", async () => {
		await refused(await es256.register({ ...ceremony, flags: flags.uv | flags.at }), "user_not_present");
	});

	test("no attested credential data", async () => {
		await refused(await es256.register({ ...ceremony, flags: flags.up | flags.uv }), "missing_credential");
	});

	test("a credential id in the authenticator data that is not the response's", async () => {
		await refused(await es256.register({ ...ceremony, authDataCredentialId: crypto.getRandomValues(new Uint8Array(32)) }), "credential_id_mismatch");
	});

	test("a credential id over 1023 bytes", async () => {
		const long = await createSoftwareAuthenticator(-7, crypto.getRandomValues(new Uint8Array(1024)));
		await refused(await long.register(ceremony), "credential_id_too_long");
		const longest = await createSoftwareAuthenticator(-7, crypto.getRandomValues(new Uint8Array(1023)));
		expect((await verifyRegistration(await longest.register(ceremony), expected)).ok).toBe(true);
	});

	test("unsupported algorithms: EdDSA, ES384, a P-384 key labelled ES256, an RSA key labelled ES256", async () => {
		const x = crypto.getRandomValues(new Uint8Array(32));
		const eddsa = encodeCbor(new Map<CborValue, CborValue>([[1, 1], [3, -8], [-1, 6], [-2, x]]));
		const p384 = (await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-384" }, true, ["sign"])) as CryptoKeyPair;
		const point = new Uint8Array(await crypto.subtle.exportKey("raw", p384.publicKey));
		const es384 = encodeCbor(new Map<CborValue, CborValue>([[1, 2], [3, -35], [-1, 2], [-2, point.slice(1, 49)], [-3, point.slice(49)]]));
		const p384AsEs256 = encodeCbor(new Map<CborValue, CborValue>([[1, 2], [3, -7], [-1, 2], [-2, point.slice(1, 49)], [-3, point.slice(49)]]));
		const rsaMap = await coseKeyMap(-257, rs256.keys.publicKey);
		const rsaAsEs256 = encodeCbor(new Map([...rsaMap].map(([k, v]) => [k, k === 3 ? -7 : v] as [CborValue, CborValue])));
		for (const coseKey of [eddsa, es384, p384AsEs256, rsaAsEs256]) await refused(await es256.register({ ...ceremony, coseKey }), "unsupported_algorithm");
	});

	test("invalid public keys: a point off the curve, a private part, short coordinates, no alg, RSA-1024, exponent 1", async () => {
		const map = await coseKeyMap(-7, es256.keys.publicKey);
		const withEntry = (key: CborValue, value: CborValue | undefined, base = map) => {
			const copy = new Map(base);
			if (value === undefined) copy.delete(key);
			else copy.set(key, value);
			return encodeCbor(copy);
		};
		const y = (map.get(-3) as Uint8Array).slice();
		y[31] = (y[31] as number) ^ 1;
		const rsa1024 = (await crypto.subtle.generateKey({ name: "RSASSA-PKCS1-v1_5", modulusLength: 1024, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" }, true, ["sign"])) as CryptoKeyPair;
		const rsaMap = await coseKeyMap(-257, rs256.keys.publicKey);
		const bad = [
			withEntry(-3, y),
			withEntry(-4, crypto.getRandomValues(new Uint8Array(32))),
			withEntry(-2, new Uint8Array(31)),
			withEntry(3, undefined),
			withEntry(3, "ES256"),
			encodeCbor(await coseKeyMap(-257, rsa1024.publicKey)),
			withEntry(-2, new Uint8Array([1]), rsaMap),
			withEntry(-2, new Uint8Array([1, 0, 0]), rsaMap),
			withEntry(-3, new Uint8Array(256), rsaMap),
			encodeCbor([1, 2, 3])
		];
		for (const coseKey of bad) await refused(await es256.register({ ...ceremony, coseKey }), "invalid_public_key");
		// A key that is not even CBOR (a map header with no entries) leaves the authenticator data unparseable.
		await refused(await es256.register({ ...ceremony, coseKey: new Uint8Array([0xa5]) }), "malformed_authenticator_data");
	});

});
