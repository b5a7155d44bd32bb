import { IdentityError } from "../../errors.js";
import { requireChallenge } from "./options.js";

/** What every ceremony is checked against; it comes from the server, never from the request. */
export interface CeremonyExpectations {
	/** The challenge issued for this ceremony (at least 16 bytes). */
	challenge: Uint8Array;
	/** The exact origins (`https://example.com`) the ceremony may come from. */
	origins: readonly string[];
	/** The relying party id (`example.com`). */
	rpId: string;
}

/**
 * Checks the server-side expectations: misuse, so it throws.
 *
 * @throws IdentityError `ERR_INVALID_ARGUMENT`.
 */
export function requireExpectations(expected: CeremonyExpectations): void {
	if (typeof expected !== "object" || expected === null) throw invalid("Invalid expectations: expected an object");
	requireChallenge(expected.challenge);
	if (!Array.isArray(expected.origins) || expected.origins.length === 0 || expected.origins.some((o) => typeof o !== "string" || o === "")) {
		throw invalid("Invalid origins: expected a non-empty array of origins");
	}
	if (typeof expected.rpId !== "string" || expected.rpId === "") throw invalid("Invalid rp id: expected a non-empty string");
}

/** An `ERR_INVALID_ARGUMENT` error (for misuse). */
export function invalid(message: string): IdentityError {
	return new IdentityError("ERR_INVALID_ARGUMENT", message);
}
