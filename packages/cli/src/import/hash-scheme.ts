/** The password hash families the importer copies: the ones `@identity/core` verifies. */
export type ImportableScheme =
	| "bcrypt"
	| "argon2"
	| "pbkdf2-sha1"
	| "pbkdf2-sha256"
	| "pbkdf2-sha512"
	| "werkzeug-pbkdf2"
	| "werkzeug-scrypt"
	| "sha256-crypt"
	| "sha512-crypt";

const schemes: ReadonlyArray<readonly [RegExp, ImportableScheme]> = [
	[/^\$2[aby]\$\d\d\$[./A-Za-z0-9]{53}$/, "bcrypt"],
	[/^\$argon2(?:id|i|d)\$/, "argon2"],
	[/^\$pbkdf2\$/, "pbkdf2-sha1"],
	[/^\$pbkdf2-sha256\$/, "pbkdf2-sha256"],
	[/^\$pbkdf2-sha512\$/, "pbkdf2-sha512"],
	[/^pbkdf2:sha(?:1|256|512):\d+\$/, "werkzeug-pbkdf2"],
	[/^scrypt:\d+:\d+:\d+\$/, "werkzeug-scrypt"],
	[/^\$5\$/, "sha256-crypt"],
	[/^\$6\$/, "sha512-crypt"]
];

/**
 * The scheme of a stored hash, or null when it is not one we verify: passlib `plaintext`,
 * `des_crypt`, `md5_crypt` and anything unknown. Those are never imported, so a plaintext
 * password can never land in our store. SHA-1 PBKDF2 (passlib `$pbkdf2$`, werkzeug
 * `pbkdf2:sha1:`) is copied: core verifies it and replaces it with Argon2id at the first login.
 */
export function readHashScheme(hash: string): ImportableScheme | null {
	for (const [pattern, scheme] of schemes) if (pattern.test(hash)) return scheme;
	return null;
}
