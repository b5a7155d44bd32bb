import type { Options } from "tsup";

/**
 * The one build shape every published package uses: ESM, .d.ts, sourcemaps, ES2022.
 * `IDENTITY_BUILD_DTS=0` builds the JavaScript only and keeps what dist/ holds (`pnpm start` does
 * this for the demo's packages: declarations take most of a build, and running needs none).
 */
export function packageBuild(entry: Record<string, string>, overrides: Partial<Options> = {}): Options {
	const declarations = process.env.IDENTITY_BUILD_DTS !== "0";
	return {
		entry,
		format: ["esm"],
		dts: declarations,
		sourcemap: true,
		clean: declarations,
		target: "es2022",
		...overrides,
		...(declarations ? {} : { dts: false })
	};
}
