// Every example is an app a user could copy: its code (everything but its tests) imports published
// entry points only, never the private @identity/testing package or a package's sources, and its
// package.json lists @identity/testing, if at all, as a devDependency for the tests.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";

const here = fileURLToPath(new URL(".", import.meta.url));
const examples = readdirSync(here).filter((name) => existsSync(join(here, name, "package.json")));
const skipped = new Set(["node_modules", ".next", "dist", ".build", ".wrangler", "test"]);

/** The example's own code: every source file outside its tests and build output. */
function appFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return skipped.has(name) ? [] : appFiles(path);
		return /\.(m?[jt]sx?)$/.test(name) && !/\.test(-d)?\.[jt]sx?$/.test(name) ? [path] : [];
	});
}

test("there are examples to check", () => {
	expect(examples).toEqual(expect.arrayContaining(["bun", "demo", "deno", "express", "next", "workerd"]));
});

test.each(examples)("examples/%s: no @identity/testing, fixture secret or package source in the app's code", (name) => {
	const files = appFiles(join(here, name));
	expect(files.length).toBeGreaterThan(0);
	const problems = files.flatMap((file) => {
		const text = readFileSync(file, "utf8");
		const where = relative(here, file);
		return [
			/["']@identity\/testing(\/[^"']*)?["']/.test(text) ? `${where} imports @identity/testing` : null,
			/FIXTURE_SECRET/.test(text) ? `${where} uses FIXTURE_SECRET` : null,
			/["'](\.\.\/)+packages\//.test(text) ? `${where} imports a package's files directly` : null
		].filter((problem): problem is string => problem !== null);
	});
	expect(problems, problems.join("\n")).toEqual([]);
});

test.each(examples)("examples/%s: @identity/testing is at most a devDependency", (name) => {
	const manifest = JSON.parse(readFileSync(join(here, name, "package.json"), "utf8"));
	expect(Object.keys(manifest.dependencies ?? {})).not.toContain("@identity/testing");
	expect(Object.keys(manifest.peerDependencies ?? {})).not.toContain("@identity/testing");
});
