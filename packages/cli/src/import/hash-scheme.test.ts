import { expect, test } from "vitest";
import { readHashScheme } from "./hash-scheme.js";

test("readHashScheme() names the formats @identity/core verifies", () => {
	expect(readHashScheme("$2b$12$" + "a".repeat(53))).toBe("bcrypt");
	expect(readHashScheme("$2y$10$" + "B".repeat(53))).toBe("bcrypt");
	expect(readHashScheme("$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA")).toBe("argon2");
	expect(readHashScheme("$pbkdf2$29000$c2FsdA$aGFzaA")).toBe("pbkdf2-sha1");
	expect(readHashScheme("$pbkdf2-sha256$29000$c2FsdA$aGFzaA")).toBe("pbkdf2-sha256");
	expect(readHashScheme("$pbkdf2-sha512$25000$c2FsdA$aGFzaA")).toBe("pbkdf2-sha512");
	expect(readHashScheme("pbkdf2:sha256:600000$salt$abcdef")).toBe("werkzeug-pbkdf2");
	expect(readHashScheme("pbkdf2:sha1:150000$salt$abcdef")).toBe("werkzeug-pbkdf2");
	expect(readHashScheme("scrypt:32768:8:1$salt$abcdef")).toBe("werkzeug-scrypt");
	expect(readHashScheme("$5$rounds=535000$salt$hash")).toBe("sha256-crypt");
	expect(readHashScheme("$6$rounds=656000$salt$hash")).toBe("sha512-crypt");
});

test("readHashScheme() refuses plaintext, des_crypt, md5_crypt, unknown digests and truncated bcrypt", () => {
	for (const hash of ["plain-password", "", "abJnggxhB/yWI", "$1$salt$hash", "pbkdf2:md5:1000$salt$abcdef", "$2b$12$short"]) {
		expect(readHashScheme(hash)).toBeNull();
	}
});
