// SPEC "Timing": an unknown user, a wrong password on a native hash and a wrong password on an
// imported (legacy-format) hash take the same time to within noise. Generous statistical margins:
// medians of 15, and a legacy verify must take at least 0.6x an unknown-user burn (it was ~0.2x).
import { describe, expect, test } from "vitest";
import fixtures from "../../test/fixtures/passwords/vectors.json" with { type: "json" };
import { createPasswordService } from "./index.js";

const vector = (name: string) => {
	const found = fixtures.vectors.find((v) => v.name === name);
	if (!found) throw new Error(`fixture "${name}" missing: run generate.py`);
	return found;
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function time(work: () => Promise<unknown>): Promise<number> {
	const started = performance.now();
	await work();
	return performance.now() - started;
}

/** Medians of `runs` timings of `a` and of `b`, taken in turn so that both see the same machine load. */
async function interleaved(runs: number, a: () => Promise<unknown>, b: () => Promise<unknown>): Promise<[number, number]> {
	const times: [number[], number[]] = [[], []];
	for (let i = 0; i < runs; i++) {
		times[0].push(await time(a));
		times[1].push(await time(b));
	}
	return [median(times[0]), median(times[1])];
}

describe("PasswordService timing (default Argon2id hasher)", () => {
	const legacy = vector("passlib pbkdf2-sha256 default rounds").hash; // $pbkdf2-sha256$29000$: ~15-20 ms
	const unsupported = vector("md5_crypt refused").hash; // refused at once, without padding

	test("a wrong password on a cheaper legacy hash takes as long as an unknown user's burn", async () => {
		const service = createPasswordService();
		const [burn, wrongLegacy] = await interleaved(
			15,
			() => service.burn("wrong password"),
			() => service.verify("wrong password", legacy)
		);
		expect(wrongLegacy).toBeGreaterThanOrEqual(0.6 * burn);
		// A wait, not CPU work: the padding never costs more than about one current verification.
		expect(wrongLegacy).toBeLessThan(3 * burn + 50);
	});

	test("a refused or unknown stored hash is padded too", async () => {
		const service = createPasswordService();
		const [burn, refused] = await interleaved(
			7,
			() => service.burn("wrong password"),
			() => service.verify("wrong password", unsupported)
		);
		expect(refused).toBeGreaterThanOrEqual(0.6 * burn);
	});

	test("the first legacy verify of a fresh service is padded (the calibration seeds itself)", async () => {
		const firsts: number[] = [];
		const burns: number[] = [];
		for (let i = 0; i < 5; i++) {
			const fresh = createPasswordService();
			firsts.push(await time(() => fresh.verify("wrong password", legacy)));
			burns.push(await time(() => fresh.burn("wrong password")));
		}
		expect(median(firsts)).toBeGreaterThanOrEqual(0.6 * median(burns));
	});

	test("the right password on a legacy hash is not padded: the login goes on to upgrade it", async () => {
		const service = createPasswordService();
		const [burn, right] = await interleaved(
			5,
			() => service.burn("wrong password"),
			async () => expect((await service.verify("hunter2", legacy)).ok).toBe(true)
		);
		expect(right).toBeLessThan(burn);
	});
});
