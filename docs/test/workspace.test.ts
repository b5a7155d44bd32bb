// The install a new user runs first must be quiet: pnpm warns "There are cyclic workspace
// dependencies" when workspace packages depend on each other in a ring (devDependencies count).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

function workspaceManifests(): Map<string, string[]> {
	const patterns = readFileSync(join(root, "pnpm-workspace.yaml"), "utf8")
		.split("\n")
		.map((line) => /^\s+-\s+(\S+)/.exec(line)?.[1])
		.filter((p): p is string => Boolean(p));
	const dirs = patterns.flatMap((pattern) =>
		pattern.endsWith("/*") ? readdirSync(join(root, pattern.slice(0, -2))).map((name) => join(root, pattern.slice(0, -2), name)) : [join(root, pattern)]
	);
	const graph = new Map<string, string[]>();
	for (const dir of dirs) {
		if (!existsSync(join(dir, "package.json"))) continue;
		const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
		const deps = { ...manifest.dependencies, ...manifest.devDependencies, ...manifest.optionalDependencies, ...manifest.peerDependencies };
		graph.set(manifest.name, Object.entries(deps).filter(([, range]) => String(range).startsWith("workspace:")).map(([name]) => name));
	}
	return graph;
}

test("no workspace dependency cycle (pnpm install would warn about it)", () => {
	const graph = workspaceManifests();
	expect(graph.size).toBeGreaterThan(10);
	const cycles: string[] = [];
	const state = new Map<string, "visiting" | "done">();
	const visit = (name: string, path: string[]) => {
		if (state.get(name) === "done") return;
		if (state.get(name) === "visiting") return void cycles.push([...path.slice(path.indexOf(name)), name].join(" -> "));
		state.set(name, "visiting");
		for (const next of graph.get(name) ?? []) visit(next, [...path, name]);
		state.set(name, "done");
	};
	for (const name of graph.keys()) visit(name, []);
	expect(cycles, cycles.join("\n")).toEqual([]);
});
