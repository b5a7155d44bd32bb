import { encodeHexLowerCase } from "@oslojs/encoding";
import { hmacSha256, importHmacKey } from "../token/hmac.js";
import { identityKey } from "./keys.js";

/** How many buckets unknown names share: bounds the counters a flood of random names can create. */
const BUCKETS_HEX_DIGITS = 4; // 65,536 buckets

/**
 * The counter key of a name that matches no user: a bucket chosen by a keyed hash of the folded
 * name. Known accounts are counted by user id; unknown names share 65,536 buckets, so a flood of
 * random names creates a bounded number of counters, and without the key nobody can aim at a bucket.
 */
export function createUnknownAccountKey(secret: string): (identity: string) => Promise<string> {
	const key = importHmacKey(new TextEncoder().encode(`@identity/core:v1:throttle-buckets:${secret}`));
	return async (identity) => {
		const mac = await hmacSha256(await key, identityKey(identity));
		return `unknown:${encodeHexLowerCase(mac).slice(0, BUCKETS_HEX_DIGITS)}`;
	};
}
