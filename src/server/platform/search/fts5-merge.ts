import { sql, type Kysely } from 'kysely';

/**
 * Which merge FTS5 would do next, and whether it is small enough to do while serving.
 *
 * An FTS5 index is a set of segments on levels. 'merge' merges the segments of one level into
 * a new segment one level up, a few pages per call, but it stops only between two terms: a
 * step copies every term it starts to the end. Where the merge takes in the segment a rebuild
 * wrote over millions of items, a common word's list runs to megabytes ('我们' is in 3.3
 * million of the large preset's 6.1 million items, some 10 MB: thousands of pages to read and
 * write in one step, with the shared connection, and so every request, waiting), and the
 * whole merge would rewrite the index through the WAL. So a server merges only levels whose
 * segments are small, and leaves the big ones as they are (a rebuild merges everything).
 *
 * FTS5 has no way to ask which level it would take, so this reads its structure record (rowid
 * 10 of the table's %_data table; the format is described in SQLite's fts5_index.c) and
 * applies the same choice: a level with a merge under way first, else the level with the most
 * segments if it has at least `usermerge` of them, else (contentless_delete tables, as ours
 * all are) the level with the largest share of deleted rows, if at least `deletemerge` percent.
 */

export interface Fts5Segment {
  pages: number;
  rows: number;
  deletedRows: number;
}

export interface Fts5Level {
  /** Segments of this level being merged (the first ones), 0 when none. */
  merging: number;
  segments: Fts5Segment[];
}

const STRUCTURE_ROWID = 10;
const STRUCTURE_V2 = [0xff, 0x00, 0x00, 0x01];

/** FTS5's defaults for the options that steer the choice (we never change them). */
export const USERMERGE = 4;
export const DELETEMERGE_PERCENT = 10;

/** SQLite's variable-length integer: 7 bits a byte, big end first, the ninth byte whole. */
function readVarint(bytes: Uint8Array, at: number): [value: number, length: number] {
  let value = 0;
  for (let i = 0; i < 8; i += 1) {
    const byte = bytes[at + i];
    if (byte === undefined) throw new Error('truncated FTS5 structure record');
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) return [value, i + 1];
  }
  const last = bytes[at + 8];
  if (last === undefined) throw new Error('truncated FTS5 structure record');
  return [value * 256 + last, 9];
}

/** Decodes a structure record; throws on anything it does not recognise. */
export function decodeStructure(record: Uint8Array): Fts5Level[] {
  let at = 4; // the configuration cookie
  const v2 = STRUCTURE_V2.every((byte, i) => record[at + i] === byte);
  if (v2) at += 4;
  const next = (): number => {
    const [value, length] = readVarint(record, at);
    at += length;
    return value;
  };
  const levelCount = next();
  const segmentCount = next();
  next(); // the write counter
  const levels: Fts5Level[] = [];
  let seen = 0;
  for (let l = 0; l < levelCount; l += 1) {
    const merging = next();
    const count = next();
    const segments: Fts5Segment[] = [];
    for (let s = 0; s < count; s += 1) {
      next(); // segment id
      const first = next();
      const last = next();
      // Only the newer format counts rows (contentless_delete tables use it); without a count a
      // segment is taken to be too big to merge online.
      let rows = Number.POSITIVE_INFINITY;
      let deletedRows = 0;
      if (v2) {
        next(); // first origin
        next(); // last origin
        next(); // tombstone pages
        deletedRows = next();
        rows = next();
      }
      segments.push({ pages: last - first + 1, rows, deletedRows });
    }
    if (merging > count) throw new Error('unexpected FTS5 structure record');
    seen += count;
    levels.push({ merging, segments });
  }
  if (seen !== segmentCount || at > record.length) throw new Error('unexpected FTS5 structure record');
  return levels;
}

/**
 * The segments FTS5's next 'merge' would read from, or null when it would do nothing. Our
 * tables are all contentless_delete, so a level with many deleted rows counts too.
 */
