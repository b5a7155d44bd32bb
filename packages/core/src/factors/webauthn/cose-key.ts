import { decodeCBORToNativeValue } from "@oslojs/cbor";
import { encodeBase64url } from "../bytes.js";
import type { PasskeyAlgorithm, WebAuthnFailure } from "./types.js";

/** A credential public key ready for WebCrypto. */
export interface CredentialKey {
	algorithm: PasskeyAlgorithm;
	key: CryptoKey;
}

// COSE (RFC 9052/9053) labels: kty 1, alg 3; EC2 crv -1, x -2, y -3, d -4; RSA n -1, e -2, d -3.
const ktyEC2 = 2;
const ktyRSA = 3;
const curveP256 = 1;

/**
 * Reads a COSE_Key that must be exactly one CBOR map: an ES256 P-256 EC2 key or an RS256 RSA key of
 * 2048 to 4096 bits, with `alg` present, and no private part. Anything else is a failure reason.
 * The key is imported into WebCrypto, which also checks that an EC point is on the curve.
 */
export async function importCoseKey(cose: Uint8Array): Promise<CredentialKey | WebAuthnFailure> {
	let decoded: Record<string, unknown>;
	try {
		const [value, size] = decodeCBORToNativeValue(cose, 4);
		if (size !== cose.byteLength || typeof value !== "object" || value === null || Array.isArray(value) || value instanceof Uint8Array) return "invalid_public_key";
		decoded = value as Record<string, unknown>;
	} catch {
		return "invalid_public_key";
	}
	const kty = decoded["1"];
	const alg = decoded["3"];
	if (typeof kty !== "number" || typeof alg !== "number") return "invalid_public_key";
	if (alg === -7 && kty === ktyEC2) return importEc2(decoded);
	if (alg === -257 && kty === ktyRSA) return importRsa(decoded);
	return "unsupported_algorithm";
}

async function importEc2(decoded: Record<string, unknown>): Promise<CredentialKey | WebAuthnFailure> {
	const [crv, x, y] = [decoded["-1"], decoded["-2"], decoded["-3"]];
	if (crv !== curveP256) return "unsupported_algorithm";
	if (!(x instanceof Uint8Array) || !(y instanceof Uint8Array) || x.byteLength !== 32 || y.byteLength !== 32 || "-4" in decoded) return "invalid_public_key";
	const point = new Uint8Array(65);
	point[0] = 0x04;
	point.set(x, 1);
	point.set(y, 33);
	try {
		const key = await crypto.subtle.importKey("raw", point, { name: "ECDSA", namedCurve: "P-256" }, false, ["verify"]);
		return { algorithm: -7, key };
	} catch {
		return "invalid_public_key";
	}
}

async function importRsa(decoded: Record<string, unknown>): Promise<CredentialKey | WebAuthnFailure> {
	const [n, e] = [decoded["-1"], decoded["-2"]];
	if (!(n instanceof Uint8Array) || !(e instanceof Uint8Array) || "-3" in decoded) return "invalid_public_key";
	// A 2048- to 4096-bit modulus, minimally encoded; an odd public exponent of at least 3 and at most 32 bits.
	const exponent = e.reduce((value, byte) => value * 256 + byte, 0);
	if (n.byteLength < 256 || n.byteLength > 512 || n[0] === 0 || e.byteLength > 4 || e[0] === 0 || exponent < 3 || exponent % 2 === 0) {
		return "invalid_public_key";
	}
	try {
		const jwk: JsonWebKey = { kty: "RSA", n: encodeBase64url(n), e: encodeBase64url(e), alg: "RS256", ext: true };
		const key = await crypto.subtle.importKey("jwk", jwk, { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, false, ["verify"]);
		return { algorithm: -257, key };
	} catch {
		return "invalid_public_key";
	}
}
