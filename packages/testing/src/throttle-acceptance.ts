import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ADDRESS_HEADER, type ThrottleLimits, type ThrottleStats } from "./throttle-instance.js";

/** A running instance of the application in another Node process. */
export interface ThrottleInstance {
	url: string;
	/** Creates the users in this instance's store. */
	seed(users: readonly { username: string; password: string }[]): Promise<void>;
	stats(): Promise<ThrottleStats>;
	stop(): Promise<void>;
}

/** How one backend (PostgreSQL, MariaDB, Redis) provides two instances sharing its state. */
export interface ThrottleBackend {
	/** Set outside CI when the server is not configured: the suite is skipped with this reason. */
	skip?: string;
	/** Whether the instances share one store (seed once) or each has its own (seed each, same order: same ids). */
	sharedStore: boolean;
	/** Starts `count` instances, in separate processes, sharing fresh, empty state. */
	start(limits: ThrottleLimits, count: number): Promise<{ instances: ThrottleInstance[]; close(): Promise<void> }>;
}

/**
 * Bundles a backend's instance entry (test/throttle-instance.ts of kysely or redis: this repo's
 * packages from source, via the `@identity/source` condition) into `<packageRoot>/node_modules/.cache`,
 * so plain `node` runs the current source; drivers in `external` resolve from that package.
 */
export async function bundleThrottleInstance(packageRoot: string, entry: string, external: string[]): Promise<string> {
	const outdir = join(packageRoot, "node_modules", ".cache", "identity-throttle-test");
	mkdirSync(outdir, { recursive: true });
	const outfile = join(outdir, `instance-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}.mjs`);
	await build({ entryPoints: [entry], outfile, bundle: true, platform: "node", format: "esm", target: "node20", conditions: ["@identity/source"], external, logLevel: "silent" });
	return outfile;
}

/** Starts `node <bundle> <args...>` (an entry that calls `runThrottleInstance`) and waits for its URL. */
export async function startThrottleInstance(bundle: string, args: readonly string[]): Promise<ThrottleInstance> {
	const child = spawn(process.execPath, [bundle, ...args], { stdio: ["pipe", "pipe", "pipe"] });
	const queue: ({ op: string } & Record<string, unknown>)[] = [];
	let wake: (() => void) | null = null;
	let stderr = "";
	child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
	createInterface({ input: child.stdout }).on("line", (line) => {
		queue.push(JSON.parse(line));
		wake?.();
	});
	const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
	child.once("exit", () => wake?.());
	async function next(op: string, timeoutMs = 60_000): Promise<Record<string, unknown>> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const index = queue.findIndex((m) => m.op === op || m.op === "error");
			if (index >= 0) {
				const [message] = queue.splice(index, 1);
				if (message!.op === "error") throw new Error(`instance: ${String(message!.message)}\n${stderr}`);
				return message!;
			}
			if (child.exitCode !== null) throw new Error(`instance exited (${child.exitCode}):\n${stderr}`);
			if (Date.now() > deadline) throw new Error(`instance: no "${op}" within ${timeoutMs} ms\n${stderr}`);
			await new Promise<void>((resolve) => {
				const timer = setTimeout(resolve, 100);
				wake = () => {
					clearTimeout(timer);
					resolve();
				};
			});
		}
	}
	const send = (command: object) => child.stdin.write(`${JSON.stringify(command)}\n`);
	const { url } = await next("ready");
	return {
		url: String(url),
		async seed(users) {
			send({ op: "seed", users });
			await next("seeded");
		},
		async stats() {
			send({ op: "stats" });
			const { op: _op, ...stats } = await next("stats");
			return stats as unknown as ThrottleStats;
		},
		async stop() {
			if (child.exitCode !== null) return;
			send({ op: "exit" });
			const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
			await exited;
			clearTimeout(timer);
		}
	};
}

const DEVICE_COOKIE = "identity_device";

interface Attempt {
	username: string;
	password: string;
	address: string;
	/** The device cookie's value, when this browser has one. */
	device?: string;
}

