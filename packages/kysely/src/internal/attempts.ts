import { IdentityError, type AttemptCounter } from "@identity/core";
import { type StoreContext, exec } from "./context.js";
import { toAttemptCounter } from "./rows.js";
import { storableKey } from "./values.js";

function timeOf(now: Date): number {
	if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw new IdentityError("ERR_INVALID_ARGUMENT", "Invalid time: expected a valid Date");
	return now.getTime();
}

/** The live counter of `key` at `now`, or null when there is none or its window has ended. */
export async function readAttempts(ctx: StoreContext, key: string, now: Date): Promise<AttemptCounter | null> {
	const time = timeOf(now);
	const { rows } = await exec(ctx.db, ctx.sql.readAttempt, [await storableKey(key, "attempt key")]);
	const counter = rows[0] ? toAttemptCounter(rows[0]) : null;
	return counter && counter.resetAt.getTime() > time ? counter : null;
}

/**
 * Creates `addAttempt`; a store's first call and every 64th after also delete ended windows,
 * keeping the table small even when processes are short-lived (serverless, the CLI).
 */
export function createAttemptRecorder(ctx: StoreContext): (key: string, windowSeconds: number, now: Date) => Promise<AttemptCounter> {
	let calls = 0;
	return async (key, windowSeconds, now) => {
		const time = timeOf(now);
		if (typeof windowSeconds !== "number" || !(windowSeconds > 0) || !Number.isFinite(windowSeconds)) {
			throw new IdentityError("ERR_INVALID_ARGUMENT", "Invalid window: expected a positive number of seconds");
		}
		const stored = await storableKey(key, "attempt key");
		const resetAt = time + Math.ceil(windowSeconds * 1000);
		// The upsert increments a live window or starts a new one atomically and returns the row
		// it wrote; MySQL, without RETURNING, reads it back in the same transaction.
		const parameters = [stored, resetAt, time, time, resetAt];
		const counter =
			ctx.dialect === "mysql"
				? await ctx.db.transaction().execute(async (trx) => {
						await exec(trx, ctx.sql.upsertAttempt, parameters);
						const { rows } = await exec(trx, ctx.sql.readAttempt, [stored]);
						return toAttemptCounter(rows[0] ?? {});
					})
				: toAttemptCounter((await exec(ctx.db, ctx.sql.upsertAttempt, parameters)).rows[0] ?? {});
		if (calls++ % 64 === 0) await exec(ctx.db, ctx.sql.purgeAttempts, [time]);
		return counter;
	};
}

/** Forgets the counter of `key`. */
export async function clearAttempts(ctx: StoreContext, key: string): Promise<void> {
	await exec(ctx.db, ctx.sql.clearAttempt, [await storableKey(key, "attempt key")]);
}
