import { createEmitter } from "./events.js";
import { createGuardRefusals, type FailureHandlers } from "./guards/refusals.js";
import { createGuards } from "./guards/guards.js";
import { createFailureResponder } from "./http/failures.js";
import type { Identity } from "./identity-types.js";
import { MAX_CREDENTIAL_LENGTH, MEMORY_COUNTER_KEYS, VERIFIED_TOKEN_CACHE_SIZE } from "./options/limits.js";
import { resolveOptions } from "./options/resolve.js";
import type { IdentityOptions, TemplateRender } from "./options/types.js";
import { createPasswordService } from "./password/index.js";
import { coordinatorCounters, storeCounters, type CounterStorage } from "./rate-limit/counters.js";
import { createMemoryCounters } from "./rate-limit/memory-counters.js";
import { createLoginThrottle, limitOfKey, type LoginThrottle } from "./rate-limit/throttle.js";
import { createUnknownAccountKey } from "./rate-limit/unknown-bucket.js";
import { createRoutes } from "./routes/router.js";
import { urlForIdentity } from "./routes/url.js";
import { createViewRenderer } from "./routes/views.js";
import { createAccountActions, createPasswordPolicy } from "./session/account.js";
import { createMailDelivery, MAX_CODE_TRIES, type FlowContext } from "./flows/flow-context.js";
import { createFlowTokens } from "./flows/flow-tokens.js";
import { randomHex32 } from "./internal/random.js";
import type { IdentityStoreWith } from "./store.js";
import { createCheckPassword } from "./session/authenticate.js";
import { createBasicReader } from "./session/basic.js";
import { createCookieJar } from "./session/cookie-jar.js";
import { createCredentialReaders } from "./session/credentials.js";
import { createCsrf } from "./session/csrf.js";
import { createDeviceCookies } from "./session/device-cookie.js";
import { createUserLoader } from "./session/current-user.js";
import { createCredentialIssuer } from "./session/issue.js";
import { createLiveUserLookup } from "./session/live-user.js";
import { createUserCache } from "./session/user-cache.js";
import { createLogin, recordOf } from "./session/login.js";
import { createPasswordLogin } from "./session/password-login.js";
import { applyCookies, readCurrent } from "./session/state.js";
import { createPurposeKeys } from "./token/keys.js";
import { createTokenCodec } from "./token/token.js";
import { hasRoles } from "./user.js";

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

	// The user cache hears of every write through this store object, and of other instances'
	// writes through the coordinator.
	const cache = o.userCache ? createUserCache(o.userCache) : null;
	const changed = (userId: string): void => {
		cache?.invalidate(userId);
		o.coordinator?.publishInvalidation(userId).catch(() => {});
	};
	if (cache || o.coordinator) store.subscribe?.(changed);
	if (cache) o.coordinator?.subscribeInvalidations((userId) => cache.invalidate(userId));

	// Credentials: signing, cookies, reading them back, and the request's user.
	const tokens = createTokenCodec(createPurposeKeys(o.secret), { maxLength: MAX_CREDENTIAL_LENGTH, cacheSize: VERIFIED_TOKEN_CACHE_SIZE });
	const jar = createCookieJar({
		cookie: o.cookie,
		names: { session: o.session.cookieName, remember: o.remember.cookieName, device: o.rateLimit ? o.rateLimit.deviceCookieName : "identity_device" }
	});
	const issuer = createCredentialIssuer({ tokens, jar, sessionMaxAgeSeconds: o.session.maxAgeSeconds, tokenMaxAgeSeconds: o.token.maxAgeSeconds });
	const readers = createCredentialReaders({
		tokens,
		jar,
		issuer,
		liveUser: createLiveUserLookup(store, cache),
		sessionMaxAgeSeconds: o.session.maxAgeSeconds,
		tokenHeader: o.token.header,
		tokenQueryParam: o.token.queryParam
	});
	const loader = createUserLoader(readers, o.anonymousUser);
	const csrf = createCsrf({ tokens, loader, trustedOrigins: o.trustedOrigins });

	// Passwords, the login throttle and the one password-login sequence (login, verify, HTTP Basic).
	const passwords = createPasswordService({ hasher: o.password.hasher ?? undefined, pepper: o.password.pepper, legacySalt: o.password.legacySalt });
	const rateLimit = o.rateLimit;
	let throttle: LoginThrottle | null = null;
	let throttleCounters: CounterStorage | undefined;
	if (rateLimit) {
		const counters: CounterStorage =
			rateLimit.storage === "coordinator" ? coordinatorCounters(o.coordinator!)
			: rateLimit.storage === "store" ? storeCounters(store)!
			: createMemoryCounters({ maxKeys: MEMORY_COUNTER_KEYS, limitOf: limitOfKey(rateLimit) });
		throttle = createLoginThrottle(rateLimit, counters);
		throttleCounters = counters;
	}
	const counters = throttle ? throttleCounters! : createMemoryCounters({ maxKeys: MEMORY_COUNTER_KEYS, limitOf: () => MAX_CODE_TRIES });
	const passwordLogin = createPasswordLogin({
		store,
		identityField: o.identityField,
		checkPassword: createCheckPassword({ store, passwords, emit }),
		throttle,
		devices: throttle ? createDeviceCookies({ tokens, jar }) : null,
		unknownAccountKey: createUnknownAccountKey(o.secret[0]!),
		clientAddress,
		emit
	});
	const login = createLogin({ store, jar, issuer, loader, emit, clientAddress, singleSession: o.session.singleSession, rememberMaxAgeSeconds: o.remember.maxAgeSeconds, changed });
	const policy = createPasswordPolicy(o.password);
	const delivery = createMailDelivery({ mailer: o.mailer, counters, origin: o.routes.origin, basePath: o.routes.basePath });
	const account = createAccountActions({
		store,
		passwords,
		policy,
		emit,
		changed,
		notify: (user) => {
			if (typeof user.email === "string" && user.email && o.mailer) delivery.mail(new Request(o.routes.origin ?? "http://localhost"), "password-changed", user.email, { account: String(user[o.identityField] ?? "") });
		}
	});
	const flowsOn = Object.values(o.flows).some((flow) => flow.enabled);
	const flows: FlowContext | null = flowsOn
		? {
				settings: o.flows,
				store: store as IdentityStoreWith<"setEmail" | "confirmUser">,
				tokens: createFlowTokens({
					tokens,
					secret: o.secret[0]!,
					lifetimeSeconds: (purpose) => (purpose === "confirm" ? o.flows.confirm : purpose === "reset" ? o.flows.recover : o.flows.changeEmail).maxAgeSeconds
				}),
				policy,
				passwordMinLength: o.password.minLength,
				hash: (password) => passwords.hash(password),
				mail: delivery.mail,
				link: delivery.link,
				async codeTriesExceeded(purpose, userId) {
					return ((await counters.read(`code:${purpose}:${userId}`, new Date()))?.count ?? 0) >= MAX_CODE_TRIES;
				},
				async wrongCode(purpose, userId) {
					await counters.increment(`code:${purpose}:${userId}`, (purpose === "confirm" ? o.flows.confirm : purpose === "reset" ? o.flows.recover : o.flows.changeEmail).maxAgeSeconds, new Date());
				},
				async revoke(user) {
					const uniquifier = await store.setUniquifier(user, randomHex32());
					changed(user.id);
					return uniquifier;
				},
				async unlock(user) {
					await throttle?.succeeded({ account: `user:${user.id}`, address: null, device: null });
				}
			}
		: null;

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
			return views.render("message", { ...page, links, form, requestedPath });
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
			basic: createBasicReader(passwordLogin, (user) => !(o.flows.confirm.enabled && !user.confirmedAt))
		},
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
		return { id: record.id, [o.identityField]: record[o.identityField], roles: [...(record.roles ?? [])] };
	};

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
		sourceOf: (request) => readCurrent(request)?.source ?? null,
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
