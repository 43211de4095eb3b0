/** The app's URL space, shared by the browser router and the server renderer, which
 * prefetches the same API reads a page makes so the first paint already has the content. */
export type RouteName =
  | 'home' | 'category' | 'tag' | 'post' | 'postEdit' | 'compose' | 'login' | 'register'
  | 'profile' | 'settings' | 'search' | 'notifications' | 'admin' | 'notFound'
  | 'points' | 'leaderboards' | 'mall' | 'mallItem' | 'orders' | 'lotteries' | 'lottery';

/** Routes served by the lazily loaded growth chunk (src/web/pages/growth). */
export const growthRoutes: ReadonlySet<RouteName> = new Set(['points', 'leaderboards', 'mall', 'mallItem', 'orders', 'lotteries', 'lottery']);

export interface Match {
  name: RouteName;
  params: Record<string, string>;
  query: URLSearchParams;
}

const patterns: [RouteName, RegExp, string[]][] = [
  ['home', /^\/$/, []],
  ['category', /^\/c\/([^/]+)$/, ['slug']],
  ['tag', /^\/t\/([^/]+)$/, ['tag']],
  ['compose', /^\/compose$/, []],
  ['postEdit', /^\/posts\/([^/]+)\/edit$/, ['id']],
  ['post', /^\/posts\/([^/]+)$/, ['id']],
  ['login', /^\/login$/, []],
  ['register', /^\/register$/, []],
  ['profile', /^\/u\/([^/]+)$/, ['username']],
  ['profile', /^\/users\/([^/]+)$/, ['username']],
  ['settings', /^\/settings$/, []],
  ['search', /^\/search$/, []],
  ['notifications', /^\/notifications$/, []],
  ['admin', /^\/admin(?:\/([^/]+))?$/, ['section']],
  ['points', /^\/points$/, []],
  ['leaderboards', /^\/leaderboards$/, []],
  ['mall', /^\/mall$/, []],
  ['mallItem', /^\/mall\/([^/]+)$/, ['id']],
  ['orders', /^\/me\/orders$/, []],
  ['lotteries', /^\/(?:lottery|lotteries)$/, []],
  ['lottery', /^\/(?:lottery|lotteries)\/([^/]+)$/, ['id']],
];

export function matchRoute(pathname: string, search = ''): Match {
  const query = new URLSearchParams(search);
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  for (const [name, re, keys] of patterns) {
    const m = re.exec(path);
    if (!m) continue;
    const params: Record<string, string> = {};
    try {
      keys.forEach((k, i) => { params[k] = decodeURIComponent(m[i + 1] ?? ''); });
    } catch {
      break;
    }
    return { name, params, query };
  }
  return { name: 'notFound', params: {}, query };
}

export const SORTS = ['latest', 'hot', 'top'] as const;
export type Sort = (typeof SORTS)[number];

export function sortOf(query: URLSearchParams): Sort {
  const s = query.get('sort');
  return (SORTS as readonly string[]).includes(s ?? '') ? (s as Sort) : 'latest';
}

export const FEED_PAGE = 20;

/** The home feed's "following" tab: posts by members the viewer follows. */
export const isFollowingFeed = (query: URLSearchParams) => query.get('feed') === 'following';

export const PROFILE_TABS = ['posts', 'comments', 'followers', 'following'] as const;
export type ProfileTab = (typeof PROFILE_TABS)[number];
export function profileTabOf(query: URLSearchParams): ProfileTab {
  const tab = query.get('tab');
  return (PROFILE_TABS as readonly string[]).includes(tab ?? '') ? (tab as ProfileTab) : 'posts';
}

const BOARDS = ['points', 'posts', 'likes', 'answers'];
const PERIODS = ['day', 'week', 'month', 'all'];
export function leaderboardOf(query: URLSearchParams): { board: string; period: string } {
  const b = query.get('board') ?? '';
  const p = query.get('period') ?? '';
  return { board: BOARDS.includes(b) ? b : 'points', period: PERIODS.includes(p) ? p : 'week' };
}

/** API reads (paths under /api/v1) each public page starts with. */
const COMMENTS_PAGE = 30;

export const apiPaths = {
  categories: () => '/categories',
  feed: (filter: { category?: string; tag?: string; author?: string; following?: boolean }, sort: Sort) => {
    const q = new URLSearchParams();
    if (filter.following) q.set('following', 'true');
    if (filter.category) q.set('category', filter.category);
    if (filter.tag) q.set('tag', filter.tag);
    if (filter.author) q.set('author', filter.author);
    q.set('sort', sort);
    q.set('limit', String(FEED_PAGE));
    return `/posts?${q}`;
  },
  post: (id: string) => `/posts/${encodeURIComponent(id)}`,
  /** The first page of a thread; the page loads more on request (long threads stay light). */
  comments: (id: string) => `/posts/${encodeURIComponent(id)}/comments?limit=${COMMENTS_PAGE}`,
  user: (username: string) => `/users/${encodeURIComponent(username)}`,
  userList: (username: string, tab: Exclude<ProfileTab, 'posts'>) => `/users/${encodeURIComponent(username)}/${tab}?limit=20`,
  leaderboard: (board: string, period: string) => `/growth/leaderboards/${board}?period=${period}&limit=50`,
  mallItems: () => '/mall/items',
  mallItem: (id: string) => `/mall/items/${encodeURIComponent(id)}`,
};

export function prefetchPaths(match: Match): string[] {
  const sort = sortOf(match.query);
  const p = match.params;
  switch (match.name) {
    // The following feed is personal, and pages are rendered anonymously: the browser loads it.
    case 'home': return isFollowingFeed(match.query) ? [apiPaths.categories()] : [apiPaths.feed({}, sort), apiPaths.categories()];
    case 'category': return [apiPaths.feed({ category: p.slug }, sort), apiPaths.categories()];
    case 'tag': return [apiPaths.feed({ tag: p.tag }, sort), apiPaths.categories()];
    case 'post': return [apiPaths.post(p.id ?? ''), apiPaths.comments(p.id ?? '')];
    case 'profile': {
      const tab = profileTabOf(match.query);
      return [apiPaths.user(p.username ?? ''), tab === 'posts' ? apiPaths.feed({ author: p.username }, 'latest') : apiPaths.userList(p.username ?? '', tab)];
    }
    case 'leaderboards': { const b = leaderboardOf(match.query); return [apiPaths.leaderboard(b.board, b.period)]; }
    case 'mall': return [apiPaths.mallItems()];
    case 'mallItem': return [apiPaths.mallItem(p.id ?? '')];
    default: return [];
  }
}

export const links = {
  home: (sort?: Sort) => (sort && sort !== 'latest' ? `/?sort=${sort}` : '/'),
  category: (slug: string) => `/c/${encodeURIComponent(slug)}`,
  tag: (tag: string) => `/t/${encodeURIComponent(tag)}`,
  post: (id: string) => `/posts/${encodeURIComponent(id)}`,
  profile: (username: string) => `/u/${encodeURIComponent(username)}`,
};
