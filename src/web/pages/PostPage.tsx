import { useEffect, useState } from 'react';
import { api } from '../api.ts';
import { useApi } from '../data.tsx';
import { formatDateTime, useI18n, useDocumentTitle } from '../i18n/index.tsx';
import { Link, useRouter } from '../router.tsx';
import { apiPaths, links, type Match } from '../routes.ts';
import { useSession } from '../session.tsx';
import type { Comment, Page, Post } from '../types.ts';
import { Avatar } from '../components/Avatar.tsx';
import { LevelChip } from '../components/LevelChip.tsx';
import { CommentThread } from '../components/Comments.tsx';
import { HeartIcon } from '../components/icons.tsx';
import { ReplyBox } from '../components/ReplyBox.tsx';
import { ReportButton } from '../components/ReportDialog.tsx';
import { Empty, LoadError, LoadMore, Loading, useErrorText } from '../components/Status.tsx';
import { ApiError } from '../api.ts';

export function PostPage({ match }: { match: Match }) {
  const { t, lang } = useI18n();
  const { me } = useSession();
  const { navigate, location } = useRouter();
  const errorText = useErrorText();
  const id = match.params.id ?? '';
  const post = useApi<{ post: Post }>(apiPaths.post(id));
  const comments = useApi<Page<Comment>>(apiPaths.comments(id));
  const [actionError, setActionError] = useState<unknown>(null);
  const [more, setMore] = useState<{ loading: boolean; error: unknown }>({ loading: false, error: null });
  useDocumentTitle(post.data?.post.title);
  const reloadPost = post.reload;
  const reloadComments = comments.reload;

  // Signed-in members see their own like state and edit rights: the server render is anonymous.
  useEffect(() => {
    if (me) { reloadPost(); reloadComments(); }
  }, [me, reloadPost, reloadComments]);
  // A notification link to a comment on this page must find it even if it arrived after load.
  useEffect(() => {
    if (location.hash.startsWith('#comment-')) reloadComments();
  }, [location.hash, reloadComments]);

  const list = comments.data?.items ?? [];
  const nextCursor = comments.data?.nextCursor ?? null;
  async function loadMoreComments() {
    if (!nextCursor || more.loading) return;
    setMore({ loading: true, error: null });
    try {
      const next = await api<Page<Comment>>('GET', `${apiPaths.comments(id)}&cursor=${encodeURIComponent(nextCursor)}`);
      const seen = new Set(list.map((c) => c.id));
      comments.set({ items: [...list, ...next.items.filter((c) => !seen.has(c.id))], nextCursor: next.nextCursor });
      setMore({ loading: false, error: null });
    } catch (error) {
      setMore({ loading: false, error });
    }
  }
  // ...and one further down the thread than the first page: keep loading until it is there.
  const wanted = location.hash.startsWith('#comment-') ? location.hash.slice('#comment-'.length) : null;
  const wantedMissing = wanted !== null && comments.data !== undefined && !list.some((c) => c.id === wanted);
  useEffect(() => {
    if (wantedMissing && nextCursor && !more.loading && !more.error) void loadMoreComments();
  });

  if (post.error) {
    return post.error instanceof ApiError && post.error.status === 404
      ? <div className="narrow"><h1>{t('post.notFound')}</h1></div>
      : <LoadError error={post.error} retry={post.reload} />;
  }
  if (!post.data) return <Loading />;
  const p = post.data.post;
  const name = p.author.displayName || p.author.username;

  async function toggleLike() {
    setActionError(null);
    try {
      const res = await api<{ liked: boolean; likeCount: number }>(p.likedByMe ? 'DELETE' : 'PUT', `/posts/${p.id}/like`);
      post.set({ post: { ...p, likedByMe: res.liked, likeCount: res.likeCount } });
    } catch (e) {
      setActionError(e);
    }
  }
  async function remove() {
    if (!window.confirm(t('post.deleteConfirm'))) return;
    try {
      await api('DELETE', `/posts/${p.id}`);
      navigate('/');
    } catch (e) {
      setActionError(e);
    }
  }
  const published = (items: Comment[]) => items.filter((c) => c.status === 'published').length;
  const setList = (items: Comment[]) => {
    comments.set({ items, nextCursor });
    // Only the loaded pages are at hand: move the count by what changed among them.
    post.set({ post: { ...p, commentCount: Math.max(0, p.commentCount + published(items) - published(list)) } });
  };

  return (
    <div className="narrow">
      <article className="post" aria-labelledby="post-title">
        <div className="post-card-meta">
          <Link href={links.category(p.category.slug)} className="chip">{p.category.name}</Link>
          {p.kind !== 'discussion' && <span className="chip chip-kind">{t(`kind.${p.kind}`)}</span>}
        </div>
        <h1 id="post-title">{p.title}</h1>
        {p.status === 'pending' && <p className="notice notice-pending" role="status" data-testid="pending">{t('moderation.pending')} — {t('moderation.pendingPost')}</p>}
        <div className="post-meta">
          <Link href={links.profile(p.author.username)} className="byline"><Avatar user={p.author} size={32} /><span>{name}</span><LevelChip level={p.author.level} /></Link>
          <time dateTime={p.createdAt} suppressHydrationWarning>{formatDateTime(p.createdAt, lang)}</time>
          {p.editedAt && <span className="muted">· {t('post.edited')}</span>}
        </div>
        {/* bodyHtml is rendered and sanitized by the server (allow-list, no scripts or styles). */}
        <div className="prose" data-body={p.id} dangerouslySetInnerHTML={{ __html: p.bodyHtml }} />
        {p.tags.length > 0 && (
          <ul className="tags" aria-label={t('feed.tags')}>
            {p.tags.map((tag) => <li key={tag}><Link href={links.tag(tag)}>#{tag}</Link></li>)}
          </ul>
        )}
        <div className="post-actions">
          <button type="button" className={`btn${p.likedByMe ? ' btn-on' : ''}`} aria-pressed={p.likedByMe} onClick={toggleLike} disabled={!me}>
            <HeartIcon filled={p.likedByMe} />{p.likedByMe ? t('post.unlike') : t('post.like')} <span className="count">{p.likeCount}</span>
          </button>
          {p.canEdit && <Link href={`/posts/${p.id}/edit`} className="btn">{t('post.edit')}</Link>}
          {p.canEdit && <button type="button" className="btn danger" onClick={remove}>{t('post.delete')}</button>}
          {me && me.id !== p.author.id && <ReportButton targetType="post" targetId={p.id} className="btn" />}
        </div>
        {actionError ? <p className="form-error" role="alert">{errorText(actionError)}</p> : null}
      </article>

      <section className="comments-section" aria-labelledby="comments-heading">
        <h2 id="comments-heading">{t('post.comments', { count: p.commentCount })}</h2>
        {comments.error ? <LoadError error={comments.error} retry={comments.reload} />
          : comments.loading ? <Loading />
          : list.length === 0 ? <Empty text={t('post.noComments')} />
          : <CommentThread postId={p.id} comments={list} onChange={setList} />}
        {!comments.error && (
          <LoadMore list={{ hasMore: nextCursor !== null, loadingMore: more.loading, moreError: more.error, loadMore: () => void loadMoreComments() }} />
        )}
        {me ? (
          <ReplyBox postId={p.id} label={t('comment.yourReply')} onDone={(c) => setList([...list, c])} />
        ) : me === null ? (
          <p><Link href={`/login?next=${encodeURIComponent(links.post(p.id))}`} className="btn btn-primary">{t('post.signInToReply')}</Link></p>
        ) : null}
      </section>
    </div>
  );
}
