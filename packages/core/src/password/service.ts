import { IdentityError } from "../errors.js";
import { isAcceptablePassword, randomBytes, encodeBase64 } from "./bytes.js";
import { createDefaultHasher } from "./default-hasher.js";
import type { PasswordHasher } from "./hasher.js";
import { formatPepperedHash, type Pepper, isPepperedHash, normalizePeppers, parsePepperedHash, pepperPassword } from "./pepper.js";
import { verifyHash } from "./verify.js";

/** Options of `createPasswordService` (the identity's `password` option). */
export interface PasswordServiceOptions {
	/** Makes new hashes and verifies the hashes it recognises. Default: `createDefaultHasher()`. */
	hasher?: PasswordHasher;
	/** Our versioned pepper (or several: the first applies to new hashes, all verify). Secrets >= 16 bytes. */
	pepper?: Pepper | readonly Pepper[] | null;
	/** The Flask-Security / Flask-Identity `PASSWORD_SALT`, only to verify hashes imported from there. */
	legacySalt?: string | null;
}

/** The result of `PasswordService.verify`. `needsRehash` is only ever true when `ok` is. */
export interface PasswordVerification {
	ok: boolean;
	/** The hash is outdated (other algorithm, weaker parameters, old or missing pepper): store a new one. */
	needsRehash: boolean;
}

/** The identity's password functions: with its pepper and legacy salt. */
export interface PasswordService {
	/** A new hash of `password` (peppered when a pepper is configured). @throws IdentityError `ERR_INVALID_ARGUMENT` for an empty or over-long password. */
	hash(password: string): Promise<string>;
	/** Checks `password` against a stored hash of any supported format. Never throws. */
	verify(password: string, hash: string): Promise<PasswordVerification>;
	/** Does the same work as a wrong-password `verify`, for logins of unknown users (no user enumeration). */
	burn(password: string): Promise<void>;
}

const REFUSED: PasswordVerification = Object.freeze({ ok: false, needsRehash: false });

/**
 * The password service behind `createIdentity`'s `password` option.
 * Peppered hashes are `$pepper$v=<version>` + the inner hash (see the README); a hash without
 * pepper while one is configured, or with an older pepper version, verifies and needs a rehash.
 * A peppered hash whose version is no longer configured cannot verify (false).
 * @throws IdentityError `ERR_INVALID_OPTIONS` for a malformed pepper.
 * @example
 * const passwords = createPasswordService({ pepper: { version: 1, secret: env.PEPPER } });
 * const { ok, needsRehash } = await passwords.verify(input, user.password);
 */
export function createPasswordService(options: PasswordServiceOptions = {}): PasswordService {
	const hasher = options.hasher ?? createDefaultHasher();
	const peppers = normalizePeppers(options.pepper);
	const current = peppers[0];
	const legacySalt = options.legacySalt ?? null;
	let dummy: Promise<string> | undefined;

	async function hash(password: string): Promise<string> {
		if (!isAcceptablePassword(password)) throw new IdentityError("ERR_INVALID_ARGUMENT", "Password must be 1 to 4096 characters");
		if (!current) return hasher.hash(password);
		return formatPepperedHash(current.version, await hasher.hash(await pepperPassword(current, password)));
	}

	async function verify(password: string, stored: string): Promise<PasswordVerification> {
		if (!isAcceptablePassword(password) || typeof stored !== "string") return REFUSED;
		if (isPepperedHash(stored)) {
			const parsed = parsePepperedHash(stored);
			const pepper = parsed && peppers.find((p) => p.version === parsed.version);
			if (!parsed || !pepper) return REFUSED;
			const ok = await verifyHash(await pepperPassword(pepper, password), parsed.inner, { hasher });
			return { ok, needsRehash: ok && (pepper !== current || hasher.needsRehash(parsed.inner)) };
		}
		const ok = await verifyHash(password, stored, { hasher, legacySalt });
		return { ok, needsRehash: ok && (current !== undefined || hasher.needsRehash(stored)) };
	}

	async function burn(password: string): Promise<void> {
		// A fresh random dummy, made once, of the current algorithm and pepper: so an unknown user
		// runs the same path as a wrong password against a current hash.
		dummy ??= hash(encodeBase64(randomBytes(18)));
		const stored = await dummy.catch(() => "");
		await verify(isAcceptablePassword(password) ? password : "x", stored);
	}

	return { hash, verify, burn };
}
