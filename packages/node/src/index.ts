export { toNodeHandler, serve } from "./bridge.js";
export type { NodeHandler, ServeOptions, NodeHandlerOptions, FetchHandler, RunningServer } from "./bridge.js";
export { toWebRequest, readableFromNode } from "./node-request.js";
export type { WebRequestOptions } from "./node-request.js";
export { sendWebResponse } from "./node-response.js";
export { clientAddressOf } from "./client-address.js";
export { createWorkerPoolHasher } from "./worker-hasher.js";
export type { WorkerPoolHasherOptions } from "./worker-hasher.js";
