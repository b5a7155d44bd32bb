import { randomToken } from "../internal/random.js";
import { nowSeconds } from "../token/claims.js";
import type { TokenCodec } from "../token/token.js";
import type { CookieJar } from "./cookie-jar.js";

/** How long a browser stays a known device of an account after its last successful login. */
const DEVICE_LIFETIME_SECONDS = 365 * 24 * 60 * 60;

/**
 * Device cookies (OWASP's scheme against lockout by password spraying): a browser that logged in
 * to an account gets a signed cookie naming the account and a random device id. Its later login
 * attempts for that account are counted per device, not per account, so an attacker guessing the
 * account's password cannot lock its owner out. The cookie authenticates nothing by itself.
 */
export interface DeviceCookies {
	/** The device id when the request carries a valid device cookie for `userId`, else null. */
	read(request: Request, userId: string): Promise<string | null>;
	/** Queues the device cookie for `userId` (keeping the device id the request already had). */
	issue(request: Request, userId: string): Promise<void>;
}

export function createDeviceCookies(deps: { tokens: TokenCodec; jar: CookieJar }): DeviceCookies {
	const { tokens, jar } = deps;
	async function read(request: Request, userId: string): Promise<string | null> {
		for (const value of jar.read(request, "device")) {
			const claims = await tokens.verify("device", value);
			if (claims && claims.sub === userId) return claims.uq;
		}
		return null;
	}
	return {
		read,
		async issue(request, userId) {
			const device = (await read(request, userId)) ?? randomToken(16);
			const iat = nowSeconds();
			jar.set(request, "device", await tokens.sign("device", { sub: userId, uq: device, iat, exp: iat + DEVICE_LIFETIME_SECONDS }), DEVICE_LIFETIME_SECONDS);
		}
	};
}
