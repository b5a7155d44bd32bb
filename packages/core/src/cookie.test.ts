import { describe, expect, test } from "vitest";
import { parseCookies, readCookie, serializeCookie } from "./cookie.js";

describe("readCookie()", () => {
	test("finds a cookie among others, trimming spaces and quotes", () => {
		expect(readCookie("a=1; identity_session=abc.def; b=2", "identity_session")).toBe("abc.def");
		expect(readCookie('x="quoted"', "x")).toBe("quoted");
		expect(readCookie("xa=1; a=2", "a")).toBe("2");
	});

	test("returns null when absent, malformed or oversized", () => {
		expect(readCookie(null, "a")).toBeNull();
		expect(readCookie("", "a")).toBeNull();
		expect(readCookie("a", "a")).toBeNull();
		expect(readCookie(";;;=;", "a")).toBeNull();
		expect(readCookie(`a=${"x".repeat(20_000)}`, "a")).toBeNull();
	});
});

describe("parseCookies()", () => {
	test("keeps the first occurrence of a name", () => {
		expect(parseCookies("a=1; b=2; a=3")).toEqual(new Map([["a", "1"], ["b", "2"]]));
	});
});

describe("serializeCookie()", () => {
	test("writes HttpOnly, Secure, SameSite and Path", () => {
		expect(serializeCookie("s", "v", { secure: true, sameSite: "Lax" })).toBe("s=v; Path=/; HttpOnly; Secure; SameSite=Lax");
	});

	test("a deletion carries Max-Age=0 and an Expires in the past", () => {
		expect(serializeCookie("s", "", { maxAgeSeconds: 0 })).toContain("Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT");
	});

	test("refuses names and values that would break the header", () => {
		expect(() => serializeCookie("a b", "v")).toThrow(TypeError);
		expect(() => serializeCookie("a", "v;Domain=evil")).toThrow(TypeError);
		expect(() => serializeCookie("a", "v\r\nX: y")).toThrow(TypeError);
	});
});
