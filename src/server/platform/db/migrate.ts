import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { DialectName } from './index.ts';

// Migrations work on the raw schema, not the typed Database: they describe how it came to be.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type MigrationFn = (db: Kysely<any>, dialect: DialectName) => Promise<void>;

/** A module's migrations, keyed by a timestamped name (`20261126T0710_accounts_init`). */
export type ModuleMigrations = Record<string, { up: MigrationFn }>;

class ModulesProvider implements MigrationProvider {
  constructor(private readonly sets: ModuleMigrations[], private readonly dialect: DialectName) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    const all: Record<string, Migration> = {};
    for (const set of this.sets) {
      for (const [name, m] of Object.entries(set)) {
        if (all[name]) throw new Error(`duplicate migration name ${name}`);
        all[name] = { up: (db) => m.up(db, this.dialect) };
      }
    }
    return all;
  }
}

/** Applies every pending migration of every module, in timestamp order. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function runMigrations(db: Kysely<any>, dialect: DialectName, sets: ModuleMigrations[]): Promise<string[]> {
  // Unless told the schema, Kysely looks for its tables in every schema of the database, so
  // with several schemas in one database (as tests use) it would find another schema's lock
  // table and never create its own.
  const schema = dialect === 'postgres'
    ? (await sql<{ name: string }>`select current_schema() as name`.execute(db)).rows[0]?.name
    : undefined;
  const migrator = new Migrator({
    db,
    provider: new ModulesProvider(sets, dialect),
    migrationTableName: 'hearth_migration',
    migrationLockTableName: 'hearth_migration_lock',
    // Each module keeps its own timeline: a module's new migration may carry an earlier
    // timestamp than another module's applied one, and must still run.
    allowUnorderedMigrations: true,
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
