const addresses = new WeakMap<Request, string>();

/** Records the client address of a Request the bridge built (internal to the Node bridges). */
export function rememberClientAddress(request: Request, address: string | null | undefined): void {
	if (address) addresses.set(request, address);
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
	return addresses.get(request) ?? null;
}
