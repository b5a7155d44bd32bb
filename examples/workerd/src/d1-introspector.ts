import { type DatabaseIntrospector, type DatabaseMetadata, type Kysely, type TableMetadata, sql } from "kysely";

interface ColumnRow {
	name: string;
	type: string;
	notnull: number;
	dflt_value: unknown;
	pk: number;
}

/**
 * Kysely's SQLite introspector joins `pragma_table_info(...)` as a table-valued function, which
 * D1's authorizer refuses (SQLITE_AUTH). This one lists tables from `sqlite_master` (skipping
 * SQLite's and Cloudflare's internal `_cf_` tables) and reads columns with plain `PRAGMA
 * table_info`, which D1 allows. Kysely's Migrator needs it to find its bookkeeping tables.
 */
export function createD1Introspector(db: Kysely<any>): DatabaseIntrospector {
	async function getTables(options = { withInternalKyselyTables: false }): Promise<TableMetadata[]> {
		const { rows } = await sql<{ name: string; type: string }>`
			select name, type from sqlite_master
			where type in ('table', 'view') and name not like 'sqlite_%' and name not like '_cf_%'
			order by name`.execute(db);
		const tables: TableMetadata[] = [];
		for (const { name, type } of rows) {
			if (!options.withInternalKyselyTables && /^kysely_migration(_lock)?$/.test(name)) continue;
			const columns = await sql<ColumnRow>`pragma table_info(${sql.id(name)})`.execute(db);
			tables.push({
				name,
				isView: type === "view",
				columns: columns.rows.map((column) => ({
					name: column.name,
					dataType: column.type,
					isNullable: !column.notnull,
					isAutoIncrementing: column.pk > 0 && column.type.toLowerCase() === "integer",
					hasDefaultValue: column.dflt_value != null
				}))
			});
		}
		return tables;
	}
	return {
		getSchemas: async () => [],
		getTables,
		getMetadata: async (options): Promise<DatabaseMetadata> => ({ tables: await getTables(options) })
	};
}
