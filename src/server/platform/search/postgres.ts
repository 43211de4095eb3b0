import { sql, type Kysely } from 'kysely';
import type { Db } from '../db/index.ts';
import type { QueryNode } from './segmenter.ts';
import { takeVisible } from './visible.ts';
import { CANDIDATES, type DocRef, type IndexDoc, type SearchHit, type SearchStore, type StoreQuery } from './types.ts';

/** Tokens hold only letters, digits and marks, so quoting cannot be escaped from. */
export function toTsquery(node: QueryNode): string {
  switch (node.kind) {
    case 'term': return `'${node.token}'`;
    case 'prefix': return `'${node.token}':*`;
    case 'and': return `(${node.nodes.map(toTsquery).join(' & ')})`;
    case 'or': return `(${node.nodes.map(toTsquery).join(' | ')})`;
  }
}

// ts_rank's default weights give A (title) 1.0 and B (body) 0.4. Normalisation 1 divides by
// 1 + log(length), as bm25 favours shorter documents.
const RANK_NORMALIZATION = 1;

export class PostgresSearchStore implements SearchStore {
  // The index table is not part of the typed Database.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private readonly db: Kysely<any>;

  constructor(db: Db) {
    this.db = db;
  }

  async apply(upserts: IndexDoc[], removals: DocRef[]): Promise<void> {
    if (upserts.length === 0 && removals.length === 0) return;
    await this.db.transaction().execute(async (trx) => {
      for (const doc of upserts) {
        await sql`insert into search_docs (type, ref_id, doc) values (${doc.type}, ${doc.refId},
            setweight(to_tsvector('simple', ${doc.titleTokens}), 'A') || setweight(to_tsvector('simple', ${doc.bodyTokens}), 'B'))
          on conflict (type, ref_id) do update set doc = excluded.doc`.execute(trx);
      }
      for (const { type, refId } of removals) {
        await sql`delete from search_docs where type = ${type} and ref_id = ${refId}`.execute(trx);
      }
    });
  }

  async clear(): Promise<void> {
    await sql`truncate search_docs restart identity`.execute(this.db);
  }

  async optimize(): Promise<void> {
    // With fresh statistics the planner walks the rid index backwards for common words
    // (stopping after CANDIDATES rows) and uses the GIN index for rare ones.
    await sql`analyze search_docs`.execute(this.db);
  }

  async backgroundMaintenance(): Promise<null> {
    // The GIN index has its own pending list and autovacuum; nothing to schedule.
    return null;
  }

  async query(q: StoreQuery): Promise<SearchHit[]> {
    const tsq = sql`to_tsquery('simple', ${toTsquery(q.node)})`;
    const types = q.types ? sql`and type in (${sql.join(q.types)})` : sql``;
    const after = q.after
      ? sql`where d.score < ${q.after.score}::float8 or (d.score = ${q.after.score}::float8 and d.rid < ${q.after.rid})`
      : sql``;
    // The GIN index finds the matches; only the newest CANDIDATES of them are ranked.
    const { rows } = await sql<{ rid: number; type: string; ref_id: string; score: number }>`
      select d.rid, d.type, d.ref_id, d.score from (
        select c.rid, c.type, c.ref_id, ts_rank(c.doc, ${tsq}, ${sql.lit(RANK_NORMALIZATION)})::float8 as score
        from (
          select rid, type, ref_id, doc from search_docs
          where doc @@ ${tsq} ${types}
          order by rid desc
          limit ${sql.lit(CANDIDATES)}
        ) c
      ) d ${after}
      order by d.score desc, d.rid desc`.execute(this.db);
    const ranked = rows.map((r) => ({ rid: Number(r.rid), type: r.type, refId: r.ref_id, score: r.score }));
    return takeVisible(this.db, ranked, q.visible, q.limit);
  }
}
