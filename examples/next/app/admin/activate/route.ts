import { identity } from "../../../lib/identity";
import { setActive } from "../../../lib/set-active";

// Admins only: `{ "username": "..." }` is activated again.
export const POST = identity.rolesRequired((request: Request) => setActive(request, true), "admin");
