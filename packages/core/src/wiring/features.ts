import type { Emit } from "../events.js";
import { createPasskeyService, singleUse, type PasskeyService } from "../factors/passkey-service.js";
import { createTwoFactorService, type TwoFactorService } from "../factors/two-factor-service.js";
import { createMailDelivery, MAX_CODE_TRIES, type FlowContext } from "../flows/flow-context.js";
import { createFlowTokens, type FlowPurpose } from "../flows/flow-tokens.js";
import { randomHex32 } from "../internal/random.js";
import type { ResolvedOptions } from "../options/resolve.js";
import { createAccountActions, createPasswordPolicy } from "../session/account.js";
import type { IdentityStoreWith } from "../store.js";
import type { TokenCodec } from "../token/token.js";
import type { SignIn } from "./sign-in.js";

/**
 * The optional features of an identity: the account flows (with mail), TOTP two-factor and
 * passkeys, each null when off; and the account actions for code that is not a route.
 */
export function wireFeatures(o: ResolvedOptions, signIn: SignIn, tokens: TokenCodec, emit: Emit, changed: (userId: string) => void) {
	const { store } = o;
	const { passwords, counters, throttle } = signIn;
	const policy = createPasswordPolicy(o.password);
	const delivery = createMailDelivery({ mailer: o.mailer, counters, origin: o.routes.origin, basePath: o.routes.basePath });
	const account = createAccountActions({
		store,
		passwords,
		policy,
		emit,
		changed,
		notify: (user) => {
			if (typeof user.email === "string" && user.email && o.mailer) {
				delivery.mail(new Request(o.routes.origin ?? "http://localhost"), "password-changed", user.email, { account: String(user[o.identityField] ?? "") });
			}
		}
	});

	const lifetime = (purpose: FlowPurpose) => (purpose === "confirm" ? o.flows.confirm : purpose === "reset" ? o.flows.recover : o.flows.changeEmail).maxAgeSeconds;
	const flows: FlowContext | null = Object.values(o.flows).some((flow) => flow.enabled)
		? {
				settings: o.flows,
				store: store as IdentityStoreWith<"setEmail" | "confirmUser">,
				tokens: createFlowTokens({ tokens, secret: o.secret[0]!, lifetimeSeconds: lifetime }),
				policy,
				passwordMinLength: o.password.minLength,
				hash: (password) => passwords.hash(password),
				mail: delivery.mail,
				link: delivery.link,
				codeTriesExceeded: async (purpose, userId) => ((await counters.read(`code:${purpose}:${userId}`, new Date()))?.count ?? 0) >= MAX_CODE_TRIES,
				wrongCode: async (purpose, userId) => void (await counters.increment(`code:${purpose}:${userId}`, lifetime(purpose), new Date())),
				async revoke(user) {
					const uniquifier = await store.setUniquifier(user, randomHex32());
					changed(user.id);
					return uniquifier;
				},
				unlock: async (user) => void (await throttle?.succeeded({ account: `user:${user.id}`, address: null, device: null }))
			}
		: null;

	const twoFactor: TwoFactorService | null = o.twoFactor
		? createTwoFactorService({
				store: store as IdentityStoreWith<"getTwoFactor" | "setTwoFactor" | "advanceTotpStep" | "takeRecoveryCode">,
				tokens,
				secrets: o.secret,
				issuer: o.twoFactor.issuer,
				identityField: o.identityField,
				counters
			})
		: null;
	const passkeys: PasskeyService | null = o.passkeys
		? createPasskeyService({
				store: store as IdentityStoreWith<"listPasskeys" | "addPasskey" | "findPasskey" | "updatePasskeyCounter" | "deletePasskey">,
				rp: o.passkeys,
				secret: o.secret[0]!,
				identityField: o.identityField,
				consumeOnce: singleUse(o.coordinator, store)
			})
		: null;
	return { account, flows, twoFactor, passkeys };
}
