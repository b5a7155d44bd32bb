/**
 * Password hashing costs, how long each stored format stalls the event loop inline (core's default
 * hasher) against @identity/node's worker pool, the timing padding of legacy hashes, and login
 * capacity (wrong-password verifications per second) of the portable and native Argon2id.
 * Run: `npx vitest bench --run --project node packages/node/bench/password.bench.ts` (the pool's
 * workers load @identity/core's dist: build core first). The tables are printed at the end.
 */
import { availableParallelism } from "node:os";
import {
	createArgon2idHasher,
	createPasswordService,
	createPbkdf2Hasher,
	hashPassword,
	type PasswordHasher,
	verifyPassword
} from "@identity/core";
import { afterAll, bench, describe } from "vitest";
import fixtures from "../../core/test/fixtures/passwords/vectors.json" with { type: "json" };
import { createNativeArgon2Hasher } from "../src/native-argon2-hasher.js";
import { gapDuring } from "../src/test-helpers.js";
import { createWorkerPoolHasher } from "../src/worker-hasher.js";

const vector = (name: string) => {
	const found = fixtures.vectors.find((v) => v.name === name);
	if (!found) throw new Error(`fixture "${name}" missing`);
	return found;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

const argon2id = createArgon2idHasher();
const pbkdf2 = createPbkdf2Hasher();
const pool = createWorkerPoolHasher({ size: 1 });
const native = await createNativeArgon2Hasher();
const bcryptCost12 = vector("bcrypt default cost");
const SALT = "flask-security-password-salt";

describe("hash and verify", () => {
	bench("argon2id hash (m=19456 KiB, t=2, p=1, hash-wasm)", async () => {
		await argon2id.hash("correct horse battery staple");
	}, { iterations: 10, warmupIterations: 2 });

	bench("argon2id hash (m=19456 KiB, t=2, p=1, native @node-rs/argon2)", async () => {
		await native.hash("correct horse battery staple");
	}, { iterations: 10, warmupIterations: 2 });

	bench("pbkdf2-sha256 hash (600,000 iterations, WebCrypto)", async () => {
		await pbkdf2.hash("correct horse battery staple");
	}, { iterations: 10, warmupIterations: 2 });

	bench("bcrypt verify (cost 12, hash-wasm)", async () => {
		await verifyPassword(bcryptCost12.password, bcryptCost12.hash);
	}, { iterations: 10, warmupIterations: 2 });
});

// One wrong-password verify per format, through the identity's password service: inline (core's
// default hasher, what every format but Argon2id did with the pool before) against the worker pool.
const formats: { label: string; hash: () => Promise<string>; legacySalt: string | null }[] = [
	{ label: "argon2id m=19456 t=2 (current)", hash: () => hashPassword("hunter2"), legacySalt: null },
	{ label: "bcrypt cost 12", hash: async () => bcryptCost12.hash, legacySalt: null },
	{ label: "passlib pbkdf2-sha256 29,000", hash: async () => vector("passlib pbkdf2-sha256 default rounds").hash, legacySalt: null },
	{ label: "pbkdf2-sha256 600,000", hash: () => pbkdf2.hash("hunter2"), legacySalt: null },
	{ label: "werkzeug scrypt n=16384 r=8", hash: async () => vector("werkzeug scrypt").hash, legacySalt: null },
	{ label: "sha512_crypt 656,000 rounds", hash: async () => vector("sha512_crypt default rounds").hash, legacySalt: null },
	{ label: "Flask-Security salted bcrypt 12", hash: async () => vector("flask-security salted bcrypt default cost").hash, legacySalt: SALT }
];
const stalls = new Map<string, { gap: number[]; time: number[] }>();
const record = (key: string, r: { gap: number; duration: number }) => {
	const entry = stalls.get(key) ?? { gap: [], time: [] };
	entry.gap.push(r.gap);
	entry.time.push(r.duration);
	stalls.set(key, entry);
};

describe("event-loop stall during one wrong-password verify", () => {
	for (const format of formats) {
		for (const [mode, hasher] of [["inline", undefined], ["pool", pool]] as const) {
			const service = createPasswordService({ hasher, legacySalt: format.legacySalt });
			let stored: string | undefined;
			bench(`${format.label}: ${mode}`, async () => {
				stored ??= await format.hash();
				record(`${format.label}|${mode}`, await gapDuring(() => service.verify("wrong password", stored as string)));
			}, { iterations: 7, warmupIterations: 1 });
		}
	}
});

// SPEC "Timing": a wrong password on a cheaper legacy hash against an unknown user (burn).
const timing = { unpadded: [] as number[], padded: [] as number[], burn: [] as number[] };
describe("timing padding of a legacy hash ($pbkdf2-sha256$29000$, default Argon2id service)", () => {
	const service = createPasswordService();
	const legacy = vector("passlib pbkdf2-sha256 default rounds").hash;
	const time = async (into: number[], work: () => Promise<unknown>) => {
		const started = performance.now();
		await work();
		into.push(performance.now() - started);
	};
	bench("unknown user (burn)", () => time(timing.burn, () => service.burn("wrong password")), { iterations: 15, warmupIterations: 1 });
	bench("legacy hash, unpadded (verifyPassword)", () => time(timing.unpadded, () => verifyPassword("wrong password", legacy)), { iterations: 15, warmupIterations: 1 });
	bench("legacy hash, padded (service.verify)", () => time(timing.padded, () => service.verify("wrong password", legacy)), { iterations: 15, warmupIterations: 1 });
});

// Login capacity: wrong-password verifications per second against a current Argon2id hash, 32 in flight.
const capacity = new Map<string, number>();
async function throughput(label: string, hasher: PasswordHasher | undefined, count: number): Promise<void> {
	const service = createPasswordService({ hasher });
	const stored = await service.hash("hunter2");
	await service.verify("warm up", stored);
	let next = 0;
	const started = performance.now();
	await Promise.all(
		Array.from({ length: 32 }, async () => {
			while (next++ < count) await service.verify("wrong password", stored);
		})
	);
	capacity.set(label, (count / (performance.now() - started)) * 1000);
}

describe("login capacity (argon2id m=19456 t=2, wrong passwords, 32 concurrent)", () => {
	const pool2 = createWorkerPoolHasher({ size: 2 });
	afterAll(() => pool2.close());
	bench("inline hash-wasm (main thread)", () => throughput("inline hash-wasm (main thread)", undefined, 60), { iterations: 1, warmupIterations: 0, warmupTime: 0, time: 0 });
	bench("worker pool, 1 worker (default on 2 cores)", () => throughput("worker pool, 1 worker (the default on 2 cores)", pool, 60), { iterations: 1, warmupIterations: 0, warmupTime: 0, time: 0 });
	bench("worker pool, 2 workers", () => throughput("worker pool, 2 workers", pool2, 80), { iterations: 1, warmupIterations: 0, warmupTime: 0, time: 0 });
	bench("native @node-rs/argon2 (libuv pool)", () => throughput(`native @node-rs/argon2 (${availableParallelism()} at once on libuv's pool, UV_THREADPOOL_SIZE=${process.env.UV_THREADPOOL_SIZE ?? 4})`, native, 300), { iterations: 1, warmupIterations: 0, warmupTime: 0, time: 0 });
});

afterAll(async () => {
	await Promise.all([pool.close(), native.close()]);
	const lines = [`machine: ${availableParallelism()} cores, Node ${process.version}; medians of 7 runs`, "", "| format (wrong password) | inline: longest stall | pool: longest stall | inline: verify | pool: verify |", "| --- | --- | --- | --- | --- |"];
	for (const format of formats) {
		const inline = stalls.get(`${format.label}|inline`);
		const pooled = stalls.get(`${format.label}|pool`);
		if (!inline || !pooled) continue;
		const ms = (x: number) => `${x.toFixed(x < 10 ? 1 : 0)} ms`;
		lines.push(`| ${format.label} | ${ms(median(inline.gap))} | ${ms(median(pooled.gap))} | ${ms(median(inline.time))} | ${ms(median(pooled.time))} |`);
	}
	lines.push("", `timing (medians of 15): unknown user ${median(timing.burn).toFixed(0)} ms, legacy unpadded ${median(timing.unpadded).toFixed(0)} ms, legacy padded ${median(timing.padded).toFixed(0)} ms`, "");
	for (const [label, perSecond] of capacity) lines.push(`capacity: ${label}: ${perSecond.toFixed(0)} verifies/s`);
	console.log(lines.join("\n"));
});
