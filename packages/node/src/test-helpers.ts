// Helpers of the password tests (not exported, not built).
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The newest modification time (ms) of the files under `dir`. */
function newest(dir: string): number {
	let latest = 0;
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const path = join(dir, entry.name);
		latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
	}
	return latest;
}

/**
 * Builds @identity/core (tsup) unless its dist is newer than every file of its source. Worker threads
 * are plain Node, outside vitest's resolver, so they import core's built dist; CI builds everything
 * before testing.
 */
export function ensureCoreDist(): void {
	ensureDist("core");
}

/** Builds `packages/<name>` (tsup) unless its dist is newer than every file of its source. */
export function ensureDist(name: string): void {
	const dir = fileURLToPath(new URL(`../../${name}/`, import.meta.url));
	const dist = `${dir}dist/index.js`;
	if (!existsSync(dist) || statSync(dist).mtimeMs < newest(`${dir}src`)) execFileSync("npx", ["tsup"], { cwd: dir, stdio: "ignore" });
}

/**
 * The longest gap (ms) between two turns of the event loop while `work` runs, and how long it ran.
 * A 1 ms timer chain probes the loop (a setImmediate spin would keep a core busy itself, which on a
 * small machine competes with the worker threads it is meant to watch).
 */
export async function gapDuring(work: () => Promise<unknown>): Promise<{ gap: number; duration: number }> {
	const started = performance.now();
	let last = started;
	let worst = 0;
	let running = true;
	const tick = () => {
		const now = performance.now();
		worst = Math.max(worst, now - last);
		last = now;
		if (running) setTimeout(tick, 1);
	};
	setTimeout(tick, 1);
	await work();
	running = false;
	const end = performance.now();
	return { gap: Math.max(worst, end - last), duration: end - started };
}
