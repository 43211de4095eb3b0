import { spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import pg from 'pg';
import { run, type Manifest } from './archive.ts';
import {
  holdsSiteData, inventoryPostgres, pgTableHashSql, PG_STABLE_OUTPUT, quoteIdent, type Inventory,
} from './inventory.ts';

const PG_BIN = process.env.HEARTH_PG_BIN ?? '/usr/bin';

function connect(url: string, schema: string | undefined): pg.Client {
  return new pg.Client({ connectionString: url, ...(schema ? { options: `-c search_path=${quoteIdent(schema)}` } : {}) });
}

/** The schema Hearth's tables live in on this connection (public unless told otherwise). */
export async function currentSchema(url: string, schema: string | undefined): Promise<string> {
  if (schema) return schema;
  const client = connect(url, undefined);
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string | null }>('select current_schema() as name');
    return rows[0]?.name ?? 'public';
  } finally {
    await client.end();
  }
}

/**
 * Dumps one schema with pg_dump while the server keeps writing. A repeatable-read transaction
 * exports its snapshot; pg_dump reads that same snapshot, and the manifest's counts and hashes
 * are taken inside it too, so the manifest describes exactly what the dump holds.
 */
export async function backupPostgres(url: string, schema: string, dumpFile: string): Promise<Inventory> {
  const client = connect(url, schema);
  await client.connect();
  try {
    await client.query('begin isolation level repeatable read read only');
    const { rows } = await client.query<{ id: string }>('select pg_export_snapshot() as id');
    const dump = run(`${PG_BIN}/pg_dump`, [
      '--format=custom', `--snapshot=${rows[0]!.id}`, `--schema=${schema}`, '--no-owner', '--no-acl', `--file=${dumpFile}`, `--dbname=${url}`,
    ]);
    const inventory = await inventoryPostgres(client, schema);
    await dump;
    await client.query('commit');
    return inventory;
  } finally {
    await client.end();
  }
}

export async function postgresHoldsData(url: string, schema: string): Promise<boolean> {
  const client = connect(url, undefined);
  await client.connect();
  try {
    const counts: Record<string, { rows: number }> = {};
    for (const table of ['users', 'posts']) {
      const { rows } = await client.query(
        `select 1 from information_schema.tables where table_schema = $1 and table_name = $2`, [schema, table],
      );
      if (rows.length === 0) continue;
      const n = await client.query<{ n: string }>(`select count(*) as n from ${quoteIdent(schema)}.${quoteIdent(table)}`);
      counts[table] = { rows: Number(n.rows[0]!.n) };
    }
    return holdsSiteData(counts);
  } finally {
    await client.end();
  }
}

function literal(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A statement that aborts the restore's transaction unless every table matches the manifest. */
function verificationSql(manifest: Manifest, schema: string): string {
  const checks = Object.entries(manifest.tables).map(([table, t]) => `
    ${pgTableHashSql(schema, table)} into n, h;
    if n <> ${Number(t.rows)} or h <> ${literal(t.hash)} then
      raise exception 'restored table % does not match the backup manifest', ${literal(table)};
    end if;`).join('');
  return `${PG_STABLE_OUTPUT}
do $verify$ declare n bigint; h text; begin ${checks}
end $verify$;
`;
}

/**
 * Replays the dump into the target database in one transaction: the schema is dropped and
 * recreated, the dump applied, and every table checked against the manifest before commit.
 * Any failure rolls all of it back, leaving the target as it was.
 */
export async function restorePostgres(url: string, dumpFile: string, manifest: Manifest): Promise<void> {
  const schema = manifest.schema ?? 'public';
  const restore = spawn(`${PG_BIN}/pg_restore`, ['--no-owner', '--no-acl', '--file=-', dumpFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  let restoreErr = '';
  restore.stderr.on('data', (c: Buffer) => { restoreErr += c.toString(); });
  const restored = new Promise<void>((resolve, reject) => {
    restore.on('error', reject);
    restore.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`pg_restore exited with ${code}: ${restoreErr.trim()}`))));
  });
  const script = new PassThrough();
  script.write(`set client_min_messages = warning;\ndrop schema if exists ${quoteIdent(schema)} cascade;\n`);
  restore.stdout.pipe(script, { end: false });
  restore.stdout.on('end', () => script.end(verificationSql(manifest, schema)));
  await Promise.all([
    restored,
    run(`${PG_BIN}/psql`, ['--quiet', '--no-psqlrc', '--single-transaction', '--set=ON_ERROR_STOP=1', `--dbname=${url}`], { stdin: script }),
  ]);
}
