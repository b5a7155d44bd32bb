/**
 * Password hashing costs, and how long an inline Argon2id hash stalls the event loop compared with
 * @identity/node's worker pool. Run: `npx vitest bench --run --project node packages/node/bench/password.bench.ts`
 * (the pool's worker loads @identity/core's dist: build core first). Stall figures are printed at the end.
 */
import { afterAll, bench, describe } from "vitest";
import { createWorkerPoolHasher } from "../src/worker-hasher.js";
import { createArgon2idHasher, createPbkdf2Hasher, verifyPassword } from "@identity/core";
import fixtures from "../../core/test/fixtures/passwords/vectors.json" with { type: "json" };

const argon2id = createArgon2idHasher();
const pbkdf2 = createPbkdf2Hasher();
const pool = createWorkerPoolHasher({ size: 1 });
const bcryptCost12 = fixtures.vectors.find((v) => v.name === "bcrypt default cost");
if (!bcryptCost12) throw new Error("fixture 'bcrypt default cost' missing");

describe("hash and verify", () => {
	bench("argon2id hash (m=19456 KiB, t=2, p=1)", async () => {
		await argon2id.hash("correct horse battery staple");
	}, { iterations: 10, warmupIterations: 2 });

	bench("pbkdf2-sha256 hash (600,000 iterations, WebCrypto)", async () => {
		await pbkdf2.hash("correct horse battery staple");
	}, { iterations: 10, warmupIterations: 2 });

	bench("bcrypt verify (cost 12, hash-wasm)", async () => {
		await verifyPassword(bcryptCost12.password, bcryptCost12.hash);
	}, { iterations: 10, warmupIterations: 2 });
});

/** The longest gap between event-loop turns (ms), and the number of turns, while `work` runs. */
async function longestStall(work: () => Promise<unknown>): Promise<{ worst: number; turns: number }> {
	let last = performance.now();
	let worst = 0;
	let running = true;
	let turns = 0;
	const spin = () => {
		turns++;
		const now = performance.now();
		worst = Math.max(worst, now - last);
		last = now;
		if (running) setImmediate(spin);
	};
	setImmediate(spin);
	await work();
	running = false;
	worst = Math.max(worst, performance.now() - last);
	return { worst, turns };
}

const stalls = { inline: [] as number[], pool: [] as number[] };
const turns = { inline: [] as number[], pool: [] as number[] };
const record = (kind: "inline" | "pool", r: { worst: number; turns: number }) => {
	stalls[kind].push(r.worst);
	turns[kind].push(r.turns);
};

describe("event-loop stall during one argon2id hash", () => {
	bench("inline (core createArgon2idHasher)", async () => {
		record("inline", await longestStall(() => argon2id.hash("inline")));
	}, { iterations: 10, warmupIterations: 2 });

	bench("worker pool (@identity/node createWorkerPoolHasher)", async () => {
		record("pool", await longestStall(() => pool.hash("pooled")));
	}, { iterations: 10, warmupIterations: 2 });
});

afterAll(async () => {
	await pool.close();
	const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
	const inline = median(stalls.inline);
	const pooled = median(stalls.pool);
	console.log(`longest event-loop stall per hash (median): inline ${inline.toFixed(1)} ms, pool ${pooled.toFixed(2)} ms, ratio ${(inline / pooled).toFixed(0)}x`);
	console.log(`event-loop turns per hash (median): inline ${median(turns.inline)}, pool ${median(turns.pool)}`);
});
