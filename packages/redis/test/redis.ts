import { randomBytes } from "node:crypto";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, test } from "vitest";
import { createRedisCoordinator, type RedisCoordinator } from "../src/index.js";
import type { ClientKind, TestClient } from "./clients.js";

const variable = "IDENTITY_TEST_REDIS";

/**
 * The server URL, or a reason to skip. Unset outside CI: skip (the reason is printed). Unset under
 * CI=true: no skip, and {@link requireRedisUrl} fails, so CI never silently skips.
 */
export function testRedis(): { url: string | undefined; skip: string | undefined } {
	const url = process.env[variable] || undefined;
	const skip = !url && process.env.CI !== "true" ? `${variable} is not set (e.g. redis://127.0.0.1:6379)` : undefined;
	return { url, skip };
}

/** `describe`, or a visibly skipped one (with the reason printed) when there is no test server. */
export function describeRedis(name: string, body: () => void): void {
	const { skip } = testRedis();
	if (skip) {
		console.warn(`${name} skipped: ${skip}`);
		describe.skip(name, () => test("skipped", () => {}));
		return;
	}
	describe(name, body);
}

/**
 * The URL of the test server, checked with a PING over a plain socket (2 s), so an unreachable
 * server fails the suite at once with a clear message instead of a client retrying forever.
 * @throws when the variable is unset (only reached under CI) or the server does not answer.
 */
export async function requireRedisUrl(): Promise<string> {
	const { url } = testRedis();
	if (!url) throw new Error(`${variable} must be set when CI=true`);
	const { hostname, port } = new URL(url);
	await new Promise<void>((resolve, reject) => {
		const socket = connect(Number(port || 6379), hostname);
		const fail = (reason: string) => {
			socket.destroy();
			reject(new Error(`Redis at ${hostname}:${port || 6379} is unreachable (${variable}): ${reason}`));
		};
		socket.setTimeout(2000, () => fail("no answer within 2 s"));
		socket.once("error", (error) => fail(error.message));
		socket.once("connect", () => socket.write("PING\r\n"));
		socket.once("data", () => {
			socket.end();
			resolve();
		});
	});
	return url;
}

/** A prefix no other test (or run) uses: `identity-test:<random>:`. */
export function testPrefix(): string {
	return `identity-test:${randomBytes(6).toString("hex")}:`;
}

/** Deletes every key under `prefix` (the tests' keys expire anyway; this keeps the server tidy). */
export async function removeKeys(command: TestClient["command"], prefix: string): Promise<void> {
	let cursor = "0";
	do {
		const [next, keys] = (await command(["SCAN", cursor, "MATCH", `${prefix}*`, "COUNT", "1000"])) as [string, string[]];
		if (keys.length) await command(["DEL", ...keys]);
		cursor = String(next);
	} while (cursor !== "0");
}

/** The connections named `name` (CLIENT LIST), with their ids and flags. */
export async function namedConnections(command: TestClient["command"], name: string): Promise<{ id: string; flags: string; cmd: string }[]> {
	const list = String(await command(["CLIENT", "LIST"]));
	return list
		.split("\n")
		.map((line) => Object.fromEntries(line.trim().split(" ").map((pair) => pair.split("=", 2) as [string, string])))
		.filter((fields) => fields.name === name)
		.map((fields) => ({ id: fields.id!, flags: fields.flags!, cmd: fields.cmd! }));
}

/** Polls `check` every 10 ms until it returns true, for at most `timeoutMs`. */
export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
	const started = Date.now();
	while (!(await check())) {
		if (Date.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

/** Resolves after `ms`. */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A coordinator on a fresh key prefix for the tests of one describe block: opened before them,
 * its keys removed and its client closed after them. Read `redis` and `coordinator` inside tests.
 */
export function useCoordinator(kind: ClientKind): { prefix: string; readonly redis: TestClient; readonly coordinator: RedisCoordinator } {
	const prefix = testPrefix();
	let redis: TestClient | undefined;
	let coordinator: RedisCoordinator | undefined;
	beforeAll(async () => {
		redis = await kind.open(await requireRedisUrl());
		coordinator = createRedisCoordinator(redis.client, { prefix });
	});
	afterAll(async () => {
		if (!redis) return;
		await removeKeys(redis.command, prefix);
		await redis.close();
	});
	return {
		prefix,
		get redis() {
			return redis!;
		},
		get coordinator() {
			return coordinator!;
		}
	};
}
