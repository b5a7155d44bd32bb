import { IdentityError } from "@identity/core";
import { type StoreContext, affected, exec } from "./context.js";
import { isValidDate, storableKey } from "./values.js";

/** How often `consumeToken` prunes expired keys: on a store's first call, then every 16th. */
const pruneEvery = 16;

/**
 * Creates `consumeToken`: one `insert ... on conflict do nothing` (MySQL: `insert ignore`), so of
 * concurrent calls with one key exactly one inserts the row and gets true. The prune runs
 * before the insert (a failing prune consumes nothing), on the first call of every store so
 * short-lived processes (serverless, the CLI) keep the table bounded too.
 */
export function createTokenConsumer(ctx: StoreContext): (key: string, expiresAt: Date) => Promise<boolean> {
	let calls = 0;
	return async (key, expiresAt) => {
		if (!isValidDate(expiresAt)) throw new IdentityError("ERR_INVALID_ARGUMENT", "Invalid expiry: expected a valid Date");
		const stored = await storableKey(key, "token key");
		if (calls++ % pruneEvery === 0) await exec(ctx.db, ctx.sql.factors.purgeTokens, [Date.now()]);
		return affected(await exec(ctx.db, ctx.sql.factors.insertToken, [stored, expiresAt.getTime()])) > 0;
	};
}
