import { IdentityError, type TwoFactorState, type TwoFactorUpdate, type UserRef } from "@identity/core";
import { type Executor, type StoreContext, affected, exec, resolveUserRef } from "./context.js";
import { isForeignKeyViolation, userNotFound } from "./errors.js";
import { toTwoFactorState } from "./rows.js";
import { assertStorableText, isStorableText, isValidDate } from "./values.js";

const maxSecretLength = 8192;
const maxCodeHashLength = 255;
const maxRecoveryCodes = 100;

function invalid(message: string): IdentityError {
	return new IdentityError("ERR_INVALID_ARGUMENT", message);
}

/** A TOTP step (or a counter): a non-negative safe integer. */
export function assertStep(value: unknown, what = "TOTP step"): asserts value is number {
	if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) throw invalid(`Invalid ${what}: expected a non-negative integer`);
}

function validate(update: TwoFactorUpdate): string[] | undefined {
	if (typeof update !== "object") throw invalid("Invalid two-factor state: expected an object or null");
	assertStorableText(update.secret, maxSecretLength, "two-factor secret");
	if (update.enabledAt !== null && !isValidDate(update.enabledAt)) throw invalid("Invalid enabledAt: expected a valid Date or null");
	if (update.lastStep !== undefined) assertStep(update.lastStep);
	const codes = update.recoveryCodes;
	if (codes === undefined) return undefined;
	if (!Array.isArray(codes) || codes.length > maxRecoveryCodes) throw invalid(`Invalid recovery codes: expected an array of at most ${maxRecoveryCodes} hashes`);
	for (const code of codes) assertStorableText(code, maxCodeHashLength, "recovery code hash");
	return [...new Set(codes)];
}

/** The id of the user a resolved argument points to, or null. */
export async function userIdOf(ctx: StoreContext, db: Executor, ref: UserRef): Promise<string | null> {
	const resolved = resolveUserRef(ref);
	if (!resolved) return null;
	const { rows } = await exec(db, ctx.sql.factors.userIdOf[resolved.by], [resolved.value]);
	return rows[0] ? String(rows[0].id) : null;
}

/** The user's TOTP state with the number of recovery codes left, in one query; null when none. */
export async function getTwoFactor(ctx: StoreContext, ref: UserRef): Promise<TwoFactorState | null> {
	const resolved = resolveUserRef(ref);
	if (!resolved) return null;
	const { rows } = await exec(ctx.db, ctx.sql.factors.getTwoFactor[resolved.by], [resolved.value]);
	return rows[0] ? toTwoFactorState(rows[0]) : null;
}

/**
 * Writes (or, for null, deletes) the state and, when given, replaces the recovery codes, in one
 * transaction. The state row is written first: its row lock orders concurrent replacements of
 * one user's codes, so they never mix.
 * @throws IdentityError `ERR_USER_NOT_FOUND`.
 */
export async function setTwoFactor(ctx: StoreContext, ref: UserRef, update: TwoFactorUpdate | null): Promise<void> {
	const codes = update === null ? undefined : validate(update);
	const { factors } = ctx.sql;
	try {
		await ctx.db.transaction().execute(async (trx) => {
			const id = await userIdOf(ctx, trx, ref);
			if (id === null) throw userNotFound();
			if (update === null) {
				await exec(trx, factors.deleteTwoFactor, [id]);
				await exec(trx, factors.deleteCodes, [id]);
				return;
			}
			const statement = update.lastStep === undefined ? factors.upsertTwoFactor.keepStep : factors.upsertTwoFactor.setStep;
			await exec(trx, statement, [id, update.secret, update.enabledAt?.getTime() ?? null, update.lastStep ?? 0, Date.now()]);
			if (codes === undefined) return;
			await exec(trx, factors.deleteCodes, [id]);
			if (codes.length > 0) await exec(trx, factors.insertCodes(codes.length), codes.flatMap((code) => [id, code]));
		});
	} catch (error) {
		// The user was deleted between the lookup and the write.
		if (isForeignKeyViolation(error)) throw userNotFound();
		throw error;
	}
}

/** The compare-and-set of the last accepted step, in one statement. */
export async function advanceTotpStep(ctx: StoreContext, ref: UserRef, step: number): Promise<boolean> {
	assertStep(step);
	const resolved = resolveUserRef(ref);
	if (!resolved) return false;
	return affected(await exec(ctx.db, ctx.sql.factors.advanceStep[resolved.by], [step, Date.now(), resolved.value, step])) > 0;
}

/** Deletes one recovery code in one statement; true when it was there. */
export async function takeRecoveryCode(ctx: StoreContext, ref: UserRef, hash: string): Promise<boolean> {
	if (typeof hash !== "string") throw invalid("Invalid recovery code hash: expected a string");
	const resolved = resolveUserRef(ref);
	if (!resolved || !isStorableText(hash, maxCodeHashLength)) return false;
	return affected(await exec(ctx.db, ctx.sql.factors.takeCode[resolved.by], [resolved.value, hash])) > 0;
}
