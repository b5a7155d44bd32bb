import { constantTimeEqualBytes, decodeBase64urlStrict } from "../bytes.js";
import type { WebAuthnFailure } from "./types.js";

/** What the client data of a ceremony must say. */
export interface ExpectedClientData {
	type: "webauthn.create" | "webauthn.get";
	challenge: Uint8Array;
	origins: readonly string[];
}

const decoder = new TextDecoder("utf-8", { fatal: true });

/**
 * Checks `clientDataJSON` (WebAuthn §5.8.1): the ceremony type, the challenge (constant time),
 * an origin that is exactly one of the allowed ones, and no cross-origin iframe. A `crossOrigin:
 * true` ceremony ran in an iframe of another site; this library serves first-party sign-in only,
 * so it is refused (allowing it would need the top origin checked against a policy of its own).
 * Token binding is ignored: browsers have dropped it. Null when everything matches.
 */
export function checkClientData(bytes: Uint8Array, expected: ExpectedClientData): WebAuthnFailure | null {
	let parsed: unknown;
	try {
		parsed = JSON.parse(decoder.decode(bytes));
	} catch {
		return "malformed_client_data";
	}
	if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return "malformed_client_data";
	const { type, challenge, origin, crossOrigin } = parsed as Record<string, unknown>;
	if (typeof type !== "string" || typeof challenge !== "string" || typeof origin !== "string") return "malformed_client_data";
	if (crossOrigin !== undefined && typeof crossOrigin !== "boolean") return "malformed_client_data";
	if (type !== expected.type) return "wrong_type";
	const challengeBytes = decodeBase64urlStrict(challenge, 1024);
	if (challengeBytes === null || !constantTimeEqualBytes(challengeBytes, expected.challenge)) return "challenge_mismatch";
	if (!expected.origins.includes(origin)) return "origin_not_allowed";
	if (crossOrigin === true) return "cross_origin";
	return null;
}
