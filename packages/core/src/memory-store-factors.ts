import type { IdentityStore, NewPasskey, TwoFactorUpdate, UserRef } from "./store.js";
import type { PasskeyRecord } from "./types.js";
import { IdentityError } from "./errors.js";

/** An `ERR_INVALID_ARGUMENT` error. */
export function invalid(message: string): IdentityError {
	return new IdentityError("ERR_INVALID_ARGUMENT", message);
}

/** 32 random hex characters (a uniquifier, an id). */
export function randomHex(): string {
	const bytes = crypto.getRandomValues(new Uint8Array(16));
	return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** A Date that holds a time. */
export function validDate(value: unknown): value is Date {
	return value instanceof Date && !Number.isNaN(value.getTime());
}

const base64url = /^[A-Za-z0-9_-]+$/;
const maxCounter = 0xffff_ffff;

function nonNegativeInteger(value: unknown, what: string): number {
	if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) throw invalid(`Invalid ${what}: expected a non-negative integer`);
	return value;
}

function nonEmptyText(value: unknown, what: string): string {
	if (typeof value !== "string" || value === "") throw invalid(`Invalid ${what}: expected a non-empty string`);
	return value;
}

function checkPasskey(passkey: NewPasskey): Omit<PasskeyRecord, "userId" | "createdAt" | "lastUsedAt"> {
	if (typeof passkey !== "object" || passkey === null) throw invalid("Invalid passkey: expected an object");
	const { id, name, publicKey, algorithm, counter, transports = [] } = passkey;
	if (typeof id !== "string" || !base64url.test(id) || id.length > 1364) throw invalid("Invalid passkey id: expected base64url");
	if (typeof publicKey !== "string" || !base64url.test(publicKey)) throw invalid("Invalid passkey public key: expected base64url");
	if (typeof algorithm !== "number" || !Number.isSafeInteger(algorithm)) throw invalid("Invalid passkey algorithm: expected an integer");
	if (nonNegativeInteger(counter, "passkey counter") > maxCounter) throw invalid("Invalid passkey counter: above 2^32 - 1");
	if (!Array.isArray(transports) || transports.some((t) => typeof t !== "string")) throw invalid("Invalid passkey transports: expected strings");
	return { id, name: nonEmptyText(name, "passkey name"), publicKey, algorithm, counter, transports: [...transports] };
}

type FactorMethods = Required<Pick<IdentityStore, "getTwoFactor" | "setTwoFactor" | "advanceTotpStep" | "takeRecoveryCode" | "listPasskeys" | "addPasskey" | "findPasskey" | "updatePasskeyCounter" | "deletePasskey">>;

/**
 * The memory store's two-factor state, recovery codes and passkeys. `userId` resolves a user
 * argument (undefined for an unknown user); `forget` drops everything of a deleted user.
 */
