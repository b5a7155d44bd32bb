/** The claims every credential carries. Times are Unix seconds. */
export interface TokenClaims {
	/** The user id. */
	sub: string;
	/** The user's uniquifier when the credential was issued: rotating it revokes the credential. */
	uq: string;
	iat: number;
	exp: number;
	/** When the user last authenticated with a password (freshness). */
	at?: number;
	/** 1 when the login was fresh (not restored from a remember cookie). */
	fr?: 0 | 1;
	/** A random session id: binds CSRF tokens to one login. */
	sid?: string;
}

/** Parses untrusted JSON claims; null unless every field has the right type. */
export function parseClaims(value: unknown): TokenClaims | null {
	if (typeof value !== "object" || value === null) return null;
	const c = value as Record<string, unknown>;
	if (typeof c.sub !== "string" || typeof c.uq !== "string") return null;
	if (!Number.isSafeInteger(c.iat) || !Number.isSafeInteger(c.exp)) return null;
	if (c.at !== undefined && !Number.isSafeInteger(c.at)) return null;
	if (c.fr !== undefined && c.fr !== 0 && c.fr !== 1) return null;
	if (c.sid !== undefined && typeof c.sid !== "string") return null;
	return c as unknown as TokenClaims;
}

/** The current time in Unix seconds. */
export function nowSeconds(): number {
	return Math.floor(Date.now() / 1000);
}
