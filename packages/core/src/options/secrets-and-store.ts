import { InvalidOptionsError } from "../errors.js";
import { normalizePeppers, type Pepper } from "../password/pepper.js";
import type { Coordinator } from "../coordinator.js";
import type { Mailer } from "../mail/mailer.js";
import { requiredStoreMethods, type IdentityStore } from "../store.js";

/** The store: an object with every method of the `IdentityStore` port. */
export function checkStore(store: unknown): IdentityStore {
	if (typeof store !== "object" || store === null) throw new InvalidOptionsError('Option "store" is required (an IdentityStore, e.g. createSqliteStore())');
	for (const method of requiredStoreMethods) {
		if (typeof (store as Record<string, unknown>)[method] !== "function") {
			throw new InvalidOptionsError(`Option "store" lacks the method ${method}() of the IdentityStore port`);
		}
	}
	return store as IdentityStore;
}

// Words that mark a documentation or example value, not a secret anyone generated.
const PLACEHOLDER = /change.?(me|it|this)|replace.?(me|this)|your.?secret|placeholder|example|insecure|not.?(a.?)?secret|secret.?key|dummy|xxxxxx/i;

/** The smallest period of `s`: `abcabcab` has period 3. A short period means a repeated phrase. */
function smallestPeriod(s: string): number {
	// Prefix function (KMP): linear in the length.
	const border = new Array<number>(s.length).fill(0);
	for (let i = 1; i < s.length; i++) {
		let k = border[i - 1]!;
		while (k > 0 && s[i] !== s[k]) k = border[k - 1]!;
		if (s[i] === s[k]) k++;
		border[i] = k;
	}
	return s.length - (border[s.length - 1] ?? 0);
}

/** Why a secret is refused, or null. Never includes the secret itself. */
function weakness(secret: unknown): string | null {
	if (typeof secret !== "string" || new TextEncoder().encode(secret).length < 32) {
		return "must be a string of at least 32 bytes (run `identity secret`, or use 32 random bytes as hex)";
	}
	if (new Set(secret).size < 8) return "must not be a low-entropy placeholder (it has fewer than 8 distinct characters)";
	if (smallestPeriod(secret) <= secret.length / 2) return "must not be a repeated phrase";
	if (PLACEHOLDER.test(secret)) return "must not be a placeholder from documentation (it contains a word like \"change-me\" or \"example\")";
	return null;
}

/** The `secret` option: one secret or a rotation list, each strong enough; the first signs. */
export function checkSecrets(secret: unknown): readonly string[] {
	const secrets = typeof secret === "string" ? [secret] : Array.isArray(secret) ? secret : null;
	if (!secrets || secrets.length === 0) {
		throw new InvalidOptionsError('Option "secret" is required: a string of at least 32 bytes, or an array of them (the first signs)');
	}
	secrets.forEach((s: unknown, i) => {
		const problem = weakness(s);
		if (problem) throw new InvalidOptionsError(`Option "secret${secrets.length > 1 ? `[${i}]` : ""}" ${problem}`);
	});
	return Object.freeze([...secrets]);
}

/** The `password.pepper` option as a list, newest first. */
export function checkPeppers(pepper: unknown, name: string): readonly Pepper[] {
	try {
		return normalizePeppers(pepper as Pepper | readonly Pepper[] | null);
	} catch (error) {
		throw new InvalidOptionsError(`Option "${name}": ${(error as Error).message}`);
	}
}

const coordinatorMethods = ["incrementCounter", "readCounter", "clearCounter", "consumeToken", "publishInvalidation", "subscribeInvalidations"] as const satisfies readonly (keyof Coordinator)[];

/** The coordinator: an object with every method of the `Coordinator` port. */
export function checkCoordinator(coordinator: unknown, name: string): Coordinator {
	for (const method of coordinatorMethods) {
		if (typeof (coordinator as Record<string, unknown> | null)?.[method] !== "function") {
			throw new InvalidOptionsError(`Option "${name}" lacks the method ${method}() of the Coordinator port (use createRedisCoordinator from @identity/redis)`);
		}
	}
	return coordinator as Coordinator;
}

/** The mailer: an object with `send(message)`. */
export function checkMailer(mailer: unknown, name: string): Mailer {
	if (typeof (mailer as Record<string, unknown> | null)?.send !== "function") {
		throw new InvalidOptionsError(`Option "${name}" must have a send(message) method (createOutboxMailer(), or createSmtpMailer from @identity/node)`);
	}
	return mailer as Mailer;
}
