import { lazy, Suspense, useEffect, useState } from 'react';
import { Loading } from '../components/Status.tsx';
import type { Match } from '../routes.ts';

// The console is its own chunk: members never download it with the home page.
const AdminConsole = lazy(() => import('./AdminConsole.tsx'));

/** /admin and /admin/<section>. The server and the first (hydrating) render show only a
 * placeholder, so the HTML matches; the console loads once the page runs in the browser. */
export function AdminRoute({ match }: { match: Match }) {
  const [inBrowser, setInBrowser] = useState(false);
  useEffect(() => setInBrowser(true), []);
  if (!inBrowser) return <Loading />;
  return <Suspense fallback={<Loading />}><AdminConsole section={match.params.section ?? ''} /></Suspense>;
}
