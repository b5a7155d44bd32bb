// Inlined at build time (tsup and the test bundle both bundle JSON), so the bin needs no file lookup.
import manifest from "../../package.json" with { type: "json" };

/** The version of @identity/cli, as published. */
export const cliVersion: string = manifest.version;
