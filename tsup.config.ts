import type { Options } from "tsup";

/** The one build shape every published package uses: ESM, .d.ts, sourcemaps, ES2022. */
export function packageBuild(entry: Record<string, string>, overrides: Partial<Options> = {}): Options {
	return {
		entry,
		format: ["esm"],
		dts: true,
		sourcemap: true,
		clean: true,
		target: "es2022",
		...overrides
	};
}
