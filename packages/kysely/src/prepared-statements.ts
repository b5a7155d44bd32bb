import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from "kysely";
import { preparedStatementName } from "./internal/statement-names.js";

/** A node-postgres client's query by config: a named statement. */
type NamedQuery = (config: { name: string; text: string; values: ReadonlyArray<unknown> | undefined }) => Promise<PostgresQueryResult<unknown>>;

/** A node-postgres pool (`pg.Pool`), as far as Kysely's `PostgresDialect` and this wrapper use it. */
export interface PreparablePool {
	connect(): Promise<PostgresPoolClient>;
	end(): Promise<void>;
}

/**
 * Wraps a node-postgres pool for Kysely's `PostgresDialect` so that the store's user lookups run as
 * named prepared statements: PostgreSQL parses and plans each once per connection instead of on
 * every request. Every other statement, the application's own included, passes through unchanged.
 * Kysely itself cannot name statements; node-postgres does, per connection.
 *
 * Measured on the 2-core machine of the benchmarks, a lookup by id ran at about 1.75x the
 * queries per second. After a migration that changes the users table, restart the processes
 * (or end the pool): PostgreSQL refuses a prepared statement whose result columns changed.
 * @example
 * const pool = new pg.Pool({ connectionString });
 * const db = new Kysely<IdentityDatabase>({ dialect: new PostgresDialect({ pool: withPreparedStatements(pool) }) });
 * const store = createKyselyStore(db);
 */
export function withPreparedStatements(pool: PreparablePool): PostgresPool {
	// One wrapper per pooled connection (the pool hands the same clients out again).
	const wrappers = new WeakMap<PostgresPoolClient, PostgresPoolClient>();
	const wrap = (client: PostgresPoolClient): PostgresPoolClient => {
		const query = client.query as unknown as NamedQuery & ((...args: unknown[]) => unknown);
		const wrapper = {
			query(sqlOrCursor: unknown, parameters?: ReadonlyArray<unknown>) {
				if (typeof sqlOrCursor === "string") {
					const name = preparedStatementName(sqlOrCursor);
					if (name) return query.call(client, { name, text: sqlOrCursor, values: parameters });
				}
				return query.call(client, sqlOrCursor, parameters);
			},
			release: (destroy?: boolean) => client.release(destroy)
		} as PostgresPoolClient;
		wrappers.set(client, wrapper);
		return wrapper;
	};
	return {
		async connect() {
			const client = await pool.connect();
			return wrappers.get(client) ?? wrap(client);
		},
		end: () => pool.end()
	};
}
