// A software WebAuthn authenticator for tests: real WebCrypto keys, real CBOR, real DER signatures.
// Every override changes exactly one thing, so each test can break exactly one check.
import { encodeBase64urlNoPadding } from "@oslojs/encoding";
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from "./types.js";

export type CborValue = number | string | boolean | Uint8Array | CborValue[] | Map<CborValue, CborValue>;

/** A minimal CBOR encoder (RFC 8949 definite lengths; integers, strings, bytes, arrays, maps, booleans). */
export function encodeCbor(value: CborValue): Uint8Array {
	const out: number[] = [];
	const head = (major: number, n: number) => {
		if (n < 24) out.push((major << 5) | n);
		else if (n < 0x100) out.push((major << 5) | 24, n);
		else if (n < 0x10000) out.push((major << 5) | 25, n >>> 8, n & 0xff);
		else out.push((major << 5) | 26, (n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
	};
	const write = (v: CborValue) => {
		if (typeof v === "number") v >= 0 ? head(0, v) : head(1, -1 - v);
		else if (typeof v === "boolean") out.push(v ? 0xf5 : 0xf4);
		else if (typeof v === "string") {
			const bytes = new TextEncoder().encode(v);
			head(3, bytes.byteLength);
			out.push(...bytes);
		} else if (v instanceof Uint8Array) {
			head(2, v.byteLength);
			for (const byte of v) out.push(byte);
		} else if (Array.isArray(v)) {
			head(4, v.length);
			v.forEach(write);
		} else {
			head(5, v.size);
			for (const [key, item] of v) {
				write(key);
				write(item);
			}
		}
	};
	write(value);
	return new Uint8Array(out);
}

export const b64 = (bytes: Uint8Array): string => encodeBase64urlNoPadding(bytes);
export const utf8 = (text: string): Uint8Array<ArrayBuffer> => new TextEncoder().encode(text);
export async function sha256(bytes: Uint8Array): Promise<Uint8Array> {
	return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>));
}
export function concat(...parts: Uint8Array[]): Uint8Array {
	const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
	let offset = 0;
	for (const part of parts) {
		out.set(part, offset);
		offset += part.byteLength;
	}
	return out;
}
const uint32 = (n: number) => new Uint8Array([(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]);
const uint16 = (n: number) => new Uint8Array([(n >>> 8) & 0xff, n & 0xff]);

export const flags = { up: 0x01, uv: 0x04, be: 0x08, bs: 0x10, at: 0x40, ed: 0x80 } as const;

/** Raw ECDSA r||s (WebCrypto's output) to DER, the form authenticators send. */
export function rawToDer(raw: Uint8Array): Uint8Array {
	const integer = (bytes: Uint8Array) => {
		let start = 0;
		while (start < bytes.length - 1 && bytes[start] === 0) start++;
		const body = bytes.subarray(start);
		const padded = (body[0] as number) & 0x80 ? concat(new Uint8Array([0]), body) : body;
		return concat(new Uint8Array([0x02, padded.length]), padded);
	};
	const sequence = concat(integer(raw.subarray(0, 32)), integer(raw.subarray(32)));
	return concat(new Uint8Array([0x30, sequence.length]), sequence);
}

/** The COSE_Key map of a WebCrypto public key. */
export async function coseKeyMap(algorithm: -7 | -257, publicKey: CryptoKey): Promise<Map<CborValue, CborValue>> {
	if (algorithm === -7) {
		const point = new Uint8Array(await crypto.subtle.exportKey("raw", publicKey));
		return new Map<CborValue, CborValue>([[1, 2], [3, -7], [-1, 1], [-2, point.slice(1, 33)], [-3, point.slice(33)]]);
	}
	const jwk = await crypto.subtle.exportKey("jwk", publicKey);
	const bytes = (text = "") => Uint8Array.from(atob(text.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));
	return new Map<CborValue, CborValue>([[1, 3], [3, -257], [-1, bytes(jwk.n)], [-2, bytes(jwk.e)]]);
}

/** Client data fields; `json` replaces the serialised text entirely. */
export interface ClientDataOverrides {
	type?: string;
	origin?: string;
	challenge?: string;
	crossOrigin?: unknown;
	extra?: Record<string, unknown>;
	json?: string;
}

interface Ceremony {
	challenge: Uint8Array;
	origin: string;
	rpId: string;
	clientData?: ClientDataOverrides;
	/** Flags byte; default UP | UV (| AT for registration). */
	flags?: number;
	counter?: number;
	/** Replaces SHA-256(rpId). */
	rpIdHash?: Uint8Array;
	/** Bytes appended to the authenticator data (extensions, or garbage). */
	trailer?: Uint8Array;
}

export interface RegisterCeremony extends Ceremony {
	fmt?: string;
	/** Replaces the attestation statement. */
	attStmt?: Map<CborValue, CborValue>;
	/** Replaces the COSE key in the attested credential data. */
	coseKey?: Uint8Array;
	/** Replaces the credential id in the attested credential data (the JSON id stays). */
	authDataCredentialId?: Uint8Array;
	transports?: unknown;
}

export interface AuthenticateCeremony extends Ceremony {
	userHandle?: Uint8Array | null;
	/** Signs with this key instead of the credential's. */
	signingKey?: CryptoKey;
	/** Changes the signed bytes after signing (the message is authData || SHA-256(clientDataJSON)). */
	afterSigning?: (parts: { authenticatorData: Uint8Array; clientDataJSON: Uint8Array; signature: Uint8Array }) => void;
	/** Sends the raw r||s ECDSA signature instead of DER. */
	rawSignature?: boolean;
}

export interface SoftwareAuthenticator {
	algorithm: -7 | -257;
	credentialId: Uint8Array;
	cosePublicKey: Uint8Array;
	keys: CryptoKeyPair;
	register(ceremony: RegisterCeremony): Promise<RegistrationResponseJSON>;
	authenticate(ceremony: AuthenticateCeremony): Promise<AuthenticationResponseJSON>;
	sign(message: Uint8Array, key?: CryptoKey): Promise<Uint8Array>;
}

/** A new authenticator holding one credential of `algorithm`. */
export async function createSoftwareAuthenticator(algorithm: -7 | -257 = -7, credentialId = crypto.getRandomValues(new Uint8Array(32))): Promise<SoftwareAuthenticator> {
	const keys = (await (algorithm === -7
		? crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"])
		: crypto.subtle.generateKey({ name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" }, true, ["sign", "verify"]))) as CryptoKeyPair;
	const cosePublicKey = encodeCbor(await coseKeyMap(algorithm, keys.publicKey));
	let counter = 0;

	async function sign(message: Uint8Array, key = keys.privateKey): Promise<Uint8Array> {
		if (algorithm === -7) return rawToDer(await signRaw(message, key));
		return new Uint8Array(await crypto.subtle.sign("RSASSA-PKCS1-v1_5", key, message as Uint8Array<ArrayBuffer>));
	}
	async function signRaw(message: Uint8Array, key: CryptoKey): Promise<Uint8Array> {
		return new Uint8Array(await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, key, message as Uint8Array<ArrayBuffer>));
	}
	function clientDataJSON(type: string, ceremony: Ceremony): Uint8Array {
		const o = ceremony.clientData ?? {};
		if (o.json !== undefined) return utf8(o.json);
		const data: Record<string, unknown> = { type: o.type ?? type, challenge: o.challenge ?? b64(ceremony.challenge), origin: o.origin ?? ceremony.origin };
		data.crossOrigin = "crossOrigin" in o ? o.crossOrigin : false;
		return utf8(JSON.stringify({ ...data, ...o.extra }));
	}
	async function authDataHead(ceremony: Ceremony, defaultFlags: number): Promise<Uint8Array> {
		const hash = ceremony.rpIdHash ?? (await sha256(utf8(ceremony.rpId)));
		return concat(hash, new Uint8Array([ceremony.flags ?? defaultFlags]), uint32(ceremony.counter ?? counter));
	}

	return {
		algorithm,
		credentialId,
		cosePublicKey,
		keys,
		sign,
		async register(ceremony) {
			const clientData = clientDataJSON("webauthn.create", ceremony);
			const id = ceremony.authDataCredentialId ?? credentialId;
			const attested = concat(new Uint8Array(16), uint16(id.byteLength), id, ceremony.coseKey ?? cosePublicKey);
			const authData = concat(await authDataHead(ceremony, flags.up | flags.uv | flags.at), attested, ceremony.trailer ?? new Uint8Array(0));
			const fmt = ceremony.fmt ?? "none";
			let attStmt = ceremony.attStmt ?? new Map();
			if (!ceremony.attStmt && fmt === "packed") {
				attStmt = new Map<CborValue, CborValue>([["alg", algorithm], ["sig", await sign(concat(authData, await sha256(clientData)))]]);
			}
			const attestationObject = encodeCbor(new Map<CborValue, CborValue>([["fmt", fmt], ["attStmt", attStmt], ["authData", authData]]));
			return {
				id: b64(credentialId),
				rawId: b64(credentialId),
				type: "public-key",
				response: { clientDataJSON: b64(clientData), attestationObject: b64(attestationObject), transports: (ceremony.transports ?? ["internal", "hybrid"]) as string[] },
				authenticatorAttachment: "platform",
				clientExtensionResults: {}
			};
		},
		async authenticate(ceremony) {
			counter += 1;
			const clientData = clientDataJSON("webauthn.get", ceremony);
			const authenticatorData = concat(await authDataHead(ceremony, flags.up | flags.uv), ceremony.trailer ?? new Uint8Array(0));
			const message = concat(authenticatorData, await sha256(clientData));
			const key = ceremony.signingKey ?? keys.privateKey;
			const signature = ceremony.rawSignature ? await signRaw(message, key) : await sign(message, key);
			ceremony.afterSigning?.({ authenticatorData, clientDataJSON: clientData, signature });
			const userHandle = ceremony.userHandle === undefined ? new Uint8Array([1, 2, 3, 4]) : ceremony.userHandle;
			return {
				id: b64(credentialId),
				rawId: b64(credentialId),
				type: "public-key",
				response: {
					clientDataJSON: b64(clientData),
					authenticatorData: b64(authenticatorData),
					signature: b64(signature),
					userHandle: userHandle === null ? null : b64(userHandle)
				},
				authenticatorAttachment: "platform",
				clientExtensionResults: {}
			};
		}
	};
}

/** One relying party and a fresh challenge: what verification expects, and the ceremony the authenticator signs. */
export function testRelyingParty() {
	const rpId = "example.com";
	const origin = "https://example.com";
	const challenge = crypto.getRandomValues(new Uint8Array(32));
	return { rpId, origin, challenge, expected: { challenge, origins: [origin], rpId }, ceremony: { challenge, origin, rpId } };
}
