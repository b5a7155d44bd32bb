import { applyCookies } from "./apply-cookies.js";
import { authenticate } from "./authenticate.js";
import { readCookie } from "./cookie.js";
import { checkOrigin, issueCsrfToken, verifyCsrfToken } from "./csrf.js";
import { loadCurrentUser, peekCurrentUser, replaceCurrentUser } from "./current-user.js";
import type { Engine } from "./engine.js";
import { createGuards } from "./guards.js";
import type { Identity } from "./identity-api.js";
import { getAuthToken, getSecurityPayload, loginUser, logoutUser } from "./login.js";
import type { IdentityOptions } from "./options.js";
import { createPasswordService } from "./password/index.js";
import { createLoginRateLimiter } from "./rate-limit.js";
import { resolveOptions } from "./resolve-options.js";
import { unauthenticatedResponse, unauthorizedResponse } from "./responses.js";
import { createRoutes, urlForIdentity } from "./routes/index.js";
import { createPurposeKeys } from "./token/keys.js";
import { createTokenCodec } from "./token/token.js";
import { hasRoles } from "./user.js";

/**
 * Creates an identity: user loading, guards, login/logout, tokens, passwords and the default routes,
 * as a plain object of functions. Options are validated here, once.
 *
 * @throws {InvalidOptionsError} `ERR_INVALID_OPTIONS` for a missing store, a secret under 32 bytes or an unknown option.
 * @example
 * const identity = createIdentity({ store: await createSqliteStore("identity.db"), secret: env.IDENTITY_SECRET });
 * const { rolesRequired } = identity;
 * export const GET = rolesRequired((request) => new Response("admins only"), "admin");
 */
export function createIdentity(options: IdentityOptions): Identity {
	const resolved = resolveOptions(options);
	const engine: Engine = {
		options: resolved,
		tokens: createTokenCodec(createPurposeKeys(resolved.secrets), { maxLength: resolved.maxCredentialLength }),
		passwords: createPasswordService({
			hasher: resolved.password.hasher,
			pepper: resolved.password.pepper,
			legacySalt: resolved.password.legacySalt
		}),
		limiter: createLoginRateLimiter(resolved.rateLimit, resolved.store),
		emit(name, event) {
			const hook = resolved.events[name] as ((event: unknown) => unknown) | undefined;
			if (!hook) return;
			try {
				Promise.resolve(hook(event)).catch(() => {});
			} catch {
				// Hooks observe; they cannot break the request.
			}
		}
	};
	const guards = createGuards(engine);
	const ourCookies = [resolved.session.cookieName, resolved.remember.cookieName];
	const handle = createRoutes({
		options: {
			identityField: resolved.identityField,
			basePath: resolved.routes.basePath,
			postLogin: resolved.views.postLogin,
			postLogout: resolved.views.postLogout,
			rateLimit: resolved.rateLimit
		},
		store: resolved.store,
		limiter: engine.limiter,
		getCurrentUser: (request) => loadCurrentUser(engine, request),
		authenticate: (identity, password) => authenticate(engine, identity, password),
		loginUser: (request, user, loginOptions) => loginUser(engine, request, user, loginOptions),
		logoutUser: (request) => logoutUser(engine, request),
		getAuthToken: (user) => getAuthToken(engine, user, { fresh: true }),
		getSecurityPayload: (user) => getSecurityPayload(engine, user),
		issueCsrfToken: (request) => issueCsrfToken(engine, request),
		verifyCsrfToken: (request, token) => verifyCsrfToken(engine, request, token),
		checkOrigin: (request) => checkOrigin(engine, request),
		hasIdentityCookies: (request) => ourCookies.some((name) => readCookie(request.headers.get("cookie"), name) !== null),
		applyCookies,
		templateRender: () => resolved.handlers.templateRender ?? null,
		emit: engine.emit,
		clientAddress: (request) => resolved.getClientAddress(request)
	});

	return {
		store: resolved.store,
		getCurrentUser: (request) => loadCurrentUser(engine, request),
		currentUser: (request) => peekCurrentUser(engine, request),
		updateRequestContextWithUser: (request, user) => replaceCurrentUser(engine, request, user),
		...guards,
		applyCookies,
		unauthenticated: (request) => unauthenticatedResponse(engine, request),
		unauthorized: (request) => unauthorizedResponse(engine, request),
		unauthenticatedHandler(fn) {
			resolved.handlers.unauthenticated = fn;
		},
		unauthorizedHandler(fn) {
			resolved.handlers.unauthorized = fn;
		},
		templateRender(fn) {
			resolved.handlers.templateRender = fn;
		},
		loginUser: (request, user, loginOptions) => loginUser(engine, request, user, loginOptions),
		logoutUser: (request) => logoutUser(engine, request),
		getAuthToken: (user, tokenOptions) => getAuthToken(engine, user, tokenOptions),
		getSecurityPayload: (user) => getSecurityPayload(engine, user),
		hasRoles,
		hashPassword: (password) => engine.passwords.hash(password),
		verifyPassword: async (password, hash) => (await engine.passwords.verify(password, hash)).ok,
		getCsrfToken: (request) => issueCsrfToken(engine, request),
		handle: async (request) => (resolved.routes.enabled ? handle(request) : new Response("Not Found", { status: 404 })),
		urlForIdentity: (endpoint, values) => urlForIdentity(resolved.routes.basePath, endpoint, values)
	};
}
