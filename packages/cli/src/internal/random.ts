import { randomBytes } from "node:crypto";

/**
 * A new `IDENTITY_SECRET`: 32 random bytes as 64 hex digits. Hex can spell none of the placeholder
 * words core refuses ("change-me", "example", "secret key"), and the loop rules out the (vanishingly
 * rare) draw with fewer than 8 distinct characters, so core always accepts it.
 */
export function generateSecret(): string {
	for (;;) {
		const secret = randomBytes(32).toString("hex");
		if (new Set(secret).size >= 8) return secret;
	}
}

/** A new login password: 18 random bytes (144 bits) as 24 base64url characters. */
export function generatePassword(): string {
	return randomBytes(18).toString("base64url");
}
