import { packageBuild } from "../../tsup.config.js";

/** Only the fixture is built: runtimes without a TypeScript loader (Node 20, Deno via npm, workerd) import it from dist. */
export default packageBuild({ fixture: "src/fixture.ts" }, { external: ["@identity/core"] });
