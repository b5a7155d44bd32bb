import { packageBuild } from "../../tsup.config.js";

export default packageBuild({ index: "src/index.ts", sqlite: "src/sqlite.ts", "node-sqlite": "src/node-sqlite.ts" });
