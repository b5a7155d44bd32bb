import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const fixtures = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures");

/**
 * A Python 3 that imports `modules` (Debian's /usr/bin/python3 first: python3-flask-security lives
 * there). Under CI=true a missing one fails the suite; elsewhere the caller skips with a message.
 */
export function findPython(modules: readonly string[]): string | undefined {
	for (const candidate of ["/usr/bin/python3", "python3"]) {
		const result = spawnSync(candidate, ["-c", `import ${modules.join(", ")}`], { stdio: "ignore" });
		if (result.status === 0) return candidate;
	}
	const fix = `install them (Debian: apt-get install ${modules.map((m) => `python3-${m.replace(/_/g, "-")}`).join(" ")}); .ci/run does`;
	if (process.env.CI === "true") throw new Error(`CI=true, but no python3 imports ${modules.join(", ")}: ${fix}`);
	console.warn(`\n*** SKIPPED: the tests that need python3 with ${modules.join(", ")} (${fix}) ***\n`);
	return undefined;
}

/** Runs a fixture script from test/fixtures and returns the JSON manifest it prints. */
export function buildFixture<T>(python: string, script: string, args: readonly string[]): T {
	const result = spawnSync(python, [join(fixtures, script), ...args], { encoding: "utf8", timeout: 120_000 });
	if (result.status !== 0) throw new Error(`${script} failed: ${result.stderr}`);
	return JSON.parse(result.stdout) as T;
}
