import { identity } from "../../../lib/identity";
import { setActive } from "../../../lib/set-active";

// Admins only: `{ "username": "..." }` is deactivated (its sessions and tokens stop working).
export const POST = identity.rolesRequired((request: Request) => setActive(request, false), "admin");
