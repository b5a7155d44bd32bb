export { createRoutes } from "./handler.js";
export type { AuthenticateResult, RequestOrigin, RouteDeps, RouteOptions } from "./deps.js";
export { urlForIdentity, type IdentityEndpoint } from "./url.js";
