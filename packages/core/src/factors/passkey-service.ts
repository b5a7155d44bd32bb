import { decodeBase64urlIgnorePadding, encodeBase64urlNoPadding } from "@oslojs/encoding";
import type { Coordinator } from "../coordinator.js";
import { constantTimeEqualStrings } from "../internal/constant-time.js";
import type { IdentityStoreWith } from "../store.js";
import { hmacSha256, importHmacKey } from "../token/hmac.js";
import type { PasskeyRecord, UserRecord } from "../types.js";
import { authenticationOptions, createWebAuthnChallenge, registrationOptions } from "./webauthn/options.js";
import { verifyAuthentication } from "./webauthn/authentication.js";
import { verifyRegistration } from "./webauthn/registration.js";
import { readCredentialId } from "./webauthn/response.js";
import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from "./webauthn/types.js";

/** How long a WebAuthn challenge lives. */
export const CHALLENGE_LIFETIME_SECONDS = 5 * 60;

/** What a challenge is for. */
export type Ceremony = "register" | "login";

type PasskeyStore = IdentityStoreWith<"listPasskeys" | "addPasskey" | "findPasskey" | "updatePasskeyCounter" | "deletePasskey">;

/** The challenge a response's client data carries, or null (bounded, never throws). */
function challengeOf(response: unknown): Uint8Array | null {
	try {
		const clientData = (response as { response?: { clientDataJSON?: unknown } })?.response?.clientDataJSON;
		if (typeof clientData !== "string" || clientData.length > 12_000) return null;
		const parsed = JSON.parse(new TextDecoder().decode(decodeBase64urlIgnorePadding(clientData))) as { challenge?: unknown };
		return typeof parsed.challenge === "string" && parsed.challenge.length <= 200 ? decodeBase64urlIgnorePadding(parsed.challenge) : null;
	} catch {
		return null;
	}
}

/**
 * Passkeys for one identity. Challenges are self-verifying, so every instance can check them
 * without shared memory: 32 random bytes, an expiry, and a keyed MAC over the ceremony, the user
 * (for registration and re-authentication) and both; each is single use through the coordinator
 * or the store (`consumeToken`), never process memory alone. The relying party and the origins
 * come from options only.
 */