export function nextMergeInput(levels: Fts5Level[]): MergeInput | null {
  let best: number | undefined;
  for (const [at, level] of levels.entries()) {
    if (level.merging > 0) return { level: at, segments: level.segments.slice(0, level.merging) };
    if (level.segments.length > (best === undefined ? 0 : levels[best]!.segments.length)) best = at;
  }
  if (best !== undefined && levels[best]!.segments.length >= USERMERGE) return { level: best, segments: levels[best]!.segments };
  let worst: { level: number; percent: number } | undefined;
  for (const [at, level] of levels.entries()) {
    const percent = deletedPercent(level);
    if (percent >= DELETEMERGE_PERCENT && percent > (worst?.percent ?? 0)) worst = { level: at, percent };
  }
  return worst ? { level: worst.level, segments: levels[worst.level]!.segments } : null;
}

/** The segments a merge reads, all of one level; its output lands on a level above. */
export interface MergeInput {
  level: number;
  segments: Fts5Segment[];
}

export function rowsOf(segments: Fts5Segment[]): number {
  return segments.reduce((n, s) => n + s.rows, 0);
}

/** The share of a level's rows that are deleted, in whole percent as FTS5 counts it. */
function deletedPercent(level: Fts5Level): number {
  const rows = rowsOf(level.segments);
  const deletedRows = level.segments.reduce((n, s) => n + s.deletedRows, 0);
  return rows > 0 && Number.isFinite(rows) ? Math.floor((deletedRows * 100) / rows) : 0;
}

/**
 * Whether a merge FTS5 could start once the current one is done would take in more than
 * `maxRows`: one of a level that may reach `usermerge` segments (or already has), or that has
 * enough deleted rows. The current merge's inputs are gone by then; its output lands on some
 * level above its own, so each of those counts with the merged rows added. (The input level
 * had counted with its own rows twice: a recent index of 100,000 rows with a quarter deleted
 * was then rewritten a page a step, and its tombstones stayed for good.)
 */
export function bigMergeMayFollow(levels: Fts5Level[], input: MergeInput, maxRows: number): boolean {
  const merged = rowsOf(input.segments);
  return levels.some((level, at) => {
    if (at < input.level) return chosenNext(level.segments, level.segments.length) && rowsOf(level.segments) > maxRows;
    if (at === input.level) {
      const left = level.segments.filter((segment) => !input.segments.includes(segment));
      return chosenNext(left, left.length) && rowsOf(left) > maxRows;
    }
    return chosenNext(level.segments, level.segments.length + 1) && rowsOf(level.segments) + merged > maxRows;
  });
}

/** Whether FTS5 may choose these segments of a level, counted as `count`, for its next merge. */
function chosenNext(segments: Fts5Segment[], count: number): boolean {
  return count >= USERMERGE || deletedPercent({ merging: 0, segments }) >= DELETEMERGE_PERCENT;
}

/**
 * Whether to merge all of an index's segments into one, an incremental optimize (FTS5's
 * 'merge' with a negative page count, then the usual steps): when it has more than one, no
 * merge is under way, and together they are small enough to rewrite online. FTS5 merges a
 * level only once it holds `usermerge` segments, so a stream of writes leaves one to three
 * small segments on each of a few levels for good, and a query reads each of its words in
 * every segment.
 */
export function worthOptimizing(levels: Fts5Level[], maxRows: number): boolean {
  const segments = levels.flatMap((level) => level.segments);
  return segments.length > 1 && levels.every((level) => level.merging === 0) && rowsOf(segments) <= maxRows;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function readStructure(db: Kysely<any>, table: string): Promise<Fts5Level[]> {
  const { rows } = await sql<{ block: Uint8Array }>`select block from ${sql.table(`${table}_data`)} where id = ${STRUCTURE_ROWID}`.execute(db);
  return rows[0] ? decodeStructure(rows[0].block) : [];
}
