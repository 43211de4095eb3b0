import { lazy, type ComponentType } from 'react';
import type { Match } from '../../routes.ts';

type Props = { match: Match };
const load = () => import('./index.tsx');
const Lazy = lazy(load);
/** Set only on the server, which renders the page itself instead of its loading fallback. */
let ready: ComponentType<Props> | undefined;

/** The growth pages (points, leaderboards, mall, lottery, orders) live in their own chunk, so
 * the home page does not download them. In the browser they load on first use; hydration keeps
 * the server's HTML on screen until the chunk arrives. */
export function GrowthPages(props: Props) {
  const Page = ready ?? Lazy;
  return <Page {...props} />;
}

/** Called by the server renderer before its first growth page. */
export async function preloadGrowthPages(): Promise<void> {
  ready ??= (await load()).default;
}