export function createMemoryFactors(userId: (ref: UserRef) => string | undefined): { methods: FactorMethods; forget(id: string): void } {
	const states = new Map<string, { secret: string; enabledAt: Date | null; lastStep: number }>();
	const codes = new Map<string, Set<string>>();
	const passkeys = new Map<string, PasskeyRecord>();
	const copy = (passkey: PasskeyRecord): PasskeyRecord => ({ ...passkey, transports: [...passkey.transports] });
	function requireUserId(ref: UserRef): string {
		const id = userId(ref);
		if (id === undefined) throw new IdentityError("ERR_USER_NOT_FOUND", "No such user");
		return id;
	}
	function forget(id: string): void {
		states.delete(id);
		codes.delete(id);
		for (const [key, passkey] of passkeys) if (passkey.userId === id) passkeys.delete(key);
	}

	const methods: FactorMethods = {
		async getTwoFactor(ref) {
			const id = userId(ref) ?? "";
			const state = states.get(id);
			if (!state) return null;
			return { ...state, enabledAt: state.enabledAt && new Date(state.enabledAt), recoveryCodesLeft: codes.get(id)?.size ?? 0 };
		},
		async setTwoFactor(ref, update: TwoFactorUpdate | null) {
			if (update !== null) {
				if (typeof update !== "object") throw invalid("Invalid two-factor state: expected an object or null");
				nonEmptyText(update.secret, "two-factor secret");
				if (update.enabledAt !== null && !validDate(update.enabledAt)) throw invalid("Invalid enabledAt: expected a valid Date or null");
				if (update.lastStep !== undefined) nonNegativeInteger(update.lastStep, "TOTP step");
				if (update.recoveryCodes !== undefined && (!Array.isArray(update.recoveryCodes) || update.recoveryCodes.some((c) => typeof c !== "string" || c === ""))) {
					throw invalid("Invalid recovery codes: expected non-empty strings");
				}
			}
			const id = requireUserId(ref);
			if (update === null) {
				states.delete(id);
				codes.delete(id);
				return;
			}
			const lastStep = update.lastStep ?? states.get(id)?.lastStep ?? 0;
			states.set(id, { secret: update.secret, enabledAt: update.enabledAt && new Date(update.enabledAt), lastStep });
			if (update.recoveryCodes) codes.set(id, new Set(update.recoveryCodes));
		},
		async advanceTotpStep(ref, step) {
			nonNegativeInteger(step, "TOTP step");
			const id = userId(ref);
			const state = id === undefined ? undefined : states.get(id);
			if (!state || step <= state.lastStep) return false;
			state.lastStep = step;
			return true;
		},
		async takeRecoveryCode(ref, hash) {
			if (typeof hash !== "string") throw invalid("Invalid recovery code hash: expected a string");
			const id = userId(ref);
			return id !== undefined && (codes.get(id)?.delete(hash) ?? false);
		},
		async listPasskeys(ref) {
			const id = userId(ref);
			return [...passkeys.values()].filter((passkey) => passkey.userId === id).map(copy);
		},
		async addPasskey(ref, input) {
			const passkey = checkPasskey(input);
			const id = requireUserId(ref);
			if (passkeys.has(passkey.id)) throw new IdentityError("ERR_PASSKEY_EXISTS", "A passkey with this credential id already exists");
			const record: PasskeyRecord = { ...passkey, userId: id, createdAt: new Date(), lastUsedAt: null };
			passkeys.set(record.id, record);
			return copy(record);
		},
		async findPasskey(credentialId) {
			if (typeof credentialId !== "string") throw invalid("Invalid passkey id: expected a string");
			const passkey = passkeys.get(credentialId);
			return passkey ? copy(passkey) : null;
		},
		async updatePasskeyCounter(credentialId, counter, at) {
			if (typeof credentialId !== "string") throw invalid("Invalid passkey id: expected a string");
			if (nonNegativeInteger(counter, "passkey counter") > maxCounter) throw invalid("Invalid passkey counter: above 2^32 - 1");
			if (!validDate(at)) throw invalid("Invalid time: expected a valid Date");
			const passkey = passkeys.get(credentialId);
			if (!passkey || !(counter > passkey.counter || (counter === 0 && passkey.counter === 0))) return false;
			passkey.counter = counter;
			passkey.lastUsedAt = new Date(at);
			return true;
		},
		async deletePasskey(ref, credentialId) {
			if (typeof credentialId !== "string") throw invalid("Invalid passkey id: expected a string");
			const passkey = passkeys.get(credentialId);
			if (!passkey || passkey.userId !== userId(ref)) return false;
			return passkeys.delete(credentialId);
		}
	};
	return { methods, forget };
}

/** The memory store's single-use tokens; expired keys are swept as the map grows (amortised O(1)). */
export function createMemoryTokens(): Required<Pick<IdentityStore, "consumeToken">> {
	const used = new Map<string, number>();
	let sweepAt = 1024;
	return {
		async consumeToken(key, expiresAt) {
			if (typeof key !== "string" || key === "") throw invalid("Invalid token key: expected a non-empty string");
			if (!validDate(expiresAt)) throw invalid("Invalid expiry: expected a valid Date");
			const now = Date.now();
			if (used.size >= sweepAt) {
				for (const [stored, expiry] of used) if (expiry <= now) used.delete(stored);
				sweepAt = Math.max(1024, used.size * 2);
			}
			const expiry = used.get(key);
			if (expiry !== undefined && expiry > now) return false;
			used.set(key, expiresAt.getTime());
			return true;
		}
	};
}
