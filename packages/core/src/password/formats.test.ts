import { describe, expect, test } from "vitest";
import fixtures from "../../test/fixtures/passwords/vectors.json" with { type: "json" };
import { createPasswordService } from "./service.js";
import { verifyPassword } from "./default-functions.js";

interface Vector {
	name: string;
	password: string;
	hash: string;
	expected: boolean;
	legacySalt?: string;
}

const vectors = fixtures.vectors as Vector[];

describe("Python-made hashes (test/fixtures/passwords/generate.py)", () => {
	test("the fixture covers every format", () => {
		const text = vectors.map((v) => v.hash).join("\n");
		for (const prefix of ["$2a$", "$2b$", "$2y$", "$argon2id$", "$argon2i$", "$argon2d$", "$pbkdf2-sha256$", "$pbkdf2-sha512$", "$pbkdf2$", "pbkdf2:sha256:", "scrypt:", "$5$", "$6$", "$1$"]) {
			expect(text).toContain(prefix);
		}
	});

	test.each(vectors.filter((v) => !v.legacySalt))("verifyPassword(): $name -> $expected", async (v) => {
		expect(await verifyPassword(v.password, v.hash)).toBe(v.expected);
	});

	test.each(vectors)("createPasswordService({ legacySalt }).verify(): $name -> $expected", async (v) => {
		const service = createPasswordService({ legacySalt: v.legacySalt ?? null });
		const result = await service.verify(v.password, v.hash);
		expect(result.ok).toBe(v.expected);
		// Every foreign hash is outdated against the default Argon2id (m=19456, t=2), except
		// passlib's default Argon2id (m=102400, t=2), which is stronger.
		expect(result.needsRehash).toBe(v.expected && !v.name.includes("argon2id default params"));
	});
});
