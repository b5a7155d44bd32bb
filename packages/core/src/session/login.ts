import type { Emit } from "../events.js";
import { IdentityError } from "../errors.js";
import { toRequestView } from "../http/request-view.js";
import { randomHex32 } from "../internal/random.js";
import type { IdentityStore } from "../store.js";
import { nowSeconds } from "../token/claims.js";
import type { CurrentUser, UserRecord } from "../types.js";
import { isActiveRecord, isAnonymousUser, toAuthenticatedUser, toUserView } from "../user.js";
import type { CookieJar } from "./cookie-jar.js";
import type { UserLoader } from "./current-user.js";
import type { CredentialIssuer } from "./issue.js";
import { currentClaims, readCurrent, setCurrent } from "./state.js";

/** Options of `loginUser`. */
export interface LoginOptions {
	/** The new uniquifier. Default: a fresh random one (single-session mode), or the current one. */
	uniquifier?: string;
	/** Also set the remember cookie. Default false. */
	remember?: boolean;
	/** Lifetime of the remember cookie in seconds. Default `remember.maxAgeSeconds`. */
	durationSeconds?: number;
	/** Mark the session fresh (a real login). Default true. */
	fresh?: boolean;
}

/** The store record behind a user argument; misuse (anonymous, no id) throws `ERR_INVALID_ARGUMENT`. */
export function recordOf(user: UserRecord | CurrentUser): UserRecord {
	if (!user || typeof user !== "object" || isAnonymousUser(user) || typeof (user as UserRecord).id !== "string") {
		throw new IdentityError("ERR_INVALID_ARGUMENT", "Expected a user record with an id");
	}
	return user as UserRecord;
}

export function createLogin(deps: {
	store: IdentityStore;
	jar: CookieJar;
	issuer: CredentialIssuer;
	loader: UserLoader;
	emit: Emit;
	clientAddress: (request: Request) => string | null;
	singleSession: boolean;
	rememberMaxAgeSeconds: number;
	/** Tells the user cache (and other instances) that the user changed. */
	changed(userId: string): void;
}) {
	const { store, jar, issuer, loader, emit } = deps;

	async function loginUser(request: Request, user: UserRecord | CurrentUser, options: LoginOptions = {}): Promise<boolean> {
		const record = recordOf(user);
		if (!isActiveRecord(record)) return false;
		const durationSeconds = options.durationSeconds ?? deps.rememberMaxAgeSeconds;
		if (!Number.isFinite(durationSeconds) || durationSeconds <= 0) {
			throw new IdentityError("ERR_INVALID_ARGUMENT", "loginUser: durationSeconds must be a positive number");
		}
		let uniquifier = record.uniquifier;
		if (options.uniquifier !== undefined || deps.singleSession || typeof uniquifier !== "string") {
			uniquifier = await store.setUniquifier(record, options.uniquifier ?? randomHex32());
			deps.changed(record.id);
		}
		const loggedIn: UserRecord = { ...record, uniquifier };
		const now = nowSeconds();
		await store.recordLogin(record, { at: new Date(now * 1000), address: deps.clientAddress(request) });
		const claims = await issuer.issueSession(request, loggedIn, { at: now, fresh: options.fresh ?? true });
		emit("tokenIssued", { user: toUserView(loggedIn), kind: "session", expiresAt: new Date(claims.exp * 1000) });
		if (options.remember) {
			const remembered = await issuer.issueRemember(request, loggedIn, durationSeconds);
			emit("tokenIssued", { user: toUserView(loggedIn), kind: "remember", expiresAt: new Date(remembered.exp * 1000) });
		} else if (jar.read(request, "remember").length > 0) {
			jar.clear(request, "remember");
		}
		setCurrent(request, { user: toAuthenticatedUser(loggedIn), source: "session", claims });
		return true;
	}

	async function logoutUser(request: Request): Promise<void> {
		const user = await loader.load(request);
		jar.clear(request, "session");
		if (jar.read(request, "remember").length > 0) jar.clear(request, "remember");
		if (user.isAuthenticated && deps.singleSession) {
			await store.setUniquifier(user as UserRecord);
			deps.changed((user as UserRecord).id);
		}
		loader.replace(request, null);
		if (user.isAuthenticated) emit("loggedOut", { request: toRequestView(request, deps.clientAddress(request)), user: toUserView(user as UserRecord) });
	}

	/**
	 * Makes the request's session fresh after the user re-entered the password (the `verify` route):
	 * a new session cookie with this login time, keeping the session id (and so the CSRF tokens of
	 * open forms).
	 */
	async function refreshLogin(request: Request, user: UserRecord): Promise<void> {
		const sid = currentClaims(request)?.sid;
		const claims = await issuer.issueSession(request, user, { at: nowSeconds(), fresh: true, sid });
		setCurrent(request, { user: toAuthenticatedUser(user), source: "session", claims });
	}

	/**
	 * Keeps the request's own session after the user's uniquifier was rotated (a password change):
	 * a new session cookie (and remember cookie, when the request had one) bound to the new
	 * uniquifier, with the same login time, freshness and session id. Other sessions stay ended.
	 */
	async function keepSession(request: Request, user: UserRecord): Promise<void> {
		const current = readCurrent(request);
		if (!current || (current.source !== "session" && current.source !== "remember")) return;
		const claims = await issuer.issueSession(request, user, { at: current.claims?.at ?? nowSeconds(), fresh: current.claims?.fr === 1, sid: current.claims?.sid });
		if (jar.read(request, "remember").length > 0) await issuer.issueRemember(request, user, deps.rememberMaxAgeSeconds);
		setCurrent(request, { user: toAuthenticatedUser(user), source: "session", claims });
	}

	async function getAuthToken(user: UserRecord | CurrentUser, options: { fresh?: boolean } = {}): Promise<string> {
		const record = recordOf(user);
		if (typeof record.uniquifier !== "string") throw new IdentityError("ERR_INVALID_ARGUMENT", "The user has no uniquifier");
		const { token, claims } = await issuer.mintBearer(record, { fresh: options.fresh === true });
		emit("tokenIssued", { user: toUserView(record), kind: "bearer", expiresAt: new Date(claims.exp * 1000) });
		return token;
	}

	return { loginUser, logoutUser, refreshLogin, keepSession, getAuthToken };
}
