import { formatDate, useI18n } from '../i18n/index.tsx';
import { Link } from '../router.tsx';
import { links } from '../routes.ts';
import type { PagedList } from '../data.tsx';
import type { PostListItem } from '../types.ts';
import { Avatar } from './Avatar.tsx';
import { CommentIcon, HeartIcon } from './icons.tsx';
import { Empty, LoadError, LoadMore, Loading } from './Status.tsx';

export function PostCard({ post }: { post: PostListItem }) {
  const { t, lang } = useI18n();
  return (
    <article className="card post-card">
      <div className="post-card-meta">
        <Link href={links.category(post.category.slug)} className="chip">{post.category.name}</Link>
        {post.kind !== 'discussion' && <span className="chip chip-kind">{t(`kind.${post.kind}`)}</span>}
        {post.status === 'pending' && <span className="chip chip-pending">{t('moderation.pending')}</span>}
      </div>
      <h2 className="post-card-title"><Link href={links.post(post.id)}>{post.title}</Link></h2>
      {post.excerpt && <p className="post-card-excerpt">{post.excerpt}</p>}
      <div className="post-card-foot">
        <Link href={links.profile(post.author.username)} className="byline">
          <Avatar user={post.author} size={24} />
          <span>{post.author.displayName || post.author.username}</span>
        </Link>
        <time dateTime={post.createdAt} suppressHydrationWarning>{formatDate(post.createdAt, lang)}</time>
        <span className="counts">
          <span title={t('feed.likes', { count: post.likeCount })}><HeartIcon /><span className="sr-only">{t('feed.likes', { count: post.likeCount })}</span><span aria-hidden="true">{post.likeCount}</span></span>
          <span title={t('feed.comments', { count: post.commentCount })}><CommentIcon /><span className="sr-only">{t('feed.comments', { count: post.commentCount })}</span><span aria-hidden="true">{post.commentCount}</span></span>
        </span>
      </div>
      {post.tags.length > 0 && (
        <ul className="tags" aria-label={t('feed.tags')}>
          {post.tags.map((tag) => <li key={tag}><Link href={links.tag(tag)}>#{tag}</Link></li>)}
        </ul>
      )}
    </article>
  );
}

/** A feed with its four states: loading, failed (offline or error), empty, and loaded. */
export function PostList({ list, emptyText }: { list: PagedList<PostListItem>; emptyText: string }) {
  const { t } = useI18n();
  if (list.error) return <LoadError error={list.error} retry={list.reload} />;
  if (list.loading) return <Loading />;
  if (list.items.length === 0) return <Empty text={emptyText} />;
  return (
    <div className="post-list" data-testid="post-list">
      {list.items.map((post) => <PostCard key={post.id} post={post} />)}
      <LoadMore list={list} />
      {!list.hasMore && <p className="state state-end">{t('list.end')}</p>}
    </div>
  );
}
