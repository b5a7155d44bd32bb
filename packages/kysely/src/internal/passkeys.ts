import { IdentityError, type NewPasskey, type PasskeyRecord, type UserRef } from "@identity/core";
import { type StoreContext, affected, exec, resolveUserRef } from "./context.js";
import { isForeignKeyViolation, isUniqueViolation, userNotFound } from "./errors.js";
import { maxCredentialIdLength } from "./migrations-upgrades.js";
import { toPasskeyRecord } from "./rows.js";
import { assertStep, userIdOf } from "./two-factor.js";
import { assertStorableText, isValidDate } from "./values.js";

const base64url = /^[A-Za-z0-9_-]+$/;
const maxPublicKeyLength = 8192;
const maxCounter = 0xffff_ffff;
const maxTransports = 16;

function invalid(message: string): IdentityError {
	return new IdentityError("ERR_INVALID_ARGUMENT", message);
}

/** True for text that can be a stored credential id (anything else is simply not found). */
function isCredentialId(value: string): boolean {
	return value.length > 0 && value.length <= maxCredentialIdLength && base64url.test(value);
}

function assertCredentialId(value: unknown): asserts value is string {
	if (typeof value !== "string") throw invalid("Invalid passkey id: expected a string");
}

function assertCounter(value: unknown): asserts value is number {
	assertStep(value, "passkey counter");
	if (value > maxCounter) throw invalid("Invalid passkey counter: above 2^32 - 1");
}

function validate(passkey: NewPasskey): Omit<PasskeyRecord, "userId" | "createdAt" | "lastUsedAt"> {
	if (typeof passkey !== "object" || passkey === null) throw invalid("Invalid passkey: expected an object");
	const { id, name, publicKey, algorithm, counter, transports = [] } = passkey;
	if (typeof id !== "string" || !isCredentialId(id)) throw invalid(`Invalid passkey id: expected base64url of at most ${maxCredentialIdLength} characters`);
	assertStorableText(name, 255, "passkey name");
	if (typeof publicKey !== "string" || publicKey.length > maxPublicKeyLength || !base64url.test(publicKey)) throw invalid("Invalid passkey public key: expected base64url");
	if (typeof algorithm !== "number" || !Number.isSafeInteger(algorithm)) throw invalid("Invalid passkey algorithm: expected a COSE algorithm number");
	assertCounter(counter);
	if (!Array.isArray(transports) || transports.length > maxTransports) throw invalid(`Invalid passkey transports: expected at most ${maxTransports} names`);
	for (const transport of transports) assertStorableText(transport, 32, "passkey transport");
	return { id, name, publicKey, algorithm, counter, transports: [...transports] };
}

/**
 * Creates `addPasskey`. Creation times are kept strictly increasing per store, so
 * `listPasskeys` lists passkeys added within one millisecond in the order they were added.
 * @throws IdentityError `ERR_PASSKEY_EXISTS` for a credential id already stored, `ERR_USER_NOT_FOUND`.
 */
export function createPasskeyAdder(ctx: StoreContext): (ref: UserRef, passkey: NewPasskey) => Promise<PasskeyRecord> {
	let lastCreated = 0;
	return async (ref, input) => {
		const passkey = validate(input);
		const userId = await userIdOf(ctx, ctx.db, ref);
		if (userId === null) throw userNotFound();
		const createdAt = (lastCreated = Math.max(Date.now(), lastCreated + 1));
		const { id, name, publicKey, algorithm, counter, transports } = passkey;
		try {
			await exec(ctx.db, ctx.sql.factors.insertPasskey, [id, userId, name, publicKey, algorithm, counter, JSON.stringify(transports), createdAt]);
		} catch (error) {
			// The credential id is the primary key: taken by this user or another one.
			if (isUniqueViolation(error)) throw new IdentityError("ERR_PASSKEY_EXISTS", "A passkey with this credential id already exists");
			if (isForeignKeyViolation(error)) throw userNotFound();
			throw error;
		}
		return { ...passkey, userId, createdAt: new Date(createdAt), lastUsedAt: null };
	};
}

/** The passkey with this credential id, any user's; null when none. */
export async function findPasskey(ctx: StoreContext, credentialId: string): Promise<PasskeyRecord | null> {
	assertCredentialId(credentialId);
	if (!isCredentialId(credentialId)) return null;
	const { rows } = await exec(ctx.db, ctx.sql.factors.passkeyById, [credentialId]);
	return rows[0] ? toPasskeyRecord(rows[0]) : null;
}

/** The user's passkeys, oldest first; [] for an unknown user. */
export async function listPasskeys(ctx: StoreContext, ref: UserRef): Promise<PasskeyRecord[]> {
	const resolved = resolveUserRef(ref);
	if (!resolved) return [];
	const { rows } = await exec(ctx.db, ctx.sql.factors.listPasskeys[resolved.by], [resolved.value]);
	return rows.map(toPasskeyRecord);
}

/** The counter compare-and-set, in one statement: a higher counter, or 0 after 0. */
export async function updatePasskeyCounter(ctx: StoreContext, credentialId: string, counter: number, at: Date): Promise<boolean> {
	assertCredentialId(credentialId);
	assertCounter(counter);
	if (!isValidDate(at)) throw invalid("Invalid time: expected a valid Date");
	if (!isCredentialId(credentialId)) return false;
	return affected(await exec(ctx.db, ctx.sql.factors.updateCounter, [counter, at.getTime(), credentialId, counter, counter])) > 0;
}

/** Deletes one of the user's own passkeys; false for another user's or an unknown one. */
export async function deletePasskey(ctx: StoreContext, ref: UserRef, credentialId: string): Promise<boolean> {
	assertCredentialId(credentialId);
	const resolved = resolveUserRef(ref);
	if (!resolved || !isCredentialId(credentialId)) return false;
	return affected(await exec(ctx.db, ctx.sql.factors.deletePasskey[resolved.by], [credentialId, resolved.value])) > 0;
}
