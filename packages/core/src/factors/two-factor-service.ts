import { encodeBase64urlNoPadding } from "@oslojs/encoding";
import { constantTimeEqualStrings } from "../internal/constant-time.js";
import { randomToken } from "../internal/random.js";
import type { CounterStorage } from "../rate-limit/counters.js";
import type { IdentityStoreWith } from "../store.js";
import { nowSeconds, type TokenClaims } from "../token/claims.js";
import { hmacSha256, importHmacKey } from "../token/hmac.js";
import type { TokenCodec } from "../token/token.js";
import type { UserRecord } from "../types.js";
import { createRecoveryCodes, hashRecoveryCode, readRecoveryCode } from "./recovery-codes.js";
import { createSecretBox } from "./secret-box.js";
import { qrSvg } from "./qr/svg.js";
import { createTotpSecret, decodeTotpSecret, encodeTotpSecret, matchTotp, totpUrl } from "./totp.js";

/** How long a pending two-factor login (after the right password) lives. */
export const PENDING_LIFETIME_SECONDS = 5 * 60;
/** Wrong codes a pending login survives. */
export const MAX_PENDING_TRIES = 5;
/** How long a setup token (between setup and enable) lives. */
const SETUP_LIFETIME_SECONDS = 15 * 60;

/** The two-factor state a user record carries once loaded by the identity. */
export interface TwoFactorSummary {
	enabled: boolean;
	recoveryCodesLeft: number;
}

/** What a pending login remembers of the password step. */
export interface PendingLogin {
	user: UserRecord;
	/** The pending credential's id: wrong codes are counted against it. */
	id: string;
	remember: boolean;
}

type TwoFactorStore = IdentityStoreWith<"getTwoFactor" | "setTwoFactor" | "advanceTotpStep" | "takeRecoveryCode">;

/**
 * TOTP two-factor for one identity: enrolment, the one-time checks (no code is accepted twice: the
 * step is advanced by an atomic compare-and-set in the store), recovery codes (keyed hashes, each
 * usable once), and the pending credential between the password and the code. Secrets are sealed
 * with AES-GCM under keys derived from the identity's secrets (the first seals, all open), bound
 * to the user's id.
 */
