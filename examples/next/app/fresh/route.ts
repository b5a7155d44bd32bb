import { identity } from "../../lib/identity";

// A login of this session, not one restored from the remember cookie.
export const GET = identity.freshLoginRequired(async () => Response.json({ page: "fresh" }));
