/**
 * Helpers for the growth module's HTTP tests. Concurrency tests need hundreds of members, and
 * hashing hundreds of passwords with argon2 would take longer than the tests themselves, so
 * members are written straight into the database with a personal access token each.
 */
import { createHash, randomBytes } from 'node:crypto';
import { newId, nowIso } from '../../platform/db/index.ts';
import { TestClient, uniqueName, type TestServer } from '../../platform/testing/index.ts';

export interface QuickMember {
  id: string;
  username: string;
  client: TestClient;
}

export async function quickMembers(server: TestServer, count: number): Promise<QuickMember[]> {
  const now = nowIso();
  const members = Array.from({ length: count }, () => {
    const username = uniqueName('m');
    const token = `hth_${randomBytes(24).toString('base64url')}`;
    return { id: newId(), username, token };
  });
  const { db } = server.hearth.ctx;
  for (let i = 0; i < members.length; i += 100) {
    const batch = members.slice(i, i + 100);
    await db.insertInto('users').values(batch.map((m) => ({
      id: m.id, username: m.username, username_lower: m.username.toLowerCase(), email: `${m.username}@example.test`,
      email_lower: `${m.username.toLowerCase()}@example.test`, password_hash: 'unusable', display_name: m.username, bio: '',
      avatar_url: null, role: 'member' as const, status: 'active' as const, locale: null, follower_count: 0, following_count: 0,
      created_at: now, updated_at: now,
    }))).execute();
    await db.insertInto('access_tokens').values(batch.map((m) => ({
      id: newId(), user_id: m.id, name: 'test', token_hash: createHash('sha256').update(m.token).digest('hex'), created_at: now, last_used_at: now,
    }))).execute();
  }
  return members.map((m) => ({ id: m.id, username: m.username, client: new TestClient(server.baseUrl).withToken(m.token) }));
}

/** The invariant the ledger promises: every balance equals the sum of its entries. */
export async function ledgerMismatches(server: TestServer): Promise<string[]> {
  const { db } = server.hearth.ctx;
  const accounts = await db.selectFrom('point_accounts').select(['user_id', 'balance']).execute();
  const sums = await db.selectFrom('point_entries').select(['user_id', (eb) => eb.fn.sum<number>('amount').as('total')]).groupBy('user_id').execute();
  const byUser = new Map(sums.map((s) => [s.user_id, Number(s.total)]));
  const out: string[] = [];
  for (const a of accounts) {
    if (Number(a.balance) !== (byUser.get(a.user_id) ?? 0)) out.push(`${a.user_id}: balance ${a.balance} ≠ entries ${byUser.get(a.user_id) ?? 0}`);
  }
  for (const [userId] of byUser) if (!accounts.some((a) => a.user_id === userId)) out.push(`${userId}: entries without an account`);
  return out;
}

export async function grant(operator: TestClient, username: string, amount: number): Promise<void> {
  const res = await operator.post('/api/v1/growth/grants', { username, amount, reason: 'test' });
  if (res.status !== 201) throw new Error(`grant: ${res.status} ${res.text}`);
}

export async function createItem(operator: TestClient, input: Record<string, unknown>) {
  const res = await operator.post('/api/v1/mall/items', { name: 'Sticker', kind: 'virtual', price: 10, stock: 10, ...input });
  if (res.status !== 201) throw new Error(`item: ${res.status} ${res.text}`);
  return res.body.item as { id: string; stock: number; price: number };
}
