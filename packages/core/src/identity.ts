import { createEmitter } from "./events.js";
import { PENDING_LIFETIME_SECONDS } from "./factors/two-factor-service.js";
import { createGuardRefusals, type FailureHandlers } from "./guards/refusals.js";
import { createGuards } from "./guards/guards.js";
import { createFailureResponder } from "./http/failures.js";
import type { Identity } from "./identity-types.js";
import { resolveOptions } from "./options/resolve.js";
import type { IdentityOptions, TemplateRender } from "./options/types.js";
import { createRoutes } from "./routes/router.js";
import { urlForIdentity } from "./routes/url.js";
import { createViewRenderer } from "./routes/views.js";
import { createBasicReader } from "./session/basic.js";
import { recordOf } from "./session/login.js";
import { applyCookies, currentSource, readCurrent } from "./session/state.js";
import type { IdentityStoreWith } from "./store.js";
import type { UserRecord } from "./types.js";
import { hasRoles } from "./user.js";
import { wireCredentials } from "./wiring/credentials.js";
import { wireFeatures } from "./wiring/features.js";
import { wireSignIn } from "./wiring/sign-in.js";

/**
 * Creates an identity: user loading, guards, login/logout, tokens, passwords and the default routes,
 * as a plain object of functions. Options are validated here, once.
 *
 * @throws {InvalidOptionsError} `ERR_INVALID_OPTIONS` naming the option: a missing store, a weak secret, an unknown option, a bad value.
 * @example
 * const identity = createIdentity({ store: await createSqliteStore("identity.db"), secret: env.IDENTITY_SECRET });
 * const { rolesRequired } = identity;
 * export const GET = rolesRequired((request) => new Response("admins only"), "admin");
 */
