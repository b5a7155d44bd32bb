import { IdentityError, type UserRef } from "@identity/core";
import type { ByRef } from "./queries.js";
import { type StoreContext, affected, exec, resolveUserRef, userExists } from "./context.js";
import { isUniqueViolation, userNotFound } from "./errors.js";
import { assertEmail, assertStorableText, identityKey, isValidDate, maxNameLength, randomUniquifier } from "./values.js";

/**
 * Runs a one-statement update of one user. Zero affected rows means "no such user" or "nothing
 * changed" (MySQL without FOUND_ROWS counts unchanged rows as unaffected): an existence check
 * tells them apart. Returns whether a row changed.
 * @throws IdentityError `ERR_USER_NOT_FOUND`.
 */
async function updateUser(ctx: StoreContext, ref: UserRef, statement: ByRef, parameters: (refValue: string) => unknown[]): Promise<boolean> {
	const resolved = resolveUserRef(ref);
	if (!resolved) throw userNotFound();
	const result = await exec(ctx.db, statement[resolved.by], parameters(resolved.value));
	if (affected(result) > 0) return true;
	if (!(await userExists(ctx, ctx.db, resolved))) throw userNotFound();
	return false;
}

/** Sets `active`; true when it changed. Deactivation rotates the uniquifier in the same statement. */
export function setActive(ctx: StoreContext, ref: UserRef, active: boolean): Promise<boolean> {
	if (active) return updateUser(ctx, ref, ctx.sql.setActive, (value) => [1, Date.now(), value, 1]);
	return updateUser(ctx, ref, ctx.sql.deactivate, (value) => [0, randomUniquifier(), Date.now(), value, 0]);
}

/** Flips `active` in one statement (no read-modify-write race), rotating the uniquifier when it deactivates. */
export async function toggleActive(ctx: StoreContext, ref: UserRef): Promise<true> {
	await updateUser(ctx, ref, ctx.sql.toggleActive, (value) => [randomUniquifier(), Date.now(), value]);
	return true;
}

/**
 * Sets the email address (the identity value when the identity field is `email`).
 * @throws IdentityError `ERR_USER_EXISTS` when another user has it; nothing is written.
 */
export async function setEmail(ctx: StoreContext, ref: UserRef, email: string): Promise<void> {
	assertEmail(email);
	try {
		await updateUser(ctx, ref, ctx.sql.setEmail, (value) => [email, identityKey(email), Date.now(), value]);
	} catch (error) {
		if (isUniqueViolation(error)) throw new IdentityError("ERR_USER_EXISTS", "A user with this email already exists");
		throw error;
	}
}

/** Sets `confirmed_at` if it is null; true when it changed. */
export function confirmUser(ctx: StoreContext, ref: UserRef, at: Date = new Date()): Promise<boolean> {
	if (!isValidDate(at)) throw new IdentityError("ERR_INVALID_ARGUMENT", "Invalid confirmation time: expected a valid Date");
	return updateUser(ctx, ref, ctx.sql.confirmUser, (value) => [at.getTime(), Date.now(), value]);
}

/** Sets the uniquifier (a new random one when absent) and returns it. */
export async function setUniquifier(ctx: StoreContext, ref: UserRef, uniquifier: string = randomUniquifier()): Promise<string> {
	assertStorableText(uniquifier, maxNameLength, "uniquifier");
	try {
		await updateUser(ctx, ref, ctx.sql.setUniquifier, (value) => [uniquifier, Date.now(), value]);
	} catch (error) {
		if (isUniqueViolation(error)) throw new IdentityError("ERR_INVALID_ARGUMENT", "Invalid uniquifier: already in use");
		throw error;
	}
	return uniquifier;
}

/** Replaces the password hash. */
export async function setPassword(ctx: StoreContext, ref: UserRef, hash: string): Promise<void> {
	assertStorableText(hash, 4096, "password hash");
	await updateUser(ctx, ref, ctx.sql.setPassword, (value) => [hash, Date.now(), value]);
}

/** Flask-Identity's trackable fields: last = previous current (time falls back to `at`), current = this login. */
export async function recordLogin(ctx: StoreContext, ref: UserRef, login: { at: Date; address: string | null }): Promise<void> {
	const at = login?.at;
	if (!(at instanceof Date) || Number.isNaN(at.getTime())) throw new IdentityError("ERR_INVALID_ARGUMENT", "Invalid login time: expected a valid Date");
	const address = login.address ?? null;
	if (address !== null) assertStorableText(address, maxNameLength, "login address");
	const time = at.getTime();
	await updateUser(ctx, ref, ctx.sql.recordLogin, (value) => [time, time, address, value]);
}

/**
 * Deletes a user with its role links, two-factor state, recovery codes and passkeys in one
 * transaction; false when there was no such user.
 */
export async function deleteUser(ctx: StoreContext, ref: UserRef): Promise<boolean> {
	const resolved = resolveUserRef(ref);
	if (!resolved) return false;
	// Dependents are deleted explicitly too: a SQLite connection may have foreign keys switched off.
	return ctx.db.transaction().execute(async (trx) => {
		await exec(trx, ctx.sql.deleteLinks[resolved.by], [resolved.value]);
		for (const statement of ctx.sql.deleteDependents) await exec(trx, statement[resolved.by], [resolved.value]);
		return affected(await exec(trx, ctx.sql.deleteUser[resolved.by], [resolved.value])) > 0;
	});
}
