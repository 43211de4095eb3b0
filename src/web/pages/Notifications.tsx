import { useEffect, useState } from 'react';
import { api } from '../api.ts';
import { usePaged } from '../data.tsx';
import { formatDateTime, useI18n, useDocumentTitle } from '../i18n/index.tsx';
import { useLiveNotifications } from '../notifications.tsx';
import { Link } from '../router.tsx';
import { useSession } from '../session.tsx';
import type { Notification, NotificationPage } from '../types.ts';
import { Avatar } from '../components/Avatar.tsx';
import { Empty, LoadError, Loading, useErrorText } from '../components/Status.tsx';
import { ModerationNoticeView } from '../components/ModerationNotice.tsx';
import { SignInRequired } from './Auth.tsx';

export function NotificationsPage() {
  const { me } = useSession();
  const { t } = useI18n();
  useDocumentTitle(t('notifications.title'));
  if (me === null) return <SignInRequired />;
  if (me === undefined) return <Loading />;
  return <NotificationList />;
}

function NotificationList() {
  const { t, lang } = useI18n();
  const errorText = useErrorText();
  const live = useLiveNotifications();
  const list = usePaged<Notification>('/notifications?limit=30');
  const [pushed, setPushed] = useState<Notification[]>([]);
  const [readIds, setReadIds] = useState<Set<string>>(new Set());
  const [error, setError] = useState<unknown>(null);
  const { latest, setUnreadCount } = live;
  useEffect(() => {
    if (latest) setPushed((p) => [latest, ...p.filter((n) => n.id !== latest.id)]);
  }, [latest]);
  const pageUnread = (list.data as NotificationPage | undefined)?.unreadCount;
  useEffect(() => {
    if (pageUnread !== undefined) setUnreadCount(pageUnread);
  }, [pageUnread, setUnreadCount]);

  const seen = new Set(pushed.map((n) => n.id));
  const items = [...pushed, ...list.items.filter((n) => !seen.has(n.id))];
  const isRead = (n: Notification) => n.read || readIds.has(n.id);

  async function markRead(ids?: string[]) {
    setError(null);
    try {
      const res = await api<{ unreadCount?: number } | null>('POST', '/notifications/read', ids ? { ids } : {});
      setReadIds((s) => new Set([...s, ...(ids ?? items.map((n) => n.id))]));
      if (res && typeof res.unreadCount === 'number') setUnreadCount(res.unreadCount);
      else if (!ids) setUnreadCount(0);
    } catch (e) {
      setError(e);
    }
  }
  const text = (n: Notification) => {
    if (n.kind === 'moderation') return t(`moderation.notice.${n.moderation?.action === 'approve' ? 'approved' : 'decided'}`);
    const name = n.actor.displayName || n.actor.username;
    const who = n.actorCount > 1 ? t('notifications.others', { name, count: n.actorCount - 1 }) : name;
    return t(`notifications.${n.kind}`, { name: who });
  };

  return (
    <div className="narrow">
      <div className="feed-head">
        <h1>{t('notifications.title')}</h1>
        <button type="button" className="btn" onClick={() => markRead()} disabled={live.unreadCount === 0}>{t('notifications.markAll')}</button>
      </div>
      {error ? <p className="form-error" role="alert">{errorText(error)}</p> : null}
      {list.error ? <LoadError error={list.error} retry={list.reload} />
        : list.loading ? <Loading />
        : items.length === 0 ? <Empty text={t('notifications.empty')} />
        : (
          <ol className="notifications" data-testid="notifications">
            {items.map((n) => (
              <li key={n.id} className={`card notification${isRead(n) ? '' : ' unread'}`}>
                <Avatar user={n.actor} size={32} />
                <div>
                  <Link href={n.url} onClick={() => { if (!isRead(n)) void markRead([n.id]); }}>
                    {!isRead(n) && <span className="sr-only">{t('notifications.unread')}: </span>}
                    {text(n)}
                  </Link>
                  {(n.subject.title || n.subject.excerpt) && <p className="muted excerpt">{n.subject.title ?? n.subject.excerpt}</p>}
                  {n.moderation && <ModerationNoticeView notification={n} notice={n.moderation} />}
                  <time className="muted" dateTime={n.createdAt} suppressHydrationWarning>{formatDateTime(n.createdAt, lang)}</time>
                </div>
              </li>
            ))}
          </ol>
        )}
      {list.hasMore && <button type="button" className="btn btn-wide" onClick={list.loadMore} disabled={list.loadingMore}>{t('list.loadMore')}</button>}
    </div>
  );
}
