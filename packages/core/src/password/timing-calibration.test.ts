import { expect, test } from "vitest";
import { createVerifyTiming } from "./timing.js";

test("createVerifyTiming() is null until the first record, then the running median per computation", () => {
	const timing = createVerifyTiming(5);
	expect(timing.expected(1)).toBeNull();
	timing.record(80, 1);
	expect(timing.expected(1)).toBe(80);
	expect(timing.expected(2)).toBe(160);
	timing.record(200, 2); // 100 per computation
	timing.record(90, 1);
	expect(timing.expected(1)).toBe(90);
	timing.record(5000, 1); // one stray slow verify does not move the median far
	expect(timing.expected(1)).toBe(100);
	for (let i = 0; i < 5; i++) timing.record(40, 1); // the window forgets old samples
	expect(timing.expected(1)).toBe(40);
	timing.record(Number.NaN, 1);
	timing.record(10, 0);
	expect(timing.expected(1)).toBe(40);
});
