/**
 * Fixed limits of the request layer, in one place. They bound the work any single request can
 * cause; none of them is an option.
 */

/** The longest identity value accepted, in characters (an email address is at most 254). */
export const MAX_IDENTITY_LENGTH = 320;

/** The longest credential string read (cookie value, bearer token, CSRF token), in characters. */
export const MAX_CREDENTIAL_LENGTH = 4096;

/** Duplicate cookies of one name looked at (cookie tossing plants extra copies); more are ignored. */
export const MAX_COOKIE_DUPLICATES = 4;

/** A Cookie header longer than this is ignored unread. */
export const MAX_COOKIE_HEADER_LENGTH = 16_384;

/** An Authorization header longer than this is ignored unread. */
export const MAX_AUTHORIZATION_LENGTH = 8192;

/** The largest request body the routes read, in bytes: big enough to name an oversized field. */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

/** The most form fields (urlencoded) or multipart parts a body may have. */
export const MAX_FORM_FIELDS = 1000;

/** The deepest JSON nesting a body may have. */
export const MAX_JSON_DEPTH = 32;

/** The largest form the guards read for a `csrf_token` field; bigger bodies are not read for it. */
export const MAX_CSRF_FORM_BYTES = 64 * 1024;

/** How long a CSRF token lives. */
export const CSRF_LIFETIME_SECONDS = 12 * 60 * 60;

/** The longest `next` value read from a body or query; longer values fall back like any refused one. */
export const MAX_NEXT_LENGTH = 2048;

/** `Retry-After` sent with a 503 when the store is down. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/** The realm of `WWW-Authenticate` challenges. */
export const AUTH_REALM = "identity";

/** The verified-credential cache: repeat requests skip the signature check. */
export const VERIFIED_TOKEN_CACHE_SIZE = 10_000;

/** The most login-throttle counters kept in memory (when neither the store nor a coordinator keeps them). */
export const MEMORY_COUNTER_KEYS = 100_000;
