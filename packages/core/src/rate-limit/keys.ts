/**
 * The storage key of a client address: IPv4 as is, IPv6 by its /64 prefix (one customer usually
 * holds a whole /64, so rotating within it must not reset the counter). IPv4-mapped IPv6 is IPv4.
 */
export function addressKey(address: string): string {
	const trimmed = address.trim().toLowerCase().replace(/^\[|\]$/g, "").replace(/%.*$/, "");
	const mapped = /^(?:0*:)*:?ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(trimmed);
	if (mapped?.[1]) return mapped[1];
	if (!trimmed.includes(":")) return trimmed;
	const groups = expandIPv6(trimmed);
	if (!groups) return trimmed;
	return `${groups.slice(0, 4).join(":")}::/64`;
}

/** The storage key of an identity value: case- and width-folded, so `Admin` and `ａdmin` share one counter. */
export function identityKey(identity: string): string {
	return identity.normalize("NFKC").trim().toLowerCase();
}

function expandIPv6(address: string): string[] | null {
	const halves = address.split("::");
	if (halves.length > 2) return null;
	const head = halves[0] ? halves[0].split(":") : [];
	const tail = halves[1] ? halves[1].split(":") : [];
	// An embedded IPv4 tail takes two groups.
	const last = tail.length ? tail[tail.length - 1] : head[head.length - 1];
	const v4 = last?.includes(".") ? 1 : 0;
	const missing = 8 - head.length - tail.length - v4;
	if (halves.length === 1 ? missing !== 0 : missing < 0) return null;
	const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...tail];
	if (groups.slice(0, 4).some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return null;
	return groups.map((g) => (g.includes(".") ? g : g.replace(/^0+(?=.)/, "")));
}
