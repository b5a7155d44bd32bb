import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));

function localImports(file: string, seen = new Set<string>()): Set<string> {
	if (seen.has(file)) return seen;
	seen.add(file);
	for (const [, spec] of readFileSync(file, "utf8").matchAll(/from\s+"(\.[^"]+)"/g)) {
		localImports(join(dirname(file), spec!.replace(/\.js$/, ".ts")), seen);
	}
	return seen;
}

test("the root entry never imports better-sqlite3 (only the ./sqlite subpath does)", () => {
	const files = [...localImports(join(here, "index.ts"))];
	expect(files.length).toBeGreaterThan(5);
	for (const file of files) expect(readFileSync(file, "utf8")).not.toMatch(/["']better-sqlite3["']/);
	expect(readFileSync(join(here, "sqlite.ts"), "utf8")).toMatch(/from "better-sqlite3"/);
});
