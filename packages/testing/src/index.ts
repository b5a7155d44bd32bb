export { describeStore } from "./store-suite.js";
export type { StoreFactory } from "./store-suite.js";
export { describeHandlers } from "./handler-suite.js";
export type { HandlerSuiteTarget } from "./handler-suite.js";
