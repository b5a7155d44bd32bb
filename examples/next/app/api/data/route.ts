import { identity } from "../../../lib/identity";

// A bearer token only (`Authorization: Bearer ...` from the JSON login); a cookie is not enough.
export const GET = identity.authRequired(async () => Response.json({ data: [1, 2, 3] }), "token");
