import { sql, type Kysely } from 'kysely';
import { newId, nowIso, type Database, type Db } from '../../platform/db/index.ts';
import type { NotificationKind, SubjectType } from './tables.ts';

export interface NewNotification {
  recipientId: string;
  kind: NotificationKind;
  dedupeKey: string;
  subjectType: SubjectType;
  subjectId: string;
  postId: string | null;
  actorId: string;
  detail?: Record<string, unknown>;
}

export interface Delivered {
  id: string;
  seq: number;
}

/** A notification row with what its presentation needs from the subject. */
export interface NotificationRow {
  id: string;
  recipient_id: string;
  kind: NotificationKind;
  subject_type: SubjectType;
  subject_id: string;
  post_id: string | null;
  actor_id: string;
  actor_count: number;
  detail: string | null;
  seq: number;
  read_at: string | null;
  created_at: string;
  updated_at: string;
  post_title: string | null;
  post_excerpt: string | null;
  comment_body: string | null;
}

/**
 * Takes the recipient's next delivery number (or the last of the next `count`). The counter
 * row stays locked until the transaction commits, so a recipient's notifications commit in seq
 * order and a client reading `seq > n` can never see n + 2 while n + 1 is still on its way.
 */
async function nextSeq(trx: Kysely<Database>, userId: string, count = 1): Promise<number> {
  const row = await trx.insertInto('notification_counters').values({ user_id: userId, last_seq: count })
    .onConflict((oc) => oc.column('user_id').doUpdateSet((eb) => ({ last_seq: eb('notification_counters.last_seq', '+', count) })))
    .returning('last_seq')
    .executeTakeFirstOrThrow();
  return Number(row.last_seq);
}

/**
 * Waits for any other transaction changing this recipient's notifications (they all take the
 * counter row first, in nextSeq). On PostgreSQL an unlike running beside a like would otherwise
 * pick the "latest actor" from a snapshot without the new liker and write it over them.
 */
async function lockRecipient(trx: Kysely<Database>, userId: string): Promise<void> {
  await trx.updateTable('notification_counters').set((eb) => ({ last_seq: eb.ref('last_seq') })).where('user_id', '=', userId).execute();
}

export class NotificationStore {
  constructor(private readonly db: Db) {}

  /** Writes a notification once per (recipient, dedupe key); a replayed event changes nothing
   * and returns null. */
  async add(n: NewNotification): Promise<Delivered | null> {
    const [delivered] = await this.addAll([n]);
    return delivered ?? null;
  }

  /**
   * Writes several notifications in one transaction, as `add` would one by one (a replayed
   * one changes nothing): what each delivered, null for those already written. Recipients'
   * counters are taken in id order, so two such transactions cannot wait for each other.
   */
  async addAll(ns: NewNotification[]): Promise<(Delivered | null)[]> {
    if (ns.length === 0) return [];
    return this.db.transaction().execute(async (trx) => {
      const seqs = new Map<NewNotification, number>();
      const recipients = [...new Set(ns.map((n) => n.recipientId))].sort();
      for (const recipientId of recipients) {
        const theirs = ns.filter((n) => n.recipientId === recipientId);
        const last = await nextSeq(trx, recipientId, theirs.length);
        theirs.forEach((n, i) => seqs.set(n, last - theirs.length + 1 + i));
      }
      const now = nowIso();
      const rows = ns.map((n) => ({
        id: newId(), recipient_id: n.recipientId, kind: n.kind, dedupe_key: n.dedupeKey, subject_type: n.subjectType, subject_id: n.subjectId,
        post_id: n.postId, actor_id: n.actorId, actor_count: 1, detail: n.detail ? JSON.stringify(n.detail) : null,
        seq: seqs.get(n)!, read_at: null, emailed_at: null, created_at: now, updated_at: now,
      }));
      const inserted = new Set((await trx.insertInto('notifications').values(rows)
        .onConflict((oc) => oc.columns(['recipient_id', 'dedupe_key']).doNothing())
        .returning('id').execute()).map((r) => r.id));
      const written = rows.filter((r) => inserted.has(r.id));
      if (written.length > 0) {
        await trx.insertInto('notification_actors')
          .values(written.map((r) => ({ notification_id: r.id, actor_id: r.actor_id, created_at: now, withdrawn_at: null }))).execute();
      }
      return rows.map((r) => (inserted.has(r.id) ? { id: r.id, seq: r.seq } : null));
    });
  }