export function createPasskeyService(deps: {
	store: PasskeyStore;
	rp: { rpId: string; rpName: string; origins: readonly string[] };
	secret: string;
	identityField: string;
	consumeOnce: (key: string, expiresAt: Date) => Promise<boolean>;
}) {
	const { store, rp } = deps;
	const macKey = importHmacKey(new TextEncoder().encode(`@identity/core:v1:webauthn-challenge:${deps.secret}`));

	async function mac(ceremony: Ceremony, userId: string, nonce: Uint8Array, exp: number): Promise<Uint8Array> {
		return (await hmacSha256(await macKey, `${ceremony}\u0000${userId}\u0000${encodeBase64urlNoPadding(nonce)}\u0000${exp}`)).slice(0, 16);
	}

	async function createChallenge(ceremony: Ceremony, userId: string | null): Promise<Uint8Array> {
		const nonce = createWebAuthnChallenge();
		const exp = Math.floor(Date.now() / 1000) + CHALLENGE_LIFETIME_SECONDS;
		const bytes = new Uint8Array(nonce.length + 4 + 16);
		bytes.set(nonce, 0);
		new DataView(bytes.buffer).setUint32(nonce.length, exp);
		bytes.set(await mac(ceremony, userId ?? "", nonce, exp), nonce.length + 4);
		return bytes;
	}

	/** The challenge of `response` when it is ours, unexpired, for `ceremony` and `userId`, and used here for the first time. */
	async function spendChallenge(response: unknown, ceremony: Ceremony, userId: string | null): Promise<Uint8Array | null> {
		const challenge = challengeOf(response);
		if (!challenge || challenge.length !== 32 + 4 + 16) return null;
		const nonce = challenge.slice(0, 32);
		const exp = new DataView(challenge.buffer, challenge.byteOffset).getUint32(32);
		if (exp <= Math.floor(Date.now() / 1000)) return null;
		const expected = encodeBase64urlNoPadding(await mac(ceremony, userId ?? "", nonce, exp));
		if (!constantTimeEqualStrings(expected, encodeBase64urlNoPadding(challenge.slice(36)))) return null;
		return (await deps.consumeOnce(`webauthn:${encodeBase64urlNoPadding(nonce)}`, new Date(exp * 1000))) ? challenge : null;
	}

	return {
		/** Creation options for a signed-in user (registration); their passkeys are excluded. */
		async registrationOptions(user: UserRecord): Promise<PublicKeyCredentialCreationOptionsJSON> {
			const existing = await store.listPasskeys(user);
			const name = String(user[deps.identityField] ?? user.id);
			return registrationOptions({
				rpId: rp.rpId,
				rpName: rp.rpName,
				user: { id: new TextEncoder().encode(user.id), name, displayName: name },
				challenge: await createChallenge("register", user.id),
				excludeCredentialIds: existing.map((passkey) => passkey.id)
			});
		},

		/** Stores the passkey of a registration response, or null (any failure). */
		async register(user: UserRecord, response: unknown, name: string): Promise<PasskeyRecord | null> {
			const challenge = await spendChallenge(response, "register", user.id);
			if (!challenge) return null;
			const result = await verifyRegistration(response, { challenge, origins: rp.origins, rpId: rp.rpId });
			if (!result.ok) return null;
			if (await store.findPasskey(result.credential.id)) return null;
			return store.addPasskey(user, { ...result.credential, name });
		},

		/** Request options for a login with a discoverable passkey; bound to `userId` when a signed-in user asks (re-authentication). */
		async authenticationOptions(userId: string | null): Promise<PublicKeyCredentialRequestOptionsJSON> {
			return authenticationOptions({ rpId: rp.rpId, challenge: await createChallenge("login", userId) });
		},

		/**
		 * The user of an authentication response, or null. It needs user verification; the signature
		 * counter must go forward (an atomic compare-and-set in the store) unless the authenticator
		 * keeps none. With `userId` (re-authentication), the challenge must have been issued to that
		 * user and the passkey must be theirs: another user's passkey is refused.
		 */
		async authenticate(response: unknown, userId: string | null): Promise<{ user: UserRecord; passkey: PasskeyRecord } | null> {
			const credentialId = readCredentialId(response);
			if (!credentialId) return null;
			const passkey = await store.findPasskey(credentialId);
			if (!passkey || (userId !== null && passkey.userId !== userId)) return null;
			const challenge = await spendChallenge(response, "login", userId);
			if (!challenge) return null;
			const result = await verifyAuthentication(response, {
				challenge,
				origins: rp.origins,
				rpId: rp.rpId,
				publicKey: passkey.publicKey,
				algorithm: passkey.algorithm,
				requireUserVerification: true
			});
			if (!result.ok) return null;
			if (result.userHandle !== null && result.userHandle !== encodeBase64urlNoPadding(new TextEncoder().encode(passkey.userId))) return null;
			if (!(await store.updatePasskeyCounter(passkey.id, result.counter, new Date()))) return null;
			const user = await store.findUser({ id: passkey.userId });
			return user ? { user, passkey } : null;
		},

		list: (user: UserRecord) => store.listPasskeys(user),
		remove: (user: UserRecord, id: string) => store.deletePasskey(user, id)
	};
}

/** The passkey service of an identity. */
export type PasskeyService = ReturnType<typeof createPasskeyService>;

/** Single-use keys for challenges: the coordinator when configured, else the store. */
export function singleUse(coordinator: Coordinator | null, store: { consumeToken?: (key: string, expiresAt: Date) => Promise<boolean> }) {
	if (coordinator) return (key: string, expiresAt: Date) => coordinator.consumeToken(key, expiresAt);
	const consume = store.consumeToken;
	if (!consume) throw new Error("unreachable: options require consumeToken or a coordinator for passkeys");
	return (key: string, expiresAt: Date) => consume.call(store, key, expiresAt);
}
