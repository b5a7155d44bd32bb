import type { AnonymousUser, CurrentUser, UserRecord } from "../types.js";
import { isAnonymousUser, isAuthenticatedUser, recordOf, toAuthenticatedUser } from "../user.js";
import type { PendingAuthenticated, QuickCredentialReaders, QuickRead } from "./quick-credentials.js";
import type { Authenticated, CredentialReaders } from "./credentials.js";
import { memoPerRequest, readCurrent, setCurrent, setPendingCurrent } from "./state.js";

/**
 * What the quick path hands a guard's rule: the current user, or the record the user will be made
 * from (the user cache's, or the one store lookup's: the same fields and roles), so that the rule
 * runs without making the user object (see setPendingCurrent).
 */
export type QuickUser = CurrentUser | UserRecord;

/** Loading and replacing the current user of a request. */
export interface UserLoader {
	/**
	 * The request's user: the session cookie, then the remember cookie, then a request token; else
	 * the anonymous user. Memoised per Request (the same object every time). Store failures throw
	 * `StoreError` (guards answer 503).
	 */
	load(request: Request): Promise<CurrentUser>;
	/**
	 * The request's authenticated user when it is known already or the quick readers can confirm it
	 * (see quick-credentials.ts): synchronously on a user-cache hit, else a promise of one lookup. A
	 * user the quick readers confirmed is answered as its record (see QuickUser) and made only when read.
	 * Undefined (or a promise of it) when only `load` can tell. The promise rejects when the store fails.
	 */
	loadQuick(request: Request): QuickUser | undefined | Promise<QuickUser | undefined>;
	/** The user already known for this request, else the anonymous user. Synchronous. */
	peek(request: Request): CurrentUser;
	/** Makes a credential's user the request's user. */
	adopt(request: Request, found: Authenticated): CurrentUser;
	/** Adopts what a quick reader found (now, or once its lookup settles); undefined when it found nothing certain. */
	adoptQuick(request: Request, read: QuickRead): QuickUser | undefined | Promise<QuickUser | undefined>;
	/**
	 * Replaces the request's user (anonymous when absent; a bare store record is wrapped). The
	 * credential's claims stay only when the new user is the same user.
	 */
	replace(request: Request, user?: CurrentUser | UserRecord | null): void;
}

export function createUserLoader(readers: CredentialReaders, quick: QuickCredentialReaders, anonymousUser: AnonymousUser): UserLoader {
	const adopt = (request: Request, found: Authenticated) => setCurrent(request, { user: found.user, source: found.source, claims: found.claims });
	const adoptPending = (request: Request, found: PendingAuthenticated): UserRecord => {
		setPendingCurrent(request, found.pending, found.source, found.claims);
		return recordOf(found.pending);
	};
	const adoptQuick = (request: Request, read: QuickRead): QuickUser | undefined | Promise<QuickUser | undefined> => {
		if (!read) return undefined;
		if (read instanceof Promise) return read.then((found) => (found ? adoptPending(request, found) : undefined));
		return adoptPending(request, read);
	};

	return {
		adopt,
		adoptQuick,
		async load(request) {
			const known = readCurrent(request);
			if (known) return known.user;
			return memoPerRequest(request, "current", async () => {
				const found = (await readers.readCookies(request)) ?? (await readers.readRequestToken(request));
				// A login or replacement during the lookup wins over what the credentials said.
				const current = readCurrent(request);
				if (current) return current.user;
				return found ? adopt(request, found) : setCurrent(request, { user: anonymousUser, source: null, claims: null });
			});
		},
		loadQuick(request) {
			const known = readCurrent(request);
			if (known) return known.user.isAuthenticated ? known.user : undefined;
			// The order of `load`: the cookies, then a request token.
			const cookie = quick.session(request);
			if (cookie !== null) return adoptQuick(request, cookie);
			return adoptQuick(request, quick.token(request));
		},
		peek: (request) => readCurrent(request)?.user ?? anonymousUser,
		replace(request, user) {
			if (!user || isAnonymousUser(user)) {
				setCurrent(request, { user: user ?? anonymousUser, source: null, claims: null });
				return;
			}
			const next = isAuthenticatedUser(user) ? user : toAuthenticatedUser(user as UserRecord);
			const known = readCurrent(request);
			const same = known?.user.isAuthenticated === true && (known.user as UserRecord).id === next.id;
			setCurrent(request, { user: next, source: same ? known.source : null, claims: same ? known.claims : null });
		}
	};
}
