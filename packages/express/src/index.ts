export { toExpressHandler } from "./to-express-handler.js";
export { identityMiddleware } from "./identity-middleware.js";
export type { IdentityMiddlewareOptions, MiddlewareRequirement } from "./identity-middleware.js";
