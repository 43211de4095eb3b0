import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { dbTargets, dropPgSchema } from '../testing/index.ts';
import { openDb, runMigrations, type ModuleMigrations } from './index.ts';

const table = (name: string): ModuleMigrations[string] => ({
  async up(db) { await db.schema.createTable(name).addColumn('id', 'integer', (c) => c.primaryKey()).execute(); },
});

describe.each(dbTargets())('migrations on $name', (target) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-migrate-'));
  const schema = `t_${randomBytes(6).toString('hex')}`;
  afterAll(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    if (target.url) await dropPgSchema(target.url, schema);
  });

  it("applies a module's new migration even when another module already applied a later-named one", async () => {
    const handle = await openDb(target.url ?? `sqlite:${path.join(dir, 'm.db')}`, target.url ? { pgSchema: schema } : {});
    try {
      expect(await runMigrations(handle.db, handle.dialect, [{ '20261126T0800_b_first': table('b_things') }])).toEqual(['20261126T0800_b_first']);
      const applied = await runMigrations(handle.db, handle.dialect, [
        { '20261126T0800_b_first': table('b_things') },
        { '20261126T0700_a_later': table('a_things') },
      ]);
      expect(applied).toEqual(['20261126T0700_a_later']);
      await sql`select count(*) from a_things`.execute(handle.db);
      expect(await runMigrations(handle.db, handle.dialect, [{ '20261126T0800_b_first': table('b_things') }, { '20261126T0700_a_later': table('a_things') }])).toEqual([]);
    } finally {
      await handle.close();
    }
  });
});
