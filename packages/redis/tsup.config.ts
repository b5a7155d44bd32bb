import { packageBuild } from "../../tsup.config.js";

export default packageBuild({ index: "src/index.ts" });
