import { App } from './App.tsx';
import type { DataCache } from './data.tsx';
import type { Lang } from './i18n/index.tsx';
import { BrowserRouter, StaticRouter, type Location } from './router.tsx';

/** What the server embeds for the browser to hydrate from. */
export interface BootData {
  lang: Lang;
  data: [string, unknown][];
}

export function ServerRoot({ location, lang, cache }: { location: Location; lang: Lang; cache: DataCache }) {
  return <StaticRouter location={location}><App lang={lang} cache={cache} /></StaticRouter>;
}

export function BrowserRoot({ location, boot }: { location: Location; boot: BootData }) {
  return <BrowserRouter initial={location}><App lang={boot.lang} cache={new Map(boot.data)} /></BrowserRouter>;
}
