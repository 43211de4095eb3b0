import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type DbHandle } from '../db/index.ts';
import { forgetSearchIndexStatistics } from './sqlite-statistics.ts';
import { openSearchTestDb, type SearchTestDb } from './sqlite-test-db.ts';

/**
 * ANALYZE's statistics and FTS5's own statements (SQLite only: PostgreSQL has no FTS5). The
 * plan is what matters here: with statistics from an empty index, FTS5's delete of a merged
 * segment's pages read every page of the index.
 */
describe('statistics of the FTS5 tables', () => {
  let db: SearchTestDb;
  let handle: DbHandle;
  /** How SQLite would run FTS5's range delete of a segment's pages. */
  const plan = async (db: DbHandle['db']) => (await sql<{ detail: string }>`explain query plan
    select id from search_fts_data where id >= ${1} and id <= ${2}`.execute(db)).rows.map((r) => r.detail).join(' ');

  beforeAll(async () => {
    db = await openSearchTestDb();
    handle = db.handle;
  });
  afterAll(async () => { await db.dispose(); });

  it('are forgotten, so that FTS5 seeks a range of pages instead of reading them all', async () => {
    await sql`create table other (id integer primary key, name text)`.execute(handle.db);
    await sql`insert into other (name) values ('a'), ('b')`.execute(handle.db);
    // ANALYZE while the index is empty, as the seeder did before it built the index.
    await sql`analyze`.execute(handle.db);
    expect(await plan(handle.db)).toMatch(/^SCAN/);

    await forgetSearchIndexStatistics(handle.db);
    expect(await plan(handle.db)).toMatch(/^SEARCH .* USING INTEGER PRIMARY KEY/);
    const { rows } = await sql<{ tbl: string }>`select distinct tbl from sqlite_stat1`.execute(handle.db);
    // Only the FTS5 tables' statistics go; the others' stay.
    const kept = rows.map((r) => r.tbl);
    expect(kept).toContain('other');
    expect(kept.filter((t) => /^search_.*_(data|idx|docsize|config|content)$/.test(t))).toEqual([]);
    const reopened = await openDb(`sqlite:${db.file}`);
    try {
      expect(await plan(reopened.db)).toMatch(/^SEARCH .* USING INTEGER PRIMARY KEY/);
    } finally {
      await reopened.close();
    }
  });
});
