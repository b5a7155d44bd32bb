import { packageBuild } from "../../tsup.config.js";

// worker-entry.js is the worker thread of createWorkerPoolHasher; it lands beside index.js in dist,
// where worker-hasher.ts finds it by `new URL("./worker-entry.js", import.meta.url)`.
export default packageBuild(
	{ index: "src/index.ts", "worker-entry": "src/worker-entry.js" },
	{ dts: { entry: { index: "src/index.ts" } } }
);
