import { Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { setApiLang } from './api.ts';
import { DataContext, type DataCache } from './data.tsx';
import { I18nContext, LANG_COOKIE, LANG_NAMES, LANGS, translator, useI18n, isLang, type Lang } from './i18n/index.tsx';
import { LiveNotificationsProvider, useLiveNotifications } from './notifications.tsx';
import { Link, useRouter } from './router.tsx';
import { growthRoutes, links, matchRoute, type Match } from './routes.ts';
import { SessionProvider, useSession } from './session.tsx';
import { Avatar } from './components/Avatar.tsx';
import { BellIcon, MoonIcon, PenIcon, SearchIcon, IconSprite } from './components/icons.tsx';
import { AuthPage } from './pages/Auth.tsx';
import { ComposePage } from './pages/Compose.tsx';
import { FeedPage } from './pages/Feed.tsx';
import { NotificationsPage } from './pages/Notifications.tsx';
import { PostPage } from './pages/PostPage.tsx';
import { ProfilePage } from './pages/Profile.tsx';
import { SearchPage } from './pages/Search.tsx';
import { SettingsPage } from './pages/Settings.tsx';
import { GrowthPages } from './pages/growth/lazy.tsx';
import { Loading } from './components/Status.tsx';
import { AdminRoute } from './admin/AdminRoute.tsx';
import { isStaff, type Role } from '../common/roles.ts';

/** Everything below the router: providers shared by the server render and the browser. */
export function App({ lang: initialLang, cache }: { lang: Lang; cache: DataCache }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  setApiLang(lang);
  const setLang = useCallback((next: Lang) => {
    document.cookie = `${LANG_COOKIE}=${next}; path=/; max-age=31536000; samesite=lax`;
    document.documentElement.lang = next;
    setLangState(next);
  }, []);
  const i18n = useMemo(() => ({ lang, t: translator(lang), setLang }), [lang, setLang]);
  return (
    <DataContext.Provider value={cache}>
      <I18nContext.Provider value={i18n}>
        <SessionProvider>
          <LiveNotificationsProvider>
            <MemberLanguage />
            <Shell />
          </LiveNotificationsProvider>
        </SessionProvider>
      </I18nContext.Provider>
    </DataContext.Provider>
  );
}

/** A member's saved language wins over the browser's, unless they picked one here. */
function MemberLanguage() {
  const { me } = useSession();
  const { lang, setLang } = useI18n();
  useEffect(() => {
    const chosen = document.cookie.split(';').some((c) => c.trim().startsWith(`${LANG_COOKIE}=`));
    if (!chosen && me?.locale && isLang(me.locale) && me.locale !== lang) setLang(me.locale);
  }, [me, lang, setLang]);
  return null;
}

function Page({ match }: { match: Match }) {
  const { t } = useI18n();
  if (growthRoutes.has(match.name)) return <Suspense fallback={<Loading />}><GrowthPages match={match} /></Suspense>;
  switch (match.name) {
    case 'home': case 'category': case 'tag': return <FeedPage match={match} />;
    case 'post': return <PostPage match={match} />;
    case 'compose': case 'postEdit': return <ComposePage match={match} />;
    case 'login': return <AuthPage key="login" mode="login" />;
    case 'register': return <AuthPage key="register" mode="register" />;
    case 'profile': return <ProfilePage match={match} />;
    case 'settings': return <SettingsPage />;
    case 'search': return <SearchPage key={match.query.toString()} match={match} />;
    case 'notifications': return <NotificationsPage />;
    case 'admin': return <AdminRoute match={match} />;
    default: return <div className="narrow"><h1>{t('error.notFoundPage')}</h1><p><Link href="/">{t('nav.home')}</Link></p></div>;
  }
}

function Shell() {
  const { location } = useRouter();
  const match = matchRoute(location.pathname, location.search);
  // After a client-side navigation, keyboard and screen-reader users start at the new content.
  const firstRender = useRef(true);
  useEffect(() => {
    if (firstRender.current) { firstRender.current = false; return; }
    if (!location.hash) document.getElementById('main')?.focus({ preventScroll: true });
  }, [location.pathname, location.hash]);
  return (
    <>
      <IconSprite />
      <Header />
      <main id="main" tabIndex={-1}>
        <Page match={match} />
      </main>
      <Footer />
    </>
  );
}

function Header() {
  const { t } = useI18n();
  const { me, signOut } = useSession();
  const { unreadCount } = useLiveNotifications();
  const { navigate } = useRouter();
  return (
    <header className="site-header">
      <a href="#main" className="skip-link">{t('nav.skip')}</a>
      <div className="header-inner">
        <Link href="/" className="logo">{t('site.name')}</Link>
        <nav aria-label={t('nav.main')} className="header-nav">
          <Link href="/search" className="icon-btn" aria-label={t('nav.search')}><SearchIcon /></Link>
          <Link href="/compose" className="btn btn-primary btn-write"><PenIcon /><span className="write-label">{t('nav.write')}</span></Link>
          {me ? (
            <>
              <Link href="/notifications" className="icon-btn bell" data-testid="bell"
                aria-label={unreadCount ? t('nav.notificationsUnread', { count: unreadCount }) : t('nav.notifications')}>
                <BellIcon />
                {unreadCount > 0 && <span className="badge" data-testid="unread-count" aria-hidden="true">{unreadCount > 99 ? '99+' : unreadCount}</span>}
              </Link>
              <details className="menu">
                <summary aria-label={t('nav.menu')}><Avatar user={me} size={28} /></summary>
                <div className="menu-panel">
                  <Link href={links.profile(me.username)}>{t('nav.profile')}</Link>
                  <Link href="/points" data-testid="checkin-entry">{t('nav.points')}</Link>
                  <Link href="/me/orders">{t('growth.orders.title')}</Link>
                  <Link href="/settings">{t('nav.settings')}</Link>
                  {me.roles.some((r) => isStaff(r as Role)) && <Link href="/admin">{t('admin.nav.link')}</Link>}
                  <button type="button" onClick={() => { void signOut().then(() => navigate('/')); }}>{t('nav.signOut')}</button>
                </div>
              </details>
            </>
          ) : me === null ? (
            <>
              <Link href="/login" className="btn btn-ghost">{t('nav.signIn')}</Link>
              <Link href="/register" className="btn hide-sm">{t('nav.register')}</Link>
            </>
          ) : <span className="auth-placeholder" aria-hidden="true" />}
        </nav>
      </div>
    </header>
  );
}

function Footer() {
  const { t, lang, setLang } = useI18n();
  const toggleTheme = () => {
    const root = document.documentElement;
    const dark = root.dataset.theme ? root.dataset.theme === 'dark' : window.matchMedia('(prefers-color-scheme: dark)').matches;
    root.dataset.theme = dark ? 'light' : 'dark';
    window.localStorage.setItem('hearth:theme', root.dataset.theme);
  };
  return (
    <footer className="site-footer">
      <div className="footer-inner">
        <label className="lang-switch">
          <span className="sr-only">{t('lang.label')}</span>
          <select value={lang} onChange={(e) => setLang(e.target.value as Lang)} aria-label={t('lang.label')} data-testid="lang-switch">
            {LANGS.map((l) => <option key={l} value={l} lang={l}>{LANG_NAMES[l]}</option>)}
          </select>
        </label>
        <button type="button" className="icon-btn" onClick={toggleTheme} aria-label={t('theme.toggle')}><MoonIcon /></button>
        <Link href="/leaderboards">{t('growth.boards.title')}</Link>
        <Link href="/mall">{t('growth.mall.title')}</Link>
        <a href="/feed.xml">{t('footer.rss')}</a>
        <a href="/sitemap.xml">{t('footer.sitemap')}</a>
      </div>
    </footer>
  );
}
