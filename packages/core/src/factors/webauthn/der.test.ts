import { describe, expect, test } from "vitest";
import { derToRawEcdsaSignature } from "./der.js";
import { rawToDer } from "./software-authenticator.test-helper.js";

const bytes = (...values: number[]) => new Uint8Array(values);
const filled = (length: number, value: number) => new Uint8Array(length).fill(value);

describe("derToRawEcdsaSignature()", () => {
	test("inverts DER encoding of real WebCrypto ECDSA P-256 signatures, which then verify", async () => {
		const keys = (await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, ["sign", "verify"])) as CryptoKeyPair;
		const message = new TextEncoder().encode("message");
		for (let i = 0; i < 50; i++) {
			const raw = new Uint8Array(await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, keys.privateKey, message));
			const converted = derToRawEcdsaSignature(rawToDer(raw));
			expect(converted).toEqual(raw);
			expect(await crypto.subtle.verify({ name: "ECDSA", hash: "SHA-256" }, keys.publicKey, converted as Uint8Array<ArrayBuffer>, message)).toBe(true);
		}
	});

	test("pads short integers and strips the sign byte of high ones", () => {
		const r = filled(32, 0xff); // DER: 0x00 then 32 bytes
		const s = bytes(...new Array(31).fill(0), 0x05); // DER: a single byte
		const raw = new Uint8Array([...r, ...s]);
		const der = rawToDer(raw);
		expect([...der.slice(0, 5)]).toEqual([0x30, 2 + 33 + 2 + 1, 0x02, 33, 0x00]);
		expect(derToRawEcdsaSignature(der)).toEqual(raw);
	});

	test("tolerates redundant leading zero bytes", () => {
		const der = bytes(0x30, 0x09, 0x02, 0x03, 0x00, 0x00, 0x01, 0x02, 0x02, 0x00, 0x02);
		const raw = derToRawEcdsaSignature(der);
		expect(raw?.[31]).toBe(1);
		expect(raw?.[63]).toBe(2);
		expect(raw?.slice(0, 31)).toEqual(new Uint8Array(31));
	});

	test("returns null for anything that is not exactly SEQUENCE { INTEGER, INTEGER }", () => {
		const good = rawToDer(new Uint8Array([...filled(32, 0x11), ...filled(32, 0x22)]));
		expect(derToRawEcdsaSignature(good)).not.toBeNull();
		const bad = [
			new Uint8Array(0),
			new Uint8Array(64),
			bytes(0x31, ...good.slice(1)), // SET, not SEQUENCE
			bytes(0x30, (good[1] as number) + 1, ...good.slice(2)), // length says more than there is
			bytes(...good, 0x00), // trailing byte
			bytes(0x30, 0x81, (good[1] as number), ...good.slice(2)), // long-form length
			bytes(0x30, 0x06, 0x02, 0x01, 0x01, 0x03, 0x01, 0x01), // second item not an INTEGER
			bytes(0x30, 0x06, 0x02, 0x00, 0x02, 0x02, 0x01, 0x01), // empty INTEGER
			bytes(0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x01), // r = 0
			bytes(0x30, 0x09, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01), // three INTEGERs
			bytes(0x30, 37 + 2, 0x02, 35, 0x01, ...filled(34, 0x01), 0x02, 0x01, 0x01), // r wider than 32 bytes
			bytes(0x30, 0x06, 0x02, 0x81, 0x01, 0x02, 0x01, 0x01) // long-form INTEGER length
		];
		for (const der of bad) expect(derToRawEcdsaSignature(der)).toBeNull();
		for (let length = 0; length < good.byteLength; length++) expect(derToRawEcdsaSignature(good.slice(0, length))).toBeNull();
	});
});
