/**
 * Our pepper format. A peppered hash is `$pepper$v=<version>` followed by the inner hash, e.g.
 * `$pepper$v=2$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`; the inner hash is the configured
 * hasher's hash of base64(HMAC-SHA256(key = UTF-8 pepper secret, message = UTF-8 NFKD password)).
 * The version names the pepper that was used, so peppers rotate: the first configured pepper
 * applies to new hashes, every configured one verifies. Internal, except the `Pepper` type.
 */
import { InvalidOptionsError } from "../errors.js";
import { encodeBase64, utf8 } from "./encoding.js";

/**
 * A pepper: a secret HMAC key applied before hashing (`password.pepper`), with a version so it can
 * rotate. `secret` is at least 16 bytes; versions are distinct integers from 0 to 999,999,999.
 */
export interface Pepper {
	version: number;
	secret: string;
}

const PEPPERED = /^\$pepper\$v=([0-9]{1,9})(\$[^\s]+)$/;

/** Whether `hash` carries our pepper prefix. */
export function isPepperedHash(hash: string): boolean {
	return hash.startsWith("$pepper$");
}

/** Splits a peppered hash into its pepper version and inner hash; null when malformed. */
export function parsePepperedHash(hash: string): { version: number; inner: string } | null {
	const match = PEPPERED.exec(hash);
	return match ? { version: Number(match[1]), inner: match[2] as string } : null;
}

/** Prefixes an inner hash with the pepper version. */
export function formatPepperedHash(version: number, inner: string): string {
	return `$pepper$v=${version}${inner}`;
}

/** Validates the `pepper` option into a list, newest first. */
export function normalizePeppers(pepper: Pepper | readonly Pepper[] | null | undefined): readonly Pepper[] {
	const list = pepper == null ? [] : Array.isArray(pepper) ? (pepper as readonly Pepper[]) : [pepper as Pepper];
	const seen = new Set<number>();
	for (const p of list) {
		if (!p || !Number.isInteger(p.version) || p.version < 0 || p.version > 999_999_999 || seen.has(p.version)) {
			throw new InvalidOptionsError("Each pepper needs a distinct integer version from 0 to 999999999");
		}
		if (typeof p.secret !== "string" || utf8(p.secret).length < 16) {
			throw new InvalidOptionsError("Each pepper secret must be at least 16 bytes");
		}
		seen.add(p.version);
	}
	return Object.freeze([...list]);
}

/** The peppered input for the inner hasher: base64(HMAC-SHA256(secret, NFKD password)). */
export async function pepperPassword(pepper: Pepper, password: string): Promise<string> {
	const key = await crypto.subtle.importKey("raw", utf8(pepper.secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
	return encodeBase64(new Uint8Array(await crypto.subtle.sign("HMAC", key, utf8(password.normalize("NFKD")))));
}