  /**
   * Likes on one target gather in one notification: each new liker moves it to the top
   * (a new seq) and makes it unread again. A liker counts once, and one who unlikes and likes
   * again is counted again without resurfacing anything: toggling cannot be used to nag.
   */
  async addActor(n: NewNotification): Promise<Delivered | null> {
    return this.db.transaction().execute(async (trx) => {
      const seq = await nextSeq(trx, n.recipientId);
      const now = nowIso();
      await trx.insertInto('notifications').values({
        id: newId(), recipient_id: n.recipientId, kind: n.kind, dedupe_key: n.dedupeKey, subject_type: n.subjectType, subject_id: n.subjectId,
        post_id: n.postId, actor_id: n.actorId, actor_count: 0, detail: null, seq, read_at: null, emailed_at: null, created_at: now, updated_at: now,
      }).onConflict((oc) => oc.columns(['recipient_id', 'dedupe_key']).doNothing()).execute();
      const { id } = await trx.selectFrom('notifications').select('id')
        .where('recipient_id', '=', n.recipientId).where('dedupe_key', '=', n.dedupeKey).executeTakeFirstOrThrow();
      const added = await trx.insertInto('notification_actors').values({ notification_id: id, actor_id: n.actorId, created_at: now, withdrawn_at: null })
        .onConflict((oc) => oc.columns(['notification_id', 'actor_id']).doNothing()).executeTakeFirst();
      if (Number(added.numInsertedOrUpdatedRows ?? 0n) === 0) {
        const back = await trx.updateTable('notification_actors').set({ withdrawn_at: null })
          .where('notification_id', '=', id).where('actor_id', '=', n.actorId).where('withdrawn_at', 'is not', null).executeTakeFirst();
        if (Number(back.numUpdatedRows) > 0) {
          await trx.updateTable('notifications').set((eb) => ({ actor_count: eb('actor_count', '+', 1) })).where('id', '=', id).execute();
        }
        return null;
      }
      await trx.updateTable('notifications')
        .set((eb) => ({ actor_id: n.actorId, actor_count: eb('actor_count', '+', 1), seq, read_at: null, updated_at: now }))
        .where('id', '=', id).execute();
      return { id, seq };
    });
  }

