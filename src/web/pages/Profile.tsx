import { useState } from 'react';
import { api, ApiError } from '../api.ts';
import { useApi, usePaged } from '../data.tsx';
import { formatDate, useI18n, useDocumentTitle } from '../i18n/index.tsx';
import { apiPaths, type Match } from '../routes.ts';
import { useSession } from '../session.tsx';
import type { PostListItem, PublicUser } from '../types.ts';
import { Avatar } from '../components/Avatar.tsx';
import { PostList } from '../components/PostList.tsx';
import { LoadError, Loading, useErrorText } from '../components/Status.tsx';

export function ProfilePage({ match }: { match: Match }) {
  const { t, lang } = useI18n();
  const { me } = useSession();
  const errorText = useErrorText();
  const username = match.params.username ?? '';
  const user = useApi<PublicUser>(apiPaths.user(username));
  const posts = usePaged<PostListItem>(apiPaths.feed({ author: username }, 'latest'));
  const [followError, setFollowError] = useState<unknown>(null);
  useDocumentTitle(user.data ? user.data.displayName || user.data.username : undefined);
  if (user.error) {
    return user.error instanceof ApiError && user.error.status === 404
      ? <div className="narrow"><h1>{t('profile.notFound')}</h1></div>
      : <LoadError error={user.error} retry={user.reload} />;
  }
  if (!user.data) return <Loading />;
  const u = user.data;
  const name = u.displayName || u.username;
  async function toggleFollow() {
    setFollowError(null);
    try {
      const res = await api<{ following: boolean; followerCount: number }>(u.followedByMe ? 'DELETE' : 'PUT', `/users/${encodeURIComponent(u.username)}/follow`);
      user.set({ ...u, followedByMe: res.following, counts: { ...u.counts, followers: res.followerCount } });
    } catch (e) {
      setFollowError(e);
    }
  }
  const stats: [string, number | undefined][] = [
    [t('profile.posts'), u.counts.posts], [t('profile.comments'), u.counts.comments],
    [t('profile.followers'), u.counts.followers], [t('profile.following'), u.counts.following],
  ];
  return (
    <div className="narrow">
      <section className="profile card" aria-labelledby="profile-name">
        <Avatar user={u} size={72} />
        <div className="profile-main">
          <h1 id="profile-name">{name}</h1>
          <p className="muted">@{u.username} · {t('profile.level', { level: u.level })} · <span suppressHydrationWarning>{t('profile.joined', { date: formatDate(u.createdAt, lang) })}</span></p>
          {u.bio && <p className="bio">{u.bio}</p>}
          <dl className="stats">
            {stats.map(([label, n]) => <div key={label}><dt>{label}</dt><dd>{n ?? 0}</dd></div>)}
          </dl>
          {me && me.username !== u.username && (
            <button type="button" className={`btn${u.followedByMe ? '' : ' btn-primary'}`} aria-pressed={u.followedByMe} onClick={toggleFollow}>
              {u.followedByMe ? t('profile.unfollow') : t('profile.follow')}
            </button>
          )}
          {followError ? <p className="form-error" role="alert">{errorText(followError)}</p> : null}
        </div>
      </section>
      <h2>{t('profile.posts')}</h2>
      <PostList list={posts} emptyText={t('feed.empty')} />
    </div>
  );
}
