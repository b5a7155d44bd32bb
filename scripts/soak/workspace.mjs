// Loads the built workspace packages (the soak runs on `dist/`, as users do) from the repository
// root, which has no dependency on them: each is resolved from its own package directory.
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const root = fileURLToPath(new URL("../..", import.meta.url));

/** `import("@identity/<dir><subpath>")` as the package's own `exports` resolve it. */
export async function importWorkspace(dir, subpath = "") {
	const require = createRequire(join(root, "packages", dir, "package.json"));
	let file;
	try {
		file = require.resolve(`@identity/${dir}${subpath}`);
	} catch (error) {
		throw new Error(`soak: cannot resolve @identity/${dir}${subpath}; build first (npx -y pnpm@10.34.8 build)`, { cause: error });
	}
	return import(pathToFileURL(file).href);
}
