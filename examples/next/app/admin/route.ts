import type { NextRequest } from "next/server";
import { identity } from "../../lib/identity";

// A core guard on a Next route handler, unchanged: Next's (request, context) signature passes through.
export const GET = identity.rolesRequired(
	async (_request: NextRequest, _context: { params: Promise<Record<string, never>> }) => Response.json({ page: "admin" }),
	"admin"
);
