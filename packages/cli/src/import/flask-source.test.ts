import { expect, test } from "vitest";
import { parseNaiveUtc } from "./flask-source.js";

test("parseNaiveUtc() reads SQL timestamps as text, naive ones as UTC, with zones honoured", () => {
	expect(parseNaiveUtc("2024-03-04 05:06:07.123456")).toEqual(new Date("2024-03-04T05:06:07.123Z"));
	expect(parseNaiveUtc("2024-03-04T05:06:07")).toEqual(new Date("2024-03-04T05:06:07.000Z"));
	expect(parseNaiveUtc("2024-03-04 05:06:07.5+00")).toEqual(new Date("2024-03-04T05:06:07.500Z"));
	expect(parseNaiveUtc("2024-03-04 10:36:07+05:30")).toEqual(new Date("2024-03-04T05:06:07.000Z"));
	expect(parseNaiveUtc("2024-03-03 21:06:07-08")).toEqual(new Date("2024-03-04T05:06:07.000Z"));
});

test("parseNaiveUtc() is null for anything else", () => {
	for (const value of [null, undefined, "", "yesterday", "2024-03-04", 1709528767, new Date()]) expect(parseNaiveUtc(value)).toBeNull();
});