/** One real JSON login over HTTP; returns the status and the device cookie the response set, if any. */
async function login(instance: ThrottleInstance, attempt: Attempt): Promise<{ status: number; device: string | null }> {
	const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json", origin: instance.url, [ADDRESS_HEADER]: attempt.address };
	if (attempt.device) headers.cookie = `${DEVICE_COOKIE}=${attempt.device}`;
	const response = await fetch(`${instance.url}/identity/login`, { method: "POST", headers, body: JSON.stringify({ username: attempt.username, password: attempt.password }) });
	await response.arrayBuffer();
	const set = response.headers.getSetCookie().find((c) => c.startsWith(`${DEVICE_COOKIE}=`));
	return { status: response.status, device: set ? set.slice(DEVICE_COOKIE.length + 1).split(";")[0]! : null };
}

const tally = (statuses: number[]) => statuses.reduce<Record<number, number>>((counts, s) => ({ ...counts, [s]: (counts[s] ?? 0) + 1 }), {});

const statsOf = (instances: ThrottleInstance[]) => Promise.all(instances.map((i) => i.stats()));

async function totals(instances: ThrottleInstance[]): Promise<ThrottleStats> {
	const all = await statsOf(instances);
	return all.reduce((sum, s) => ({
		verifyCalls: sum.verifyCalls + s.verifyCalls,
		wrongPassword: sum.wrongPassword + s.wrongPassword,
		rateLimited: sum.rateLimited + s.rateLimited,
		succeeded: sum.succeeded + s.succeeded
	}));
}

const minus = (a: ThrottleStats, b: ThrottleStats): ThrottleStats => ({
	verifyCalls: a.verifyCalls - b.verifyCalls,
	wrongPassword: a.wrongPassword - b.wrongPassword,
	rateLimited: a.rateLimited - b.rateLimited,
	succeeded: a.succeeded - b.succeeded
});

/** Runs `tasks` with at most `width` in flight. */
async function inBatches<T>(tasks: (() => Promise<T>)[], width: number): Promise<T[]> {
	const results: T[] = [];
	for (let i = 0; i < tasks.length; i += width) results.push(...(await Promise.all(tasks.slice(i, i + width).map((t) => t()))));
	return results;
}

/**
 * The throttle's acceptance test (issue 9), on two instances in two processes sharing `backend`:
 * 100 parallel wrong passwords for one account, spread over the 2 processes and 50 addresses, get
 * no more password checks than `rateLimit.maxPerIdentity`; 100 accounts behind one address (a NAT)
 * whose browsers logged in before (device cookies) still log in after an attacker exhausted the
 * address, account and global budgets.
 */
