import { randomToken } from "../internal/random.js";
import { nowSeconds, type TokenClaims } from "../token/claims.js";
import type { TokenCodec } from "../token/token.js";
import type { UserRecord } from "../types.js";
import type { CookieJar } from "./cookie-jar.js";

/** Who a credential names: the user's id and the uniquifier it is bound to. */
export type CredentialSubject = Pick<UserRecord, "id" | "uniquifier">;

/** What a session remembers of its login. */
export interface SessionLogin {
	/** When the user last entered a password (Unix seconds): freshness is measured from it. */
	at: number;
	/** A real login (true), or a session restored from the remember cookie (false). */
	fresh: boolean;
	/** The session id CSRF tokens are bound to; kept when the session slides, new at each login. */
	sid?: string;
}

/** Mints the credentials of one identity: session cookie, remember cookie, bearer tokens. */
export interface CredentialIssuer {
	/**
	 * Queues the session cookie: a browser-session cookie (no Max-Age) whose signed value expires
	 * after `session.maxAgeSeconds` and slides while the user is active.
	 */
	issueSession(request: Request, user: CredentialSubject, login: SessionLogin): Promise<TokenClaims>;
	/** Queues the remember cookie: a separate long-lived credential bound to the uniquifier. */
	issueRemember(request: Request, user: CredentialSubject, durationSeconds: number): Promise<TokenClaims>;
	/** A signed bearer token bound to the uniquifier, expiring after `token.maxAgeSeconds`. */
	mintBearer(user: CredentialSubject, options: { fresh: boolean }): Promise<{ token: string; claims: TokenClaims }>;
}

export function createCredentialIssuer(deps: {
	tokens: TokenCodec;
	jar: CookieJar;
	sessionMaxAgeSeconds: number;
	tokenMaxAgeSeconds: number;
}): CredentialIssuer {
	const { tokens, jar } = deps;
	return {
		async issueSession(request, user, login) {
			const iat = nowSeconds();
			const claims: TokenClaims = {
				sub: user.id,
				uq: user.uniquifier,
				iat,
				exp: iat + deps.sessionMaxAgeSeconds,
				at: login.at,
				fr: login.fresh ? 1 : 0,
				sid: login.sid ?? randomToken(16)
			};
			jar.set(request, "session", await tokens.sign("session", claims));
			return claims;
		},
		async issueRemember(request, user, durationSeconds) {
			const iat = nowSeconds();
			const claims: TokenClaims = { sub: user.id, uq: user.uniquifier, iat, exp: iat + durationSeconds, at: iat };
			jar.set(request, "remember", await tokens.sign("remember", claims), durationSeconds);
			return claims;
		},
		async mintBearer(user, { fresh }) {
			const iat = nowSeconds();
			const claims: TokenClaims = { sub: user.id, uq: user.uniquifier, iat, exp: iat + deps.tokenMaxAgeSeconds, at: iat, fr: fresh ? 1 : 0 };
			return { token: await tokens.sign("bearer", claims), claims };
		}
	};
}