  /** An unlike takes the actor out of the count, quietly: nothing resurfaces. */
  async removeActor(recipientId: string, dedupeKey: string, actorId: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await lockRecipient(trx, recipientId);
      const row = await trx.selectFrom('notifications').select(['id', 'actor_id'])
        .where('recipient_id', '=', recipientId).where('dedupe_key', '=', dedupeKey).executeTakeFirst();
      if (!row) return;
      const removed = await trx.updateTable('notification_actors').set({ withdrawn_at: nowIso() })
        .where('notification_id', '=', row.id).where('actor_id', '=', actorId).where('withdrawn_at', 'is', null).executeTakeFirst();
      if (Number(removed.numUpdatedRows) === 0) return;
      const latest = await trx.selectFrom('notification_actors').select('actor_id')
        .where('notification_id', '=', row.id).where('withdrawn_at', 'is', null).orderBy('created_at', 'desc').limit(1).executeTakeFirst();
      await trx.updateTable('notifications')
        .set((eb) => ({ actor_count: eb('actor_count', '-', 1), actor_id: latest?.actor_id ?? row.actor_id }))
        .where('id', '=', row.id).execute();
    });
  }

  /** A recipient's notifications whose subject they may still see: deleted, hidden or pending
   * posts and comments take their notifications with them — except moderation notices, which
   * are about exactly such content and go to its author. */
  private visible(recipientId: string) {
    return this.db.selectFrom('notifications as n')
      .leftJoin('posts as p', 'p.id', 'n.post_id')
      .leftJoin('comments as c', (join) => join.onRef('c.id', '=', 'n.subject_id').on('n.subject_type', '=', 'comment'))
      .where('n.recipient_id', '=', recipientId)
      .where('n.actor_count', '>', 0)
      .where((eb) => eb.or([
        eb('n.kind', '=', 'moderation'),
        eb.and([
          eb.or([eb('n.post_id', 'is', null), eb('p.status', '=', 'published')]),
          eb.or([eb('n.subject_type', '!=', 'comment'), eb('c.status', '=', 'published')]),
        ]),
      ]));
  }

  private withSubject(recipientId: string) {
    return this.visible(recipientId).select([
      'n.id', 'n.recipient_id', 'n.kind', 'n.subject_type', 'n.subject_id', 'n.post_id', 'n.actor_id', 'n.actor_count', 'n.detail', 'n.seq',
      'n.read_at', 'n.created_at', 'n.updated_at', 'p.title as post_title', 'p.excerpt as post_excerpt', 'c.body as comment_body',
    ]);
  }

  /** Newest activity first (seq descending), so a resurfaced like moves to the top. */
  async page(recipientId: string, limit: number, beforeSeq: number | null): Promise<NotificationRow[]> {
    let q = this.withSubject(recipientId);
    if (beforeSeq !== null) q = q.where('n.seq', '<', beforeSeq);
    return q.orderBy('n.seq', 'desc').limit(limit).execute();
  }

  /** What a client that last saw `afterSeq` has missed, in delivery order. */
  async after(recipientId: string, afterSeq: number, limit: number): Promise<NotificationRow[]> {
    return this.withSubject(recipientId).where('n.seq', '>', afterSeq).orderBy('n.seq', 'asc').limit(limit).execute();
  }

  async unreadSince(recipientId: string, sinceIso: string, limit: number): Promise<NotificationRow[]> {
    return this.withSubject(recipientId).where('n.read_at', 'is', null).where('n.updated_at', '>=', sinceIso)
      .orderBy('n.seq', 'desc').limit(limit).execute();
  }

  async byId(recipientId: string, id: string): Promise<NotificationRow | undefined> {
    return this.withSubject(recipientId).where('n.id', '=', id).executeTakeFirst();
  }

  async unreadCount(recipientId: string): Promise<number> {
    const row = await this.visible(recipientId).where('n.read_at', 'is', null)
      .select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async lastSeq(recipientId: string): Promise<number> {
    const row = await this.db.selectFrom('notification_counters').select('last_seq').where('user_id', '=', recipientId).executeTakeFirst();
    return Number(row?.last_seq ?? 0);
  }

  /** Marks the given notifications (or all) read; ids of other members' notifications match
   * nothing, because the recipient is part of the condition. */
  async markRead(recipientId: string, ids: string[] | undefined): Promise<number> {
    let q = this.db.updateTable('notifications').set({ read_at: nowIso() })
      .where('recipient_id', '=', recipientId).where('read_at', 'is', null);
    if (ids) {
      if (ids.length === 0) return 0;
      q = q.where('id', 'in', ids);
    }
    const result = await q.executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** Up to three most recent actors of each notification, latest first. */
  async recentActors(ids: string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (ids.length === 0) return out;
    // Ranked in the database: a post with thousands of likes sends three names, not thousands.
    const rows = await this.db.selectFrom((eb) => eb.selectFrom('notification_actors')
      .select(['notification_id', 'actor_id',
        sql<number>`row_number() over (partition by notification_id order by created_at desc, actor_id desc)`.as('rn')])
      .where('notification_id', 'in', ids).where('withdrawn_at', 'is', null).as('a'))
      .select(['a.notification_id', 'a.actor_id']).where('a.rn', '<=', 3).orderBy('a.notification_id').orderBy('a.rn')
      .execute();
    for (const r of rows) out.set(r.notification_id, [...(out.get(r.notification_id) ?? []), r.actor_id]);
    return out;
  }
}

