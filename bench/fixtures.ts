import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { newId, nowIso, type DbHandle } from '../src/server/platform/db/index.ts';
import '../src/server/modules/accounts/index.ts';
import '../src/server/modules/content/index.ts';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const DAY = 86_400_000;

export interface Fixtures {
  /** A post with about 50 comments (the "typical busy thread"). */
  postId: string;
  postComments: number;
  /** Bearer token of a staff member (staff are exempt from posting limits). */
  writerToken: string;
  /** The author of `wsPostId`, signed in `sessions.length` times for the WebSocket test. */
  wsUserId: string;
  wsPostId: string;
  sessions: string[];
}

/**
 * Signs members in by writing sessions and tokens straight into the database: a thousand
 * password logins would measure argon2, not the stream.
 */
export async function prepareFixtures(handle: DbHandle, wsClients: number): Promise<Fixtures> {
  const { db } = handle;
  const target = await db.selectFrom('posts').select(['id', 'comment_count'])
    .where('status', '=', 'published').where('comment_count', '>=', 40).where('comment_count', '<=', 60)
    .orderBy(sql`abs(comment_count - 50)`).limit(1).executeTakeFirst()
    ?? await db.selectFrom('posts').select(['id', 'comment_count']).orderBy('comment_count', 'desc').limit(1).executeTakeFirstOrThrow();
  const writer = await db.selectFrom('users').select('id').where('role', '=', 'admin').orderBy('id').limit(1).executeTakeFirstOrThrow();
  const token = `hth_${randomBytes(32).toString('base64url')}`;
  await db.insertInto('access_tokens').values({ id: newId(), user_id: writer.id, name: 'bench', token_hash: sha256(token), created_at: nowIso(), last_used_at: null }).execute();

  const wsPost = await db.selectFrom('posts').select(['id', 'author_id']).where('status', '=', 'published')
    .where('author_id', '<>', writer.id).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
  const sessions: string[] = [];
  const now = new Date();
  for (let i = 0; i < wsClients; i += 500) {
    const rows = [];
    for (let k = i; k < Math.min(wsClients, i + 500); k++) {
      const t = randomBytes(32).toString('base64url');
      sessions.push(t);
      rows.push({
        id: newId(), token_hash: sha256(t), user_id: wsPost.author_id, created_at: now.toISOString(), last_seen_at: now.toISOString(),
        expires_at: new Date(now.getTime() + 30 * DAY).toISOString(), ip: '127.0.0.1', user_agent: 'hearth-bench',
      });
    }
    await db.insertInto('sessions').values(rows).execute();
  }
  return { postId: target.id, postComments: target.comment_count, writerToken: token, wsUserId: wsPost.author_id, wsPostId: wsPost.id, sessions };
}
