import { Type, type TSchema } from '@sinclair/typebox';
import { raise } from './problem.ts';

export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
  },
  { description: 'RFC 9457 problem details' },
);

/** Response map for a route: its success schemas plus the problem shape for every error. */
export function responses<T extends Record<number, TSchema>>(success: T) {
  return { ...success, '4xx': ProblemSchema, '5xx': ProblemSchema };
}

export const NoContent = Type.Null({ description: 'No content' });

export const Id = Type.String({ minLength: 1, maxLength: 64 });
export const IsoTime = Type.String({ format: 'date-time' });

export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  cursor: Type.Optional(Type.String({ maxLength: 512 })),
};

export function Page<T extends TSchema>(item: T) {
  return Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) });
}

/** Keyset cursors are opaque to clients: the sort key of the last item, base64url JSON. */
export function encodeCursor(values: (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/** Decodes a cursor whose values must have the given types; a bad cursor is a 400. */
export function decodeCursor<const T extends readonly ('string' | 'number')[]>(
  cursor: string | undefined,
  types: T,
): { -readonly [K in keyof T]: T[K] extends 'string' ? string : number } | null {
  if (cursor === undefined || cursor === '') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return raise('invalid', 'error.invalidCursor');
  }
  if (!Array.isArray(parsed) || parsed.length !== types.length) return raise('invalid', 'error.invalidCursor');
  parsed.forEach((v, i) => {
    // A NUL inside a decoded string would reach the database, which PostgreSQL refuses.
    if (typeof v !== types[i] || (typeof v === 'number' && !Number.isFinite(v)) || (typeof v === 'string' && v.includes('\u0000'))) {
      raise('invalid', 'error.invalidCursor');
    }
  });
  return parsed as { -readonly [K in keyof T]: T[K] extends 'string' ? string : number };
}

/** Splits `limit + 1` fetched rows into a page and the cursor of the next one: the extra
 * row only says whether there is more. */
export function splitPage<R>(rows: R[], limit: number, cursorOf: (row: R) => (string | number)[]) {
  const more = rows.length > limit;
  const pageRows = more ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return { pageRows, nextCursor: more && last !== undefined ? encodeCursor(cursorOf(last)) : null };
}
