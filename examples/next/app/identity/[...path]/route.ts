import { toNextHandlers } from "@identity/next";
import { identity } from "../../../lib/identity";

// Core's routes: GET/POST /identity/login (HTML form or JSON) and POST /identity/logout.
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = toNextHandlers(identity);
