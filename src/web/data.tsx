import { createContext, useCallback, useContext, useEffect, useRef, useState } from 'react';
import { get } from './api.ts';
import type { Page } from './types.ts';

/** API responses already known for this page view: filled by the server renderer and handed
 * to the browser in a JSON data block, so hydration needs no second round trip. */
export type DataCache = Map<string, unknown>;
export const DataContext = createContext<DataCache>(new Map());

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload(): void;
  set(data: T): void;
}

export function useApi<T>(path: string | null): Loaded<T> {
  const cache = useContext(DataContext);
  const [state, setState] = useState<{ path: string | null; data: T | undefined; error: unknown }>(() => ({
    path, data: path ? (cache.get(path) as T | undefined) : undefined, error: null,
  }));
  const [version, setVersion] = useState(0);
  const current = state.path === path ? state : { path, data: path ? (cache.get(path) as T | undefined) : undefined, error: null };

  useEffect(() => {
    if (!path) return;
    if (version === 0 && cache.has(path)) {
      setState({ path, data: cache.get(path) as T, error: null });
      return;
    }
    let live = true;
    get<T>(path).then(
      (data) => { if (live) { cache.set(path, data); setState({ path, data, error: null }); } },
      (error: unknown) => { if (live) setState({ path, data: undefined, error }); },
    );
    return () => { live = false; };
  }, [path, version, cache]);

  const reload = useCallback(() => {
    setState((s) => ({ ...s, error: null }));
    setVersion((v) => v + 1);
  }, []);
  const set = useCallback((data: T) => {
    if (path) cache.set(path, data);
    setState({ path, data, error: null });
  }, [cache, path]);
  return { data: current.data, error: current.error, loading: !!path && current.data === undefined && !current.error, reload, set };
}

export interface PagedList<T> extends Loaded<Page<T>> {
  items: T[];
  hasMore: boolean;
  loadingMore: boolean;
  moreError: unknown;
  loadMore(): void;
}

/** A keyset-paginated list: the first page like useApi, later pages appended with ?cursor=. */
export function usePaged<T>(path: string | null): PagedList<T> {
  const first = useApi<Page<T>>(path);
  const [more, setMore] = useState<{ path: string | null; items: T[]; cursor: string | null | undefined }>({ path, items: [], cursor: undefined });
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<unknown>(null);
  const pending = useRef(false);
  const extra = more.path === path ? more : { path, items: [], cursor: undefined };
  const cursor = extra.cursor === undefined ? first.data?.nextCursor ?? null : extra.cursor;

  const loadMore = useCallback(() => {
    if (!path || !cursor || pending.current) return;
    pending.current = true;
    setLoadingMore(true);
    setMoreError(null);
    const sep = path.includes('?') ? '&' : '?';
    get<Page<T>>(`${path}${sep}cursor=${encodeURIComponent(cursor)}`).then(
      (page) => setMore((m) => ({ path, items: [...(m.path === path ? m.items : []), ...page.items], cursor: page.nextCursor })),
      (error: unknown) => setMoreError(error),
    ).finally(() => { pending.current = false; setLoadingMore(false); });
  }, [path, cursor]);

  const reload = first.reload;
  const reloadAll = useCallback(() => { setMore({ path, items: [], cursor: undefined }); reload(); }, [path, reload]);
  return {
    ...first,
    reload: reloadAll,
    items: [...(first.data?.items ?? []), ...extra.items],
    hasMore: !!cursor,
    loadingMore,
    moreError,
    loadMore,
  };
}
