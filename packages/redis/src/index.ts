export { createRedisCoordinator } from "./coordinator.js";
export type { RedisCoordinator } from "./coordinator.js";
export type { RedisCoordinatorOptions } from "./options.js";
export type { IORedisClient, NodeRedisClient, RedisClient } from "./client.js";
