import type { AuthenticatedUser, UserRecord } from "../types.js";
import { toAuthenticatedUser } from "../user.js";
import { readAuthorization, type Authenticated } from "./credentials.js";
import type { PasswordLogin } from "./password-login.js";
import { memoPerRequest } from "./state.js";

/** The identity and password of an `Authorization: Basic` header, or null when absent or malformed. */
export function readBasicCredentials(request: Request): { identity: string; password: string } | null {
	const encoded = readAuthorization(request, "basic");
	if (!encoded || encoded.length > 2048) return null;
	let decoded: string;
	try {
		decoded = new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(atob(encoded), (c) => c.charCodeAt(0)));
	} catch {
		return null;
	}
	const colon = decoded.indexOf(":");
	if (colon <= 0) return null;
	return { identity: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * The user of HTTP Basic credentials, checked as a password login (the same rate limiter counts
 * each request, an empty password included). Memoised per request.
 */
export function createBasicReader(passwordLogin: PasswordLogin, accepts: (user: UserRecord) => boolean | Promise<boolean> = () => true): (request: Request) => Promise<Authenticated | null> {
	return (request) =>
		memoPerRequest(request, "basic", async () => {
			const credentials = readBasicCredentials(request);
			if (!credentials) return null;
			const result = await passwordLogin(request, credentials.identity, credentials.password);
			if (!result.ok || !(await accepts(result.user))) return null;
			const user: AuthenticatedUser = toAuthenticatedUser(result.user);
			return { user, source: "basic" as const, claims: null };
		});
}
