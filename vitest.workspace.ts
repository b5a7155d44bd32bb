/** The test projects. Vitest 4 reads them through vitest.config.ts (`test.projects`). */
export default [
	{ extends: true, test: { name: "core", root: "packages/core" } },
	{ extends: true, test: { name: "kysely", root: "packages/kysely" } },
	{ extends: true, test: { name: "redis", root: "packages/redis" } },
	{ extends: true, test: { name: "cli", root: "packages/cli" } },
	{ extends: true, test: { name: "node", root: "packages/node" } },
	{ extends: true, test: { name: "express", root: "packages/express" } },
	{ extends: true, test: { name: "next", root: "packages/next" } },
	{ extends: true, test: { name: "bun", root: "packages/bun" } },
	{ extends: true, test: { name: "testing", root: "packages/testing" } },
	{ extends: true, test: { name: "examples", root: "examples" } },
	{ extends: true, test: { name: "docs", root: "docs" } },
	// The published tarballs installed into a new project outside the repo (scripts/packed-install.mjs),
	// and the changesets config. Group 1 runs after every other project (group 0) has finished: the
	// npm install compiles better-sqlite3, which would otherwise starve the browser and timing tests.
	{ extends: true, test: { name: "packed", root: "test/packed", sequence: { groupOrder: 1 } } }
];
