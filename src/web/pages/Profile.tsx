import { useState } from 'react';
import { api, ApiError } from '../api.ts';
import { useApi, usePaged } from '../data.tsx';
import { formatDate, useI18n, useDocumentTitle } from '../i18n/index.tsx';
import { Link } from '../router.tsx';
import { apiPaths, links, PROFILE_TABS, profileTabOf, type Match, type ProfileTab } from '../routes.ts';
import { useSession } from '../session.tsx';
import type { PostListItem, PublicUser, UserSummary } from '../types.ts';
import { Avatar } from '../components/Avatar.tsx';
import { PostList } from '../components/PostList.tsx';
import { Empty, LoadError, LoadMore, Loading, useErrorText } from '../components/Status.tsx';
import { ReportButton } from '../components/ReportDialog.tsx';

export function ProfilePage({ match }: { match: Match }) {
  const { t, lang } = useI18n();
  const { me } = useSession();
  const errorText = useErrorText();
  const username = match.params.username ?? '';
  const user = useApi<PublicUser>(apiPaths.user(username));
  const tab = profileTabOf(match.query);
  const posts = usePaged<PostListItem>(tab === 'posts' ? apiPaths.feed({ author: username }, 'latest') : null);
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
          {me && me.username !== u.username && <ReportButton targetType="user" targetId={u.id} />}
        </div>
      </section>
      <nav className="tabs" aria-label={t('profile.tabs')}>
        {PROFILE_TABS.map((x) => (
          <Link key={x} href={`${links.profile(u.username)}${x === 'posts' ? '' : `?tab=${x}`}`} className="tab" aria-current={x === tab ? 'page' : undefined}>
            {t(`profile.${x}`)}
          </Link>
        ))}
      </nav>
      <h2 className="sr-only">{t(`profile.${tab}`)}</h2>
      {tab === 'posts' ? <PostList list={posts} emptyText={t('feed.empty')} />
        : tab === 'comments' ? <MemberComments username={u.username} />
        : <MemberFollows key={tab} username={u.username} tab={tab} />}
    </div>
  );
}

interface MemberComment { id: string; postId: string; postTitle: string; excerpt: string; likeCount: number; createdAt: string }
interface FollowEntry { user: UserSummary; followedAt: string }

function MemberComments({ username }: { username: string }) {
  const { t, lang } = useI18n();
  const list = usePaged<MemberComment>(apiPaths.userList(username, 'comments'));
  if (list.error) return <LoadError error={list.error} retry={list.reload} />;
  if (list.loading) return <Loading />;
  if (list.items.length === 0) return <Empty text={t('profile.noComments')} />;
  return (
    <>
      <ul className="post-list plain" data-testid="member-comments">
        {list.items.map((c) => (
          <li key={c.id} className="card">
            <p className="muted small">{t('profile.commentOn')} <Link href={links.post(c.postId)}>{c.postTitle}</Link></p>
            <p className="member-comment"><Link href={`${links.post(c.postId)}#comment-${c.id}`}>{c.excerpt}</Link></p>
            <p className="muted small">
              <time dateTime={c.createdAt} suppressHydrationWarning>{formatDate(c.createdAt, lang)}</time> · {t('feed.likes', { count: c.likeCount })}
            </p>
          </li>
        ))}
      </ul>
      <LoadMore list={list} />
    </>
  );
}

function MemberFollows({ username, tab }: { username: string; tab: Exclude<ProfileTab, 'posts' | 'comments'> }) {
  const { t } = useI18n();
  const list = usePaged<FollowEntry>(apiPaths.userList(username, tab));
  if (list.error) return <LoadError error={list.error} retry={list.reload} />;
  if (list.loading) return <Loading />;
  if (list.items.length === 0) return <Empty text={t(tab === 'followers' ? 'profile.noFollowers' : 'profile.noFollowing')} />;
  return (
    <>
      <ul className="people" data-testid={`member-${tab}`}>
        {list.items.map(({ user }) => (
          <li key={user.id} className="card">
            <Link href={links.profile(user.username)} className="byline">
              <Avatar user={user} size={32} /><span>{user.displayName || user.username}</span>
            </Link>
            <span className="muted small">@{user.username} · {t('profile.level', { level: user.level })}</span>
          </li>
        ))}
      </ul>
      <LoadMore list={list} />
    </>
  );
}
