import type { PasswordService } from "./password/index.js";
import type { RateLimiter } from "./rate-limit.js";
import type { ResolvedOptions } from "./resolve-options.js";
import type { TokenCodec } from "./token/token.js";

/** What the internal modules share: the resolved options, the token codec and the password service. */
export interface Engine {
	readonly options: ResolvedOptions;
	readonly tokens: TokenCodec;
	readonly passwords: PasswordService;
	/** The login rate limiter (login route and HTTP Basic), or null when rate limiting is off. */
	readonly limiter: RateLimiter | null;
	/** Calls an event hook; a hook that throws or rejects is ignored. */
	emit<K extends keyof ResolvedOptions["events"]>(name: K, event: Parameters<NonNullable<ResolvedOptions["events"][K]>>[0]): void;
}
