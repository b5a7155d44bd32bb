export { toExpressHandler } from "./to-express-handler.js";
export { identityMiddleware } from "./identity-middleware.js";
export type { Guard, IdentityMiddlewareOptions, MiddlewareRequirement } from "./identity-middleware.js";
