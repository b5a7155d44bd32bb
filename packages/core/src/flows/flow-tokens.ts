import { encodeBase64urlNoPadding } from "@oslojs/encoding";
import { constantTimeEqualStrings } from "../internal/constant-time.js";
import { hmacSha256, importHmacKey } from "../token/hmac.js";
import { nowSeconds, type TokenClaims } from "../token/claims.js";
import type { TokenCodec } from "../token/token.js";
import type { UserRecord } from "../types.js";

/** What an emailed link or code is for. */
export type FlowPurpose = "confirm" | "reset" | "change-email";

/** The claims of a flow token: the user, the user's fingerprint, and the new address of an email change. */
export interface FlowClaims extends TokenClaims {
	/** The new email address (change-email only). */
	em?: string;
}

/** Issues and checks the tokens and codes of emailed links. */
export interface FlowTokens {
	/** A link token and the code that works in its place, both bound to `purpose`, the user and the user's current state. */
	issue(purpose: FlowPurpose, user: UserRecord, newEmail?: string): Promise<{ token: string; code: string }>;
	/** The user id and new address a token names, when it is valid for `purpose` and unexpired; the caller then checks `matches`. */
	read(purpose: FlowPurpose, token: string): Promise<FlowClaims | null>;
	/** Whether a read token still matches the user: it dies once the password, email, uniquifier or confirmation changes. */
	matches(purpose: FlowPurpose, claims: FlowClaims, user: UserRecord): Promise<boolean>;
	/** Whether `code` is the user's current code for `purpose` (and new address). */
	checkCode(purpose: FlowPurpose, user: UserRecord, code: string, newEmail?: string): Promise<boolean>;
}

/** 8 digits: with at most 5 wrong tries, a guess succeeds with probability 5e-8. */
const CODE_DIGITS = 8;

/**
 * Flow tokens are signed credentials of their own purpose (a reset token is refused as a confirm
 * token and by every other verifier) carrying a keyed fingerprint of the user's password hash,
 * email, uniquifier and confirmation time: once any of these changes (which using the link does),
 * the token is dead. Nothing is stored server-side. Codes are keyed hashes of the same state and a
 * time window of half the lifetime (the current and the previous window are accepted), so a code
 * lives between half and all of `lifetime`.
 */
export function createFlowTokens(deps: { tokens: TokenCodec; secret: string; lifetimeSeconds: (purpose: FlowPurpose) => number }): FlowTokens {
	const key = importHmacKey(new TextEncoder().encode(`@identity/core:v1:flow-state:${deps.secret}`));
	const mac = async (text: string) => hmacSha256(await key, text);

	async function fingerprint(purpose: FlowPurpose, user: UserRecord, newEmail = ""): Promise<string> {
		const state = [purpose, user.id, user.password, user.email ?? "", user.uniquifier, user.confirmedAt?.getTime() ?? "", newEmail.toLowerCase()].join("\u0000");
		return encodeBase64urlNoPadding((await mac(state)).slice(0, 16));
	}

	async function codeAt(purpose: FlowPurpose, user: UserRecord, window: number, newEmail?: string): Promise<string> {
		const digest = await mac(`code\u0000${await fingerprint(purpose, user, newEmail)}\u0000${window}`);
		const value = ((digest[0]! << 24) | (digest[1]! << 16) | (digest[2]! << 8) | digest[3]!) >>> 0;
		return String(value % 10 ** CODE_DIGITS).padStart(CODE_DIGITS, "0");
	}
	const windowOf = (purpose: FlowPurpose, at: number) => Math.floor(at / Math.max(1, Math.floor(deps.lifetimeSeconds(purpose) / 2)));

	return {
		async issue(purpose, user, newEmail) {
			const iat = nowSeconds();
			const claims: FlowClaims = { sub: user.id, uq: await fingerprint(purpose, user, newEmail), iat, exp: iat + deps.lifetimeSeconds(purpose) };
			if (newEmail !== undefined) claims.em = newEmail;
			return { token: await deps.tokens.sign(purpose, claims), code: await codeAt(purpose, user, windowOf(purpose, iat), newEmail) };
		},
		async read(purpose, token) {
			if (typeof token !== "string") return null;
			const claims = (await deps.tokens.verify(purpose, token)) as FlowClaims | null;
			if (!claims || (claims.em !== undefined && typeof claims.em !== "string")) return null;
			return claims;
		},
		async matches(purpose, claims, user) {
			return claims.sub === user.id && constantTimeEqualStrings(claims.uq, await fingerprint(purpose, user, claims.em));
		},
		async checkCode(purpose, user, code, newEmail) {
			if (typeof code !== "string" || !/^\d{6,8}$/.test(code.trim())) return false;
			const given = code.trim().padStart(CODE_DIGITS, "0");
			const window = windowOf(purpose, nowSeconds());
			let ok = false;
			for (const w of [window, window - 1]) ok = constantTimeEqualStrings(given, await codeAt(purpose, user, w, newEmail)) || ok;
			return ok;
		}
	};
}
