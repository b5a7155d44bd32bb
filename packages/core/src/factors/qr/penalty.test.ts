import { describe, expect, test } from "vitest";
import { penaltyScore } from "./penalty.js";

function grid(rows: string[]): Uint8Array {
	return Uint8Array.from(rows.join(""), (c) => (c === "1" ? 1 : 0));
}

describe("penaltyScore()", () => {
	test("an all-light 21x21 symbol: runs, 2x2 blocks and balance", () => {
		// N1: 42 lines with one run of 21 → 42 × (3 + 16); N2: 20 × 20 blocks × 3; N4: 0 % dark → 9 steps × 10.
		expect(penaltyScore(new Uint8Array(441), 21)).toBe(42 * 19 + 400 * 3 + 90);
	});

	test("a checkerboard scores nothing", () => {
		const size = 21;
		const modules = Uint8Array.from({ length: size * size }, (_, i) => (Math.floor(i / size) + (i % size)) % 2);
		// 221 of 441 dark: |4420 − 4410| / 441 rounds up to one step, minus one: no balance penalty.
		expect(penaltyScore(modules, size)).toBe(0);
	});

	test("a 1:1:3:1:1 finder look-alike costs 40 per side with 4 light modules (outside counts as light)", () => {
		const size = 15;
		const base = Uint8Array.from({ length: size * size }, (_, i) => (Math.floor(i / size) + (i % size)) % 2);
		// N3 alone: the total minus an independent reading of N1, N2 and N4.
		const finderTerm = (row: string) => {
			const modules = base.slice();
			modules.set(grid([row]), 7 * size);
			return penaltyScore(modules, size) - penaltyWithoutFinders(modules, size);
		};
		expect(penaltyScore(base, size)).toBe(0);
		expect(finderTerm("101000010111010")).toBe(80); // 4 light before; 1 light then the outside after
		expect(finderTerm("010000101110101")).toBe(40); // 4 light before, 1 after
		expect(finderTerm("101011101000010")).toBe(40); // 1 light before, 4 after
		expect(finderTerm("010101110101010")).toBe(0); // 1 light on each side
		expect(finderTerm("101000011011101")).toBe(0); // not 1:1:3:1:1
	});

	test("runs of five or more cost 3 plus the excess", () => {
		const size = 5;
		// Rows 0-4: a row of 5 dark, others alternate; isolate by comparing with and without.
		const stripes = grid(["11111", "00000", "11111", "00000", "11111"]);
		// 5 rows of run 5 → 5 × 3; columns alternate 1,0,1,0,1 → 0; no 2x2 blocks; 15 of 25 dark → |300-250|/25 = 2 → 1 step.
		expect(penaltyScore(stripes, size)).toBe(15 + 10);
	});
});

/** N1 + N2 + N4 only, by a direct reading of the rules (no finder term), to isolate N3 above. */
function penaltyWithoutFinders(modules: Uint8Array, size: number): number {
	let score = 0;
	for (let i = 0; i < size; i++) {
		for (const line of [Array.from({ length: size }, (_, j) => modules[i * size + j]), Array.from({ length: size }, (_, j) => modules[j * size + i])]) {
			let run = 1;
			for (let j = 1; j <= size; j++) {
				if (j < size && line[j] === line[j - 1]) run++;
				else {
					if (run >= 5) score += run - 2;
					run = 1;
				}
			}
		}
	}
	for (let y = 0; y < size - 1; y++) for (let x = 0; x < size - 1; x++) {
		const c = modules[y * size + x];
		if (c === modules[y * size + x + 1] && c === modules[(y + 1) * size + x] && c === modules[(y + 1) * size + x + 1]) score += 3;
	}
	let dark = 0;
	for (const m of modules) dark += m;
	return score + Math.max(0, Math.ceil(Math.abs(dark * 20 - size * size * 10) / (size * size)) - 1) * 10;
}
