import { sha1 } from "@oslojs/crypto/sha1";
import { sha256 as osloSha256, sha512 as osloSha512 } from "@oslojs/crypto/sha2";
import { describe, expect, test } from "vitest";
import fixtures from "../../test/fixtures/passwords/vectors.json" with { type: "json" };
import { verifyShaCrypt } from "./formats/sha-crypt.js";
import { constantTimeEqual } from "./constant-time.js";
import { BASE64_ALPHABET, decodeAb64, decodeBase64, decodeSixBit, encodeAb64, encodeBase64, utf8 } from "./encoding.js";
import { pbkdf2, pbkdf2Js } from "./pbkdf2.js";
import { createSha256, createSha512, sha256, sha512 } from "./sha2.js";

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");

// Published PBKDF2-HMAC-SHA256 vectors (RFC 7914 section 11; the widely used RFC 6070-style set).
const PBKDF2_SHA256 = [
	{ p: "password", s: "salt", c: 1, len: 32, dk: "120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b" },
	{ p: "password", s: "salt", c: 2, len: 32, dk: "ae4d0c95af6b46d32d0adff928f06dd02a303f8ef3c251dfd6e2d85a95474c43" },
	{ p: "password", s: "salt", c: 4096, len: 32, dk: "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a" },
	{
		p: "passwordPASSWORDpassword",
		s: "saltSALTsaltSALTsaltSALTsaltSALTsalt",
		c: 4096,
		len: 40,
		dk: "348c89dbcbd32b2f32d814b8116e84cf2b17347ebc1800181c4e2a1fb8dd53e1c635518c7dac47e9"
	},
	{ p: "pass\0word", s: "sa\0lt", c: 4096, len: 16, dk: "89b69d0516f829893c696226650a8687" },
	{
		p: "passwd",
		s: "salt",
		c: 1,
		len: 64,
		dk: "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783"
	},
	{
		p: "Password",
		s: "NaCl",
		c: 80000,
		len: 64,
		dk: "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d"
	}
];

describe("PBKDF2-HMAC-SHA256 known answers", () => {
	test.each(PBKDF2_SHA256)("pbkdf2() on WebCrypto: $p / $s / $c", async (v) => {
		expect(hex(await pbkdf2("SHA-256", utf8(v.p), utf8(v.s), v.c, v.len))).toBe(v.dk);
	});

	test.each(PBKDF2_SHA256.filter((v) => v.c <= 4096))("pbkdf2Js() (the workerd fallback): $p / $s / $c", async (v) => {
		expect(hex(await pbkdf2Js(sha256, 64, utf8(v.p), utf8(v.s), v.c, v.len))).toBe(v.dk);
	});

	test("pbkdf2Js() with SHA-1 matches WebCrypto", async () => {
		const web = await pbkdf2("SHA-1", utf8("password"), utf8("salt"), 4096, 20);
		expect(hex(web)).toBe("4b007901b765489abead49d926f721d065a429c1"); // RFC 6070
		expect(hex(await pbkdf2Js(sha1, 64, utf8("password"), utf8("salt"), 4096, 20))).toBe(hex(web));
	});

	test("pbkdf2Js() with SHA-512 matches WebCrypto", async () => {
		const web = await pbkdf2("SHA-512", utf8("pässword"), utf8("NaCl"), 1000, 64);
		expect(hex(await pbkdf2Js(sha512, 128, utf8("pässword"), utf8("NaCl"), 1000, 64))).toBe(hex(web));
	});
});

describe("synchronous SHA-2", () => {
	test("sha256() and sha512() match @oslojs/crypto at every block boundary", () => {
		for (const n of [0, 1, 55, 56, 63, 64, 65, 111, 112, 119, 127, 128, 129, 300]) {
			const data = crypto.getRandomValues(new Uint8Array(n));
			expect(hex(sha256(data))).toBe(hex(osloSha256(data)));
			expect(hex(sha512(data))).toBe(hex(osloSha512(data)));
		}
	});

	test("createSha256() and createSha512() give the same digest whatever the pieces, and start over on init()", async () => {
		const data = crypto.getRandomValues(new Uint8Array(5000));
		for (const [create, name] of [[createSha256, "SHA-256"], [createSha512, "SHA-512"]] as const) {
			const expected = hex(new Uint8Array(await crypto.subtle.digest(name, data)));
			const hash = create();
			for (const piece of [1, 7, 63, 64, 65, 127, 128, 129, 1000]) {
				hash.init();
				for (let i = 0; i < data.length; i += piece) hash.update(data.subarray(i, i + piece));
				expect(hex(hash.digest()), `${name} in pieces of ${piece}`).toBe(expected);
			}
		}
	});

	test("save() and load() resume a hash state any number of times", async () => {
		const prefix = crypto.getRandomValues(new Uint8Array(300));
		for (const [create, name] of [[createSha256, "SHA-256"], [createSha512, "SHA-512"]] as const) {
			const hash = create();
			hash.update(prefix);
			const state = hash.save();
			for (const tail of [new Uint8Array(0), crypto.getRandomValues(new Uint8Array(64)), crypto.getRandomValues(new Uint8Array(200))]) {
				hash.init();
				hash.load(state);
				hash.update(tail);
				const whole = new Uint8Array(prefix.length + tail.length);
				whole.set(prefix);
				whole.set(tail, prefix.length);
				expect(hex(hash.digest()), name).toBe(hex(new Uint8Array(await crypto.subtle.digest(name, whole))));
			}
		}
	});

	test("sha256() and sha512() match WebCrypto", async () => {
		const data = utf8("The quick brown fox jumps over the lazy dog");
		expect(hex(sha256(data))).toBe(hex(new Uint8Array(await crypto.subtle.digest("SHA-256", data))));
		expect(hex(sha512(data))).toBe(hex(new Uint8Array(await crypto.subtle.digest("SHA-512", data))));
	});
});

