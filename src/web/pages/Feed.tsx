import { useApi, usePaged } from '../data.tsx';
import { useI18n, useDocumentTitle } from '../i18n/index.tsx';
import { Link, useRouter } from '../router.tsx';
import { apiPaths, isFollowingFeed, links, SORTS, sortOf, type Match } from '../routes.ts';
import { useSession } from '../session.tsx';
import type { Category, PostListItem } from '../types.ts';
import { PostList } from '../components/PostList.tsx';
import { Loading } from '../components/Status.tsx';
import { PenIcon } from '../components/icons.tsx';

/** Home, category and tag pages: one feed with sort tabs beside the category list. */
export function FeedPage({ match }: { match: Match }) {
  const { t } = useI18n();
  const { location } = useRouter();
  const { me } = useSession();
  const following = match.name === 'home' && isFollowingFeed(match.query);
  const sort = following ? 'latest' : sortOf(match.query);
  const filter = match.name === 'category' ? { category: match.params.slug } : match.name === 'tag' ? { tag: match.params.tag } : { following };
  // The following feed waits for the session: signed out, there is nobody to follow.
  const list = usePaged<PostListItem>(following && !me ? null : apiPaths.feed(filter, sort));
  const categories = useApi<{ items: Category[] }>(apiPaths.categories());
  const category = categories.data?.items.find((c) => c.slug === match.params.slug);
  const heading = match.name === 'category'
    ? t('category.title', { name: category?.name ?? match.params.slug ?? '' })
    : match.name === 'tag' ? t('tag.title', { tag: match.params.tag ?? '' }) : t('site.tagline');
  useDocumentTitle(heading);
  const tabHref = (s: string) => `${location.pathname}${s === 'latest' ? '' : `?sort=${s}`}`;

  return (
    <div className="layout-feed">
      <section className="feed-main" aria-labelledby="feed-heading">
        <div className="feed-head">
          <h1 id="feed-heading">{heading}</h1>
          <Link href={match.name === 'category' && category ? `/compose?category=${category.slug}` : '/compose'} className="btn btn-primary write-cta">
            <PenIcon />{t('nav.write')}
          </Link>
        </div>
        {category?.description && <p className="lead">{category.description}</p>}
        <nav className="tabs" aria-label={t('feed.sort')}>
          {SORTS.map((s) => (
            <Link key={s} href={tabHref(s)} className="tab" aria-current={s === sort && !following ? 'page' : undefined}>{t(`feed.${s}`)}</Link>
          ))}
          {match.name === 'home' && me && (
            <Link href="/?feed=following" className="tab" aria-current={following ? 'page' : undefined}>{t('feed.following')}</Link>
          )}
        </nav>
        {following && me === null ? <p className="state">{t('auth.required')}</p>
          : following && me === undefined ? <Loading />
          : <PostList list={list} emptyText={following ? t('feed.followingEmpty') : t('feed.empty')} />}
      </section>
      <aside className="feed-side" aria-labelledby="categories-heading">
        {me && (
          <p className="card side-growth">
            <Link href="/points" className="btn btn-primary">{t('growth.checkin.button')}</Link>
            <Link href="/leaderboards">{t('growth.boards.title')}</Link>
            <Link href="/mall">{t('growth.mall.title')}</Link>
          </p>
        )}
        <h2 id="categories-heading">{t('feed.categories')}</h2>
        {categories.data && (
          <ul className="category-list">
            {categories.data.items.map((c) => (
              <li key={c.id}>
                <Link href={links.category(c.slug)} aria-current={c.slug === match.params.slug ? 'page' : undefined}>
                  <span>{c.name}</span><span className="count">{c.postCount}</span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </aside>
    </div>
  );
}
