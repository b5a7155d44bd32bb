// A module-private symbol, not a WeakMap: one property write per request, and no ephemeron for the
// garbage collector to trace. Nobody outside this module can forge it.
const address = Symbol("clientAddress");

type Addressed = Request & { [address]?: string };

/** Records the client address of a Request the bridge built (internal to the Node bridges). */
export function rememberClientAddress(request: Request, clientAddress: string | null | undefined): void {
	if (clientAddress) (request as Addressed)[address] = clientAddress;
}

/**
 * The client address the Node bridge saw for `request` (the socket's `remoteAddress`, or what the
 * bridge's `getClientAddress` option returned), or null for a Request it did not build.
 * Pass it as core's `getClientAddress` option so rate limiting and login tracking see the address.
 *
 * @example
 * const identity = createIdentity({ store, secret, getClientAddress: clientAddressOf });
 */
export function clientAddressOf(request: Request): string | null {
	return (request as Addressed)[address] ?? null;
}
