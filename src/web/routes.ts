/** The app's URL space, shared by the browser router and the server renderer, which
 * prefetches the same API reads a page makes so the first paint already has the content. */
export type RouteName =
  | 'home' | 'category' | 'tag' | 'post' | 'postEdit' | 'compose' | 'login' | 'register'
  | 'profile' | 'settings' | 'search' | 'notifications' | 'notFound';

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

/** API reads (paths under /api/v1) each public page starts with. */
export const apiPaths = {
  categories: () => '/categories',
  feed: (filter: { category?: string; tag?: string; author?: string }, sort: Sort) => {
    const q = new URLSearchParams();
    if (filter.category) q.set('category', filter.category);
    if (filter.tag) q.set('tag', filter.tag);
    if (filter.author) q.set('author', filter.author);
    q.set('sort', sort);
    q.set('limit', String(FEED_PAGE));
    return `/posts?${q}`;
  },
  post: (id: string) => `/posts/${encodeURIComponent(id)}`,
  comments: (id: string) => `/posts/${encodeURIComponent(id)}/comments?limit=100`,
  user: (username: string) => `/users/${encodeURIComponent(username)}`,
};

export function prefetchPaths(match: Match): string[] {
  const sort = sortOf(match.query);
  const p = match.params;
  switch (match.name) {
    case 'home': return [apiPaths.feed({}, sort), apiPaths.categories()];
    case 'category': return [apiPaths.feed({ category: p.slug }, sort), apiPaths.categories()];
    case 'tag': return [apiPaths.feed({ tag: p.tag }, sort), apiPaths.categories()];
    case 'post': return [apiPaths.post(p.id ?? ''), apiPaths.comments(p.id ?? '')];
    case 'profile': return [apiPaths.user(p.username ?? ''), apiPaths.feed({ author: p.username }, 'latest')];
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
