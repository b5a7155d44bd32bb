import { identity } from "../../lib/identity";

// Either role opens it.
export const GET = identity.rolesAccepted(async () => Response.json({ page: "editor" }), "editor", "writer");