export function describeThrottleAcceptance(name: string, backend: ThrottleBackend, storage: ThrottleLimits["storage"]): void {
	if (backend.skip) {
		console.warn(`${name} skipped: ${backend.skip}`);
		describe.skip(name, () => test("skipped", () => {}));
		return;
	}
	// The budgets under test. The global budget is small enough for the attack below to exhaust it.
	const limits: ThrottleLimits = { maxPerIdentity: 5, maxPerAddress: 20, maxGlobal: 700, windowSeconds: 15 * 60, storage };
	const victim = { username: "victim", password: "victim-right-password-1" };
	const users = Array.from({ length: 100 }, (_, i) => ({ username: `user-${String(i).padStart(3, "0")}`, password: `right-password-${i}` }));

	describe(name, () => {
		let instances: ThrottleInstance[];
		let close: () => Promise<void>;
		beforeAll(async () => {
			({ instances, close } = await backend.start(limits, 2));
			for (const instance of backend.sharedStore ? instances.slice(0, 1) : instances) await instance.seed([victim, ...users]);
		}, 120_000);
		afterAll(async () => {
			await close?.();
		});

		test("100 parallel wrong passwords for one account over 2 processes and 50 addresses get at most rateLimit.maxPerIdentity password checks", async () => {
			// Warm both instances (first-request key derivations), so neither starts the race late.
			for (const instance of instances) await login(instance, { username: users[0]!.username, password: users[0]!.password, address: "198.51.100.250" });
			const beforePer = await statsOf(instances);
			const before = await totals(instances);
			const attempts = Array.from({ length: 100 }, (_, i) =>
				login(instances[i % 2]!, { username: victim.username, password: `wrong-${i}`, address: `198.51.100.${Math.floor(i / 2) % 50}` })
			);
			const statuses = (await Promise.all(attempts)).map((r) => r.status);
			const counted = minus(await totals(instances), before);
			const perInstance = (await statsOf(instances)).map((s, i) => minus(s, beforePer[i]!));
			console.log(`${name}: 100 parallel wrong passwords -> ${counted.verifyCalls} password checks (budget rateLimit.maxPerIdentity = ${limits.maxPerIdentity}); responses ${JSON.stringify(tally(statuses))}; checks per process ${perInstance.map((s) => s.verifyCalls).join(" + ")}`);
			expect(counted.verifyCalls).toBeLessThanOrEqual(limits.maxPerIdentity);
			expect(counted.verifyCalls).toBeGreaterThan(0);
			expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
			// Every 401 was a real check, every 429 none.
			expect(statuses.filter((s) => s === 401)).toHaveLength(counted.verifyCalls);
			expect(counted.wrongPassword).toBe(counted.verifyCalls);
			expect(counted.rateLimited).toBe(100 - counted.verifyCalls);
			// The account is locked now, on both instances: even the right password from a new address.
			for (const instance of instances) expect((await login(instance, { ...victim, address: "198.51.100.200" })).status).toBe(429);
		}, 60_000);

		test("100 accounts behind one NAT address with known devices still log in after an attacker exhausts the address, account and global budgets", async () => {
			const nat = "203.0.113.7";
			// 1. Each user logs in once from the NAT, through either instance, and keeps the device cookie.
			const first = await inBatches(users.map((u, i) => () => login(instances[i % 2]!, { ...u, address: nat })), 50);
			expect(tally(first.map((r) => r.status))).toEqual({ 200: users.length });
			const devices = first.map((r) => r.device);
			expect(devices.every((d) => typeof d === "string" && d.length > 0)).toBe(true);

			// 2. The attacker, behind the same NAT, exhausts the address budget.
			const fromNat = await inBatches(users.slice(0, limits.maxPerAddress + 10).map((u, i) => () => login(instances[i % 2]!, { username: u.username, password: "guess", address: nat })), 10);
			expect(fromNat.filter((r) => r.status === 429).length).toBeGreaterThan(0);
			expect((await login(instances[0]!, { ...users[99]!, address: nat })).status).toBe(429);

			// 3. From 50 other addresses, it locks every account (maxPerIdentity + 1 wrong passwords each).
			const before = await totals(instances);
			const spray = users.flatMap((u, i) =>
				Array.from({ length: limits.maxPerIdentity + 1 }, (_, k) => () => login(instances[(i + k) % 2]!, { username: u.username, password: `guess-${k}`, address: `192.0.2.${(i * 7 + k) % 50}` }))
			);
			const sprayed = await inBatches(spray, 50);
			const sprayChecks = minus(await totals(instances), before).verifyCalls;
			expect(sprayChecks).toBeLessThanOrEqual(users.length * limits.maxPerIdentity);
			const locked = await inBatches(users.map((u, i) => () => login(instances[i % 2]!, { ...u, address: `100.64.0.${i}` })), 50);
			expect(tally(locked.map((r) => r.status))).toEqual({ 429: users.length });

			// 4. Unknown names from new addresses until the global failed-login budget is spent.
			let probes = 0;
			let globalHit = false;
			while (!globalHit && probes < limits.maxGlobal) {
				const batch = await inBatches(Array.from({ length: 25 }, (_, k) => () => login(instances[k % 2]!, { username: `nobody-${probes + k}`, password: "guess", address: `10.9.${Math.floor((probes + k) / 250)}.${(probes + k) % 250}` })), 25);
				probes += 25;
				globalHit = batch.some((r) => r.status === 429);
			}
			expect(globalHit).toBe(true);
			expect((await login(instances[1]!, { username: "nobody-fresh", password: "guess", address: "10.99.0.1" })).status).toBe(429);

			// 5. Every user, from the NAT with the device cookie, through the other instance: still logs in.
			const again = await inBatches(users.map((u, i) => () => login(instances[(i + 1) % 2]!, { ...u, address: nat, device: devices[i]! })), 50);
			const statuses = tally(again.map((r) => r.status));
			console.log(
				`${name}: NAT: ${users.length} users with device cookies after the attack -> ${JSON.stringify(statuses)}; attack: ${sprayed.length} account guesses -> ${sprayChecks} checks (budget ${users.length} x ${limits.maxPerIdentity}), ${probes} unknown-name guesses to spend the global budget`
			);
			expect(statuses).toEqual({ 200: users.length });
		}, 120_000);
	});
}
