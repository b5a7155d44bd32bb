import { createHash } from "node:crypto";

/** A Lua script and its SHA-1, the name Redis caches it under. */
export interface Script {
	readonly source: string;
	readonly sha: string;
}

function defineScript(source: string): Script {
	return { source, sha: createHash("sha1").update(source).digest("hex") };
}

/**
 * KEYS[1] counter, ARGV[1] delta, ARGV[2] window in ms -> { count, pttl }. INCRBY and the expiry run
 * as one atomic step, so concurrent callers on any instance see distinct counts. The expiry is set
 * only when the window starts (no TTL yet: the key was missing or expired, so INCRBY began at 0);
 * an existing window keeps its end.
 */
export const incrementScript = defineScript(`local count = redis.call('INCRBY', KEYS[1], ARGV[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  ttl = tonumber(ARGV[2])
  redis.call('PEXPIRE', KEYS[1], ttl)
end
return { count, ttl }
`);

/** KEYS[1] counter -> { count, pttl }, or nil when it is missing or expired. */
export const readScript = defineScript(`local value = redis.call('GET', KEYS[1])
if not value then return nil end
return { tonumber(value), redis.call('PTTL', KEYS[1]) }
`);

function isNoScript(error: unknown): boolean {
	return typeof error === "object" && error !== null && /^NOSCRIPT\b/.test(String((error as { message?: unknown }).message));
}

/**
 * Runs `script` by its SHA (EVALSHA); when the server does not have it cached (first use, a
 * restart, SCRIPT FLUSH, a failover), sends the source once (EVAL, which also caches it).
 */
export async function runScript(send: (args: readonly string[]) => Promise<unknown>, script: Script, key: string, args: readonly string[]): Promise<unknown> {
	try {
		return await send(["EVALSHA", script.sha, "1", key, ...args]);
	} catch (error) {
		if (!isNoScript(error)) throw error;
		return send(["EVAL", script.source, "1", key, ...args]);
	}
}
