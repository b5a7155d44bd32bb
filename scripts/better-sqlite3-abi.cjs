// Preloaded (`node --require`) by scripts/test-node-versions.sh. Test tooling only: nothing published loads it.
//
// The better-sqlite3 in node_modules is compiled for the machine's default Node; under another Node
// major its addon fails to load (ERR_DLOPEN_FAILED). Two ways round it, chosen by the script:
// - IDENTITY_BETTER_SQLITE3_BINDING: the same better-sqlite3 version's addon compiled for the running
//   Node; every load of `better_sqlite3.node` is pointed at it.
// - IDENTITY_BETTER_SQLITE3_PACKAGE (+ IDENTITY_BETTER_SQLITE3_REPLACES, the installed package's
//   directory): another better-sqlite3 package (13.x, Node-API, prebuilt) that every module resolved
//   inside the installed one is redirected to. Used on Node 24, where better-sqlite3 <= 12 aborts the
//   process when a Statement or Database is collected ("Assertion failed: (env) != nullptr" in
//   RemoveEnvironmentCleanupHook; WiseLibs/better-sqlite3#1515, fixed by 13.x's Node-API rewrite).
"use strict";
const { pathToFileURL } = require("node:url");
const binding = process.env.IDENTITY_BETTER_SQLITE3_BINDING;
const replacement = process.env.IDENTITY_BETTER_SQLITE3_PACKAGE;
const replaced = process.env.IDENTITY_BETTER_SQLITE3_REPLACES;

if (replacement && replaced) {
	const from = pathToFileURL(replaced).href + "/";
	const to = pathToFileURL(replacement).href + "/";
	require("node:module").registerHooks({
		resolve(specifier, context, nextResolve) {
			const result = nextResolve(specifier, context);
			return result.url && result.url.startsWith(from) ? { ...result, url: to + result.url.slice(from.length) } : result;
		}
	});
} else if (binding) {
	const dlopen = process.dlopen;
	process.dlopen = function (module, filename, ...rest) {
		const target = String(filename).endsWith("better_sqlite3.node") ? binding : filename;
		return dlopen.call(this, module, target, ...rest);
	};
}
