import { fileURLToPath } from "node:url";
import { scenarioBlock } from "../doc-blocks.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));

// The files of the brand-new project that scripts/packed-install.mjs creates outside the repo: the
// README Quickstart (a server on @identity/node) and the Express Quickstart, read from the READMEs,
// a module importing every published entry a Node program can load, and the two tsconfigs a user
// is likely to have.

/** The README Quickstart and the @identity/express Quickstart, as the READMEs show them. */
const server = scenarioBlock(root, "README.md", "quickstart-node").code;
const expressServer = scenarioBlock(root, "packages/express/README.md", "quickstart-express").code;

/**
 * Every published entry: imported (types and runtime) where Node can load it, type-only for
 * @identity/next (its runtime is Next's), resolved only for @identity/bun (it imports bun:sqlite).
 */
const entries = `import * as core from "@identity/core";
import * as kysely from "@identity/kysely";
import * as sqlite from "@identity/kysely/sqlite";
import * as nodeSqlite from "@identity/kysely/node-sqlite";
import * as node from "@identity/node";
import * as expressAdapter from "@identity/express";
import * as cli from "@identity/cli";
import type * as next from "@identity/next";

const nextExports: (keyof typeof next)[] = ["toNextHandlers", "createNextIdentity"];
const loaded = { core, kysely, sqlite, nodeSqlite, node, expressAdapter, cli };
const counts = Object.fromEntries(Object.entries(loaded).map(([name, entry]) => [name, Object.keys(entry).length]));
const resolved = ["@identity/next", "@identity/bun", "@identity/cli/package.json"].map((specifier) => import.meta.resolve(specifier));
console.log(JSON.stringify({ counts, nextExports, resolved }));
`;

const base = { target: "ES2022", strict: true, skipLibCheck: false, noEmitOnError: true, types: ["node"], rootDir: "src" };

/** tsconfig files by name: NodeNext (compiled to dist/ and run) and Bundler (type-checked only). */
const tsconfigs = {
	"tsconfig.nodenext.json": { compilerOptions: { ...base, module: "NodeNext", moduleResolution: "NodeNext", lib: ["ES2022"], outDir: "dist" }, include: ["src"] },
	"tsconfig.bundler.json": { compilerOptions: { ...base, module: "ESNext", moduleResolution: "Bundler", lib: ["ES2022", "DOM", "DOM.Iterable"], noEmit: true }, include: ["src"] }
};

/** Every file to write, path relative to the project. */
export const projectFiles = {
	"src/server.ts": server,
	"src/express-server.ts": expressServer,
	"src/entries.ts": entries,
	...Object.fromEntries(Object.entries(tsconfigs).map(([name, config]) => [name, `${JSON.stringify(config, null, 2)}\n`]))
};