export function createTwoFactorService(deps: {
	store: TwoFactorStore;
	tokens: TokenCodec;
	secrets: readonly string[];
	issuer: string;
	identityField: string;
	counters: CounterStorage;
}) {
	const { store, tokens } = deps;
	const box = createSecretBox(deps.secrets);
	const bindingKey = importHmacKey(new TextEncoder().encode(`@identity/core:v1:two-factor-setup:${deps.secrets[0]}`));
	const sealedFingerprint = async (sealed: string) => encodeBase64urlNoPadding((await hmacSha256(await bindingKey, sealed)).slice(0, 16));

	async function secretOf(user: UserRecord): Promise<Uint8Array | null> {
		const state = await store.getTwoFactor(user);
		if (!state) return null;
		const encoded = await box.open(state.secret, user.id);
		return encoded ? decodeTotpSecret(encoded) : null;
	}

	/** True, and the step consumed, when `code` is a current TOTP code never accepted before. */
	async function acceptCode(user: UserRecord, code: unknown, secret?: Uint8Array | null): Promise<boolean> {
		if (typeof code !== "string") return false;
		const key = secret ?? (await secretOf(user));
		if (!key) return false;
		const step = matchTotp(key, code);
		return step !== null && (await store.advanceTotpStep(user, step));
	}

	return {
		async summary(user: UserRecord): Promise<TwoFactorSummary> {
			const state = await store.getTwoFactor(user);
			return { enabled: Boolean(state?.enabledAt), recoveryCodesLeft: state?.enabledAt ? state.recoveryCodesLeft : 0 };
		},
		async isEnabled(user: UserRecord): Promise<boolean> {
			return Boolean((await store.getTwoFactor(user))?.enabledAt);
		},

		/** Starts an enrolment: a new secret (stored sealed, not enabled), its otpauth URL, a QR code and a setup token. */
		async setup(user: UserRecord) {
			const secret = createTotpSecret();
			const encoded = encodeTotpSecret(secret);
			const sealed = await box.seal(encoded, user.id);
			await store.setTwoFactor(user, { secret: sealed, enabledAt: null, lastStep: 0, recoveryCodes: [] });
			const account = String(user[deps.identityField] ?? user.id);
			const otpauthUrl = totpUrl({ issuer: deps.issuer, account, secret });
			const iat = nowSeconds();
			const setupToken = await tokens.sign("two-factor-setup", { sub: user.id, uq: await sealedFingerprint(sealed), iat, exp: iat + SETUP_LIFETIME_SECONDS });
			return { secret: encoded, otpauthUrl, setupToken, qr: qrSvg(otpauthUrl, { label: `QR code for ${deps.issuer}` }) };
		},

		/**
		 * Ends an enrolment with its first code: enabled, with 10 new recovery codes (returned this
		 * once). The code's step is stored, so it cannot be replayed as the first login; of two
		 * concurrent requests with one code exactly one wins. Null when anything does not match.
		 */
		async enable(user: UserRecord, setupToken: unknown, code: unknown): Promise<string[] | null> {
			if (typeof setupToken !== "string") return null;
			const claims = await tokens.verify("two-factor-setup", setupToken);
			const state = await store.getTwoFactor(user);
			if (!claims || claims.sub !== user.id || !state || state.enabledAt) return null;
			if (!constantTimeEqualStrings(claims.uq, await sealedFingerprint(state.secret))) return null;
			const encoded = await box.open(state.secret, user.id);
			if (!encoded || !(await acceptCode(user, code, decodeTotpSecret(encoded)))) return null;
			const recoveryCodes = createRecoveryCodes(10);
			const hashes = await Promise.all(recoveryCodes.map((c) => hashRecoveryCode(deps.secrets[0]!, c)));
			await store.setTwoFactor(user, { secret: state.secret, enabledAt: new Date(), recoveryCodes: hashes });
			return recoveryCodes;
		},

		acceptCode,

		/** True once per recovery code (atomic in the store); tried under every configured secret. */
		async useRecoveryCode(user: UserRecord, code: unknown): Promise<boolean> {
			if (!readRecoveryCode(code)) return false;
			for (const secret of deps.secrets) {
				if (await store.takeRecoveryCode(user, await hashRecoveryCode(secret, code as string))) return true;
			}
			return false;
		},

		/** New recovery codes (the old ones stop working), returned this once. */
		async regenerateRecoveryCodes(user: UserRecord): Promise<string[] | null> {
			const state = await store.getTwoFactor(user);
			if (!state?.enabledAt) return null;
			const recoveryCodes = createRecoveryCodes(10);
			const hashes = await Promise.all(recoveryCodes.map((c) => hashRecoveryCode(deps.secrets[0]!, c)));
			await store.setTwoFactor(user, { secret: state.secret, enabledAt: state.enabledAt, recoveryCodes: hashes });
			return recoveryCodes;
		},

		async disable(user: UserRecord): Promise<void> {
			await store.setTwoFactor(user, null);
		},

		/** The pending credential after a right password: 5 minutes, bound to the user, this login and the uniquifier. */
		async issuePending(user: UserRecord, remember: boolean): Promise<string> {
			const iat = nowSeconds();
			const claims: TokenClaims & { jti: string; rm: 0 | 1 } = { sub: user.id, uq: user.uniquifier, iat, exp: iat + PENDING_LIFETIME_SECONDS, jti: randomToken(16), rm: remember ? 1 : 0 };
			return tokens.sign("two-factor-pending", claims);
		},

		/** The pending login a credential names, when it is valid, its user live, and it has had fewer than 5 wrong codes. */
		async readPending(token: unknown): Promise<PendingLogin | null> {
			if (typeof token !== "string") return null;
			const claims = (await tokens.verify("two-factor-pending", token)) as (TokenClaims & { jti?: unknown; rm?: unknown }) | null;
			if (!claims || typeof claims.jti !== "string") return null;
			const tries = await deps.counters.read(`2fa:pending:${claims.jti}`, new Date());
			if ((tries?.count ?? 0) >= MAX_PENDING_TRIES) return null;
			if (await deps.counters.read(`2fa:used:${claims.jti}`, new Date())) return null;
			const user = await store.findUser({ id: claims.sub });
			if (!user || user.active === false || !constantTimeEqualStrings(user.uniquifier, claims.uq)) return null;
			return { user, id: claims.jti, remember: claims.rm === 1 };
		},

		async wrongPendingCode(pending: PendingLogin): Promise<void> {
			await deps.counters.increment(`2fa:pending:${pending.id}`, PENDING_LIFETIME_SECONDS, new Date());
		},

		/** Spends a pending credential once its login completed: it cannot complete another. */
		async finishPending(pending: PendingLogin): Promise<void> {
			await deps.counters.increment(`2fa:used:${pending.id}`, PENDING_LIFETIME_SECONDS, new Date());
		}
	};
}

/** The two-factor service of an identity. */
export type TwoFactorService = ReturnType<typeof createTwoFactorService>;
