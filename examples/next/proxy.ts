import { createOptimisticProxy } from "@identity/next";

/**
 * Optimistic only: navigations to /dashboard without any login cookie go straight to the login
 * page. The page itself still checks the user (`getCurrentUser()`); a proxy is never the gate
 * (CVE-2025-29927 let requests skip Next.js middleware entirely).
 */
export const proxy = createOptimisticProxy({ protect: ["/dashboard"] });

export const config = { matcher: ["/dashboard/:path*"] };