describe("byte helpers", () => {
	test("constantTimeEqual() compares length and every byte", () => {
		expect(constantTimeEqual(utf8("abc"), utf8("abc"))).toBe(true);
		expect(constantTimeEqual(utf8("abc"), utf8("abd"))).toBe(false);
		expect(constantTimeEqual(utf8("abc"), utf8("ab"))).toBe(false);
	});

	test("base64 and ab64 round-trip and reject malformed input", () => {
		for (const n of [0, 1, 2, 3, 16, 31, 32]) {
			const bytes = crypto.getRandomValues(new Uint8Array(n));
			expect(hex(decodeBase64(encodeBase64(bytes)) as Uint8Array)).toBe(hex(bytes));
			expect(hex(decodeAb64(encodeAb64(bytes)) as Uint8Array)).toBe(hex(bytes));
		}
		expect(decodeBase64("a")).toBeNull();
		expect(decodeBase64("ab$c")).toBeNull();
		expect(decodeBase64("abc+/w==")).toEqual(decodeSixBit("abc+/w", BASE64_ALPHABET));
		expect(decodeAb64("ab+c")).toBeNull();
	});
});

test("decodeSixBit() reads bcrypt's alphabet as base64 read with the standard one, index for index", () => {
	const bcryptAlphabet = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	for (let n = 0; n < 20; n++) {
		const salt = Array.from(crypto.getRandomValues(new Uint8Array(22)), (b) => bcryptAlphabet[b & 63]).join("");
		const standard = Array.from(salt, (c) => BASE64_ALPHABET[bcryptAlphabet.indexOf(c)]).join("");
		expect(hex(decodeSixBit(salt, bcryptAlphabet, 16))).toBe(hex((decodeBase64(standard) as Uint8Array).subarray(0, 16)));
	}
});

describe("SHA-crypt on the pure-JS SHA-2 (the path workerd takes)", () => {
	const cheap = fixtures.vectors.filter((v) => /^\$[56]\$/.test(v.hash) && !v.legacySalt && !/rounds=[0-9]{6}/.test(v.hash));
	// The primitive has no password bound: it matches passlib even past 1024 bytes, where verifyPassword refuses.
	test.each(cheap)("verifyShaCrypt(engine: js): $name", async (v) => {
		const expected = v.expected || v.name.endsWith("password refused");
		expect(await verifyShaCrypt(v.password.normalize("NFKD"), v.hash, "js")).toBe(expected);
		expect(await verifyShaCrypt(v.password.normalize("NFKD"), v.hash, "auto")).toBe(expected);
	});
});

/** Counts the event loop's turns (a 0 ms timer chain) until `stop()`. */
function countTurns(): { readonly turns: number; stop(): void } {
	let turns = 0;
	let running = true;
	const spin = () => {
		if (!running) return;
		turns++;
		setTimeout(spin, 0);
	};
	setTimeout(spin, 0);
	return {
		get turns() {
			return turns;
		},
		stop() {
			running = false;
		}
	};
}

test("verifyShaCrypt() lets the event loop turn during long round counts", async () => {
	const loop = countTurns();
	// 40,000 rounds: four yields on the way (a wrong checksum still runs every round).
	expect(await verifyShaCrypt("pw", `$5$rounds=40000$saltsalt$${"a".repeat(43)}`, "js")).toBe(false);
	loop.stop();
	expect(loop.turns).toBeGreaterThanOrEqual(3);
});

test("verifyShaCrypt() yields by time, so a 1024-byte password does not stall the loop longer than short ones", async () => {
	for (const engine of ["js", "auto"] as const) {
		const loop = countTurns();
		const started = performance.now();
		// Each round hashes about 2 KiB: 8,192 rounds between yields were 70-110 ms here.
		expect(await verifyShaCrypt("x".repeat(1024), `$5$rounds=40000$saltsalt$${"a".repeat(43)}`, engine)).toBe(false);
		const duration = performance.now() - started;
		loop.stop();
		expect(duration / Math.max(loop.turns, 1), engine).toBeLessThan(50); // the mean gap between turns
	}
});
