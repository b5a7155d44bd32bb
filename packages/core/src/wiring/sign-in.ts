import type { Emit } from "../events.js";
import { MEMORY_COUNTER_KEYS } from "../options/limits.js";
import type { ResolvedOptions } from "../options/resolve.js";
import { createPasswordService } from "../password/index.js";
import { coordinatorCounters, storeCounters, type CounterStorage } from "../rate-limit/counters.js";
import { createMemoryCounters } from "../rate-limit/memory-counters.js";
import { createLoginThrottle, limitOfKey, type LoginThrottle } from "../rate-limit/throttle.js";
import { createUnknownAccountKey } from "../rate-limit/unknown-bucket.js";
import { createCheckPassword } from "../session/authenticate.js";
import { createDeviceCookies } from "../session/device-cookie.js";
import { createLogin } from "../session/login.js";
import { createPasswordLogin } from "../session/password-login.js";
import type { Credentials } from "./credentials.js";

/** Wrong codes (emailed or pending two-factor) the shared counters keep when the throttle is off. */
const MAX_TRIES_WITHOUT_THROTTLE = 5;

/**
 * The sign-in layer: the password service, the shared counters (the coordinator's, the store's,
 * or bounded memory), the login throttle, the one password-login sequence (login, verify, HTTP
 * Basic), and login/logout.
 */
export function wireSignIn(o: ResolvedOptions, credentials: Credentials, emit: Emit, clientAddress: (request: Request) => string | null) {
	const { store } = o;
	const { tokens, jar, issuer, loader, changed } = credentials;
	const passwords = createPasswordService({ hasher: o.password.hasher ?? undefined, pepper: o.password.pepper, legacySalt: o.password.legacySalt });
	const rateLimit = o.rateLimit;
	const counters: CounterStorage =
		o.coordinator && (!rateLimit || rateLimit.storage === "coordinator") ? coordinatorCounters(o.coordinator)
		: rateLimit && rateLimit.storage === "store" ? storeCounters(store)!
		: createMemoryCounters({ maxKeys: MEMORY_COUNTER_KEYS, limitOf: rateLimit ? limitOfKey(rateLimit) : () => MAX_TRIES_WITHOUT_THROTTLE });
	const throttle: LoginThrottle | null = rateLimit ? createLoginThrottle(rateLimit, counters) : null;
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
	const login = createLogin({
		store,
		jar,
		issuer,
		loader,
		emit,
		clientAddress,
		singleSession: o.session.singleSession,
		rememberMaxAgeSeconds: o.remember.maxAgeSeconds,
		changed
	});
	return { passwords, counters, throttle, passwordLogin, login };
}

/** The sign-in layer of an identity. */
export type SignIn = ReturnType<typeof wireSignIn>;