export function createIdentity(options: IdentityOptions): Identity {
	const o = resolveOptions(options);
	const { store } = o;
	const emit = createEmitter(o.events);
	const clientAddress = (request: Request): string | null => o.getClientAddress?.(request) ?? null;
	// Registered later by `unauthenticatedHandler(fn)` and friends, so read at each use.
	const handlers: FailureHandlers & { templateRender: TemplateRender | null } = {
		unauthenticated: o.unauthenticatedHandler,
		unauthorized: o.unauthorizedHandler,
		templateRender: o.templateRender
	};

	// A loaded user carries its two-factor state (for the security payload) when two-factor is on.
	const twoFactorStore = store as IdentityStoreWith<"getTwoFactor">;
	const enrich = o.twoFactor
		? async (record: UserRecord) => {
				const state = await twoFactorStore.getTwoFactor(record);
				return { ...record, twoFactor: { enabled: Boolean(state?.enabledAt), recoveryCodesLeft: state?.enabledAt ? state.recoveryCodesLeft : 0 } };
			}
		: undefined;
	const credentials = wireCredentials(o, enrich);
	const { tokens, jar, loader, readers, quickReaders, csrf, changed } = credentials;
	const signIn = wireSignIn(o, credentials, emit, clientAddress);
	const { passwords, passwordLogin, login } = signIn;
	const { account, flows, twoFactor, passkeys } = wireFeatures(o, signIn, tokens, emit, changed);

	// Responses: the view renderer, the failure table, and the guards' refusals.
	const views = createViewRenderer(() => handlers.templateRender);
	const url = (endpoint: Parameters<Identity["urlForIdentity"]>[0], values?: Record<string, string>) => urlForIdentity(o.routes.basePath, endpoint, values);
	const failure = createFailureResponder({
		tokenHeader: o.token.header,
		async renderPage(request, page) {
			const signedIn = loader.peek(request).isAuthenticated && o.routes.enabled;
			const links = [{ href: "/", label: "Home" }];
			if (page.status === 401 && !signedIn && o.routes.enabled) links.unshift({ href: url("login"), label: "Sign in" });
			const form = signedIn ? { action: url("logout"), label: "Sign out", csrfToken: await csrf.issueToken(request) } : null;
			const path = new URL(request.url).pathname;
			const requestedPath = (page.status === 401 || page.status === 403) && !path.startsWith(`${o.routes.basePath}/`) ? path : null;
			return views.render(request, "message", { ...page, links, form, requestedPath });
		}
	});
	const refusals = createGuardRefusals({
		failure,
		handlers,
		tokenHeader: o.token.header,
		views: o.views,
		verifyRoute: o.routes.enabled ? url("verify") : null
	});
	const guards = createGuards({
		loader,
		readers: {
			token: readers.readRequestToken,
			session: readers.readCookies,
			// Basic is refused to unconfirmed users (confirm on) and to users with two-factor on.
			basic: createBasicReader(passwordLogin, async (user) => !(o.flows.confirm.enabled && !user.confirmedAt) && !(await twoFactor?.isEnabled(user)))
		},
		quickReaders,
		csrf,
		refusals,
		failure,
		exemptMethods: o.exemptMethods,
		exemptResponse: o.exemptResponse ?? (() => new Response(null, { status: 204 })),
		defaultMethods: o.authMethods,
		freshnessMaxAgeSeconds: o.freshness.maxAgeSeconds
	});

	const getSecurityPayload = (user: Parameters<Identity["getSecurityPayload"]>[0]) => {
		const record = recordOf(user);
		if (o.securityPayload) return o.securityPayload(record);
		const payload: Record<string, unknown> = { id: record.id, [o.identityField]: record[o.identityField], roles: [...(record.roles ?? [])] };
		if (o.twoFactor) {
			const state = record.twoFactor as { enabled: boolean; recoveryCodesLeft: number } | undefined;
			payload.twoFactor = state?.enabled ?? false;
			payload.recoveryCodesLeft = state?.recoveryCodesLeft ?? 0;
		}
		return payload;
	};
	/** The payload with the user's two-factor state read from the store (for the routes' answers). */
	const payloadOf = async (user: UserRecord) => getSecurityPayload(o.twoFactor && user.twoFactor === undefined && enrich ? await enrich(user) : user);

	const identity: Identity = {
		store,
		getCurrentUser: loader.load,
		currentUser: loader.peek,
		currentAuthentication(request) {
			const current = readCurrent(request);
			const claims = current?.claims ?? null;
			const method = current?.user.isAuthenticated ? current.source : null;
			const fresh = method === "basic" || (claims?.fr === 1 && claims.at !== undefined && Date.now() / 1000 - claims.at <= o.freshness.maxAgeSeconds);
			return {
				method,
				fresh: method !== null && fresh,
				authenticatedAt: method && claims?.at !== undefined ? new Date(claims.at * 1000) : null,
				expiresAt: method && claims ? new Date(claims.exp * 1000) : null
			};
		},
		updateRequestContextWithUser: loader.replace,
		...guards,
		applyCookies,
		unauthenticated: refusals.unauthenticated,
		unauthorized: refusals.unauthorized,
		unauthenticatedHandler(fn) {
			handlers.unauthenticated = fn;
		},
		unauthorizedHandler(fn) {
			handlers.unauthorized = fn;
		},
		templateRender(fn) {
			handlers.templateRender = fn;
		},
		loginUser: login.loginUser,
		logoutUser: login.logoutUser,
		getAuthToken: login.getAuthToken,
		getSecurityPayload,
		hasRoles,
		hashPassword: (password) => passwords.hash(password),
		verifyPassword: async (password, hash) => (await passwords.verify(password, hash)).ok,
		changePassword: (user, newPassword) => account.changePassword(recordOf(user), newPassword),
		resetUserAccess: (user) => account.resetUserAccess(recordOf(user)),
		getCsrfToken: csrf.issueToken,
		handle: (request) => handle(request),
		urlForIdentity: url
	};

	const routes = createRoutes({
		identity,
		passwordLogin,
		refreshLogin: login.refreshLogin,
		keepSession: login.keepSession,
		flows,
		factors: { twoFactor, passkeys },
		pendingCookie: {
			read: (request) => jar.read(request, "pending"),
			set: (request, token) => jar.set(request, "pending", token, PENDING_LIFETIME_SECONDS),
			clear: (request) => jar.clear(request, "pending")
		},
		payloadOf,
		sourceOf: (request) => currentSource(request),
		csrf,
		carriesOurCookies: jar.carriesAny,
		failure,
		views,
		emit,
		clientAddress,
		settings: {
			identityField: o.identityField,
			basePath: o.routes.basePath,
			tokenHeader: o.token.header,
			postLogin: o.views.postLogin,
			postLogout: o.views.postLogout,
			postRegister: o.views.postRegister,
			postConfirm: o.views.postConfirm,
			postReset: o.views.postReset
		}
	});
	const handle = async (request: Request): Promise<Response> => (o.routes.enabled ? routes(request) : failure(request, "not_found"));
	return identity;
}
