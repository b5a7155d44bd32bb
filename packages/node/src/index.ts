export { toNodeHandler, serve } from "./bridge.js";
export type { NodeHandler, ServeOptions } from "./bridge.js";
export { createWorkerPoolHasher } from "./worker-hasher.js";
export type { WorkerPoolHasherOptions } from "./worker-hasher.js";
