import { isHasherFailure } from "../errors.js";
import { encodeBase64 } from "./encoding.js";
import { sleep } from "./event-loop.js";
import { createDefaultHasher } from "./default-hasher.js";
import type { PasswordHasher } from "./hasher.js";
import { formatPepperedHash, isPepperedHash, normalizePeppers, parsePepperedHash, type Pepper, pepperPassword } from "./pepper.js";
import { assertAcceptablePassword, isAcceptablePassword, passwordCandidates } from "./policy.js";
import { randomBytes } from "./random.js";
import { createVerifyTiming } from "./timing.js";
import { matchStoredHash } from "./verify.js";

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
	/** The hash is outdated (other algorithm, weaker parameters, legacy salt, old or missing pepper): store a new one. */
	needsRehash: boolean;
}

/** The identity's password functions: with its pepper, legacy salt and timing padding. */
export interface PasswordService {
	/** A new hash of `password` (peppered when a pepper is configured). @throws IdentityError `ERR_INVALID_ARGUMENT` for an empty or over-long password. */
	hash(password: string): Promise<string>;
	/**
	 * Checks `password` against a stored hash of any supported format. A malformed or refused hash
	 * is false, never an error.
	 * @throws IdentityError `ERR_HASHER` when the hasher itself fails (a password worker that died):
	 * that is an outage (the routes answer 503), not a wrong password.
	 */
	verify(password: string, hash: string): Promise<PasswordVerification>;
	/** Does the same work as a wrong-password `verify`, for logins of unknown users (no user enumeration). @throws IdentityError `ERR_HASHER` as `verify` does. */
	burn(password: string): Promise<void>;
}

const REFUSED: PasswordVerification = Object.freeze({ ok: false, needsRehash: false });


/** A verification's result, and how many current-algorithm hash computations it ran (0: not a current hash). */
interface Checked {
	result: PasswordVerification;
	currentComputations: number;
}

/**
 * The password service behind `createIdentity`'s `password` option.
 * Peppered hashes are `$pepper$v=<version>` + the inner hash (see the README); a hash without
 * pepper while one is configured, or with an older pepper version, verifies and needs a rehash.
 * A peppered hash whose version is no longer configured cannot verify (false). A hash that verified
 * only through `legacySalt` needs a rehash, so the salt is needed only until each user has logged in once.
 *
 * Timing: a wrong password against anything but a current hash (a cheaper legacy format, weaker
 * parameters, a malformed or refused hash) is padded with a timer, not CPU work, to what a wrong
 * password costs against a current hash: the running median of those verifications and of `burn`,
 * seeded by the first one (made at the first need). Passwords the policy refuses cost nothing anywhere.
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
	const timing = createVerifyTiming();
	let dummy: Promise<string | null> | undefined;

	const isCurrentHash = (inner: string) => hasher.recognizes(inner) && !hasher.needsRehash(inner);
	// Hash computations of a wrong password against an unpeppered hash: each candidate, salted and plain.
	const plainComputations = (password: string) => passwordCandidates(password).length * (legacySalt ? 2 : 1);
	// What a wrong password costs against a current hash (peppered when a pepper is configured): burn()'s work.
	const referenceComputations = (password: string) => (current ? 1 : plainComputations(password));

	async function hash(password: string): Promise<string> {
		assertAcceptablePassword(password);
		if (!current) return hasher.hash(password);
		return formatPepperedHash(current.version, await hasher.hash(await pepperPassword(current, password)));
	}

	async function check(password: string, stored: string): Promise<Checked> {
		if (isPepperedHash(stored)) {
			const parsed = parsePepperedHash(stored);
			const pepper = parsed && peppers.find((p) => p.version === parsed.version);
			if (!parsed || !pepper) return { result: REFUSED, currentComputations: 0 };
			const ok = (await matchStoredHash(await pepperPassword(pepper, password), parsed.inner, { hasher })) !== "none";
			const result = { ok, needsRehash: ok && (pepper !== current || hasher.needsRehash(parsed.inner)) };
			return { result, currentComputations: isCurrentHash(parsed.inner) ? 1 : 0 };
		}
		const match = await matchStoredHash(password, stored, { hasher, legacySalt });
		const ok = match !== "none";
		const result = { ok, needsRehash: ok && (current !== undefined || match === "legacy-salt" || hasher.needsRehash(stored)) };
		return { result, currentComputations: isCurrentHash(stored) ? plainComputations(password) : 0 };
	}

	/** Checks, and calibrates the timing on every wrong password against a current hash. */
	async function timedCheck(password: string, stored: string): Promise<Checked> {
		const started = performance.now();
		let checked: Checked;
		try {
			checked = await check(password, stored);
		} catch (error) {
			if (isHasherFailure(error)) throw error;
			return { result: REFUSED, currentComputations: 0 };
		}
		if (!checked.result.ok && checked.currentComputations > 0) timing.record(performance.now() - started, checked.currentComputations);
		return checked;
	}

	/** A hash of a random password with the current algorithm and pepper, made once; its making seeds the timing. */
	function dummyHash(): Promise<string | null> {
		dummy ??= (async () => {
			const started = performance.now();
			try {
				const made = await hash(encodeBase64(randomBytes(18)));
				timing.record(performance.now() - started, 1);
				return made;
			} catch (error) {
				if (!isHasherFailure(error)) return null;
				dummy = undefined; // tried again at the next need, once the hasher is back
				throw error;
			}
		})();
		return dummy;
	}

	/** Waits, from `started`, for as long as a wrong password costs against a current hash. */
	async function pad(started: number, password: string): Promise<void> {
		if (timing.expected(1) === null) await dummyHash();
		const target = timing.expected(referenceComputations(password));
		const wait = target === null ? 0 : target - (performance.now() - started);
		if (wait > 0) await sleep(wait);
	}

	async function verify(password: string, stored: string): Promise<PasswordVerification> {
		if (!isAcceptablePassword(password)) return REFUSED; // no hashing work, as in burn()
		const started = performance.now();
		const { result, currentComputations } = typeof stored === "string" ? await timedCheck(password, stored) : { result: REFUSED, currentComputations: 0 };
		if (!result.ok && currentComputations === 0) await pad(started, password);
		return result;
	}

	async function burn(password: string): Promise<void> {
		// The same path as a wrong password against a current hash; none at all for a refused password, as in verify().
		if (!isAcceptablePassword(password)) return;
		const stored = await dummyHash();
		if (stored !== null) await timedCheck(password, stored);
	}

	return { hash, verify, burn };
}
