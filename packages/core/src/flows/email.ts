/** The longest email address accepted (RFC 5321 allows 254 in practice). */
const MAX_EMAIL_LENGTH = 254;

// A dot-atom local part (no quoted strings, no comments, no display names) @ a host name.
const EMAIL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/**
 * An email address for an account, or null when it is not one. Normalised (NFKC) before it is
 * validated, so a look-alike `@` cannot slip past the check (Auth.js GHSA-7rqj-j65f-68wh); quoted
 * local parts and display names (`"a@evil"@victim`, `Name <a@b>`) are refused, because mail
 * libraries disagree on where such a message goes. ASCII only.
 */
export function readEmail(value: unknown): string | null {
	if (typeof value !== "string") return null;
	const email = value.normalize("NFKC").trim();
	if (email.length === 0 || email.length > MAX_EMAIL_LENGTH) return null;
	return EMAIL.test(email) ? email : null;
}
