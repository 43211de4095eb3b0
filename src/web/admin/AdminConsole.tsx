import { useI18n, useDocumentTitle, type MessageKey } from '../i18n/index.tsx';
import { Link } from '../router.tsx';
import { useSession } from '../session.tsx';
import { Loading } from '../components/Status.tsx';
import { SignInRequired } from '../pages/Auth.tsx';
import { allowedSections, type SectionName } from './sections.ts';
import { QueuePage } from './moderation/Queue.tsx';
import { WordsPage } from './moderation/Words.tsx';
import { ModelsPage } from './moderation/Models.tsx';
import { AuditPage } from './moderation/Audit.tsx';
import { RulesPage } from './growth/Rules.tsx';
import { LevelsPage } from './growth/Levels.tsx';
import { BadgesPage } from './growth/Badges.tsx';
import { GrantsPage } from './growth/Grants.tsx';
import { MallPage } from './growth/Mall.tsx';
import { OrdersPage } from './growth/Orders.tsx';
import { LotteriesPage } from './growth/Lotteries.tsx';

const pages: Record<SectionName, () => React.ReactElement> = {
  queue: QueuePage, words: WordsPage, models: ModelsPage, audit: AuditPage,
  rules: RulesPage, levels: LevelsPage, badges: BadgesPage, grants: GrantsPage,
  mall: MallPage, orders: OrdersPage, lotteries: LotteriesPage,
};

/** The operators' and moderators' console: a menu of the sections this member's role opens,
 * and the chosen section. */
export default function AdminConsole({ section }: { section: string }) {
  const { t } = useI18n();
  const { me } = useSession();
  const allowed = me ? allowedSections(me.roles) : [];
  const current = allowed.find((s) => s.name === section) ?? (section ? undefined : allowed[0]);
  useDocumentTitle(current ? `${t(`admin.section.${current.name}` as MessageKey)} · ${t('admin.title')}` : t('admin.title'));
  if (me === null) return <SignInRequired />;
  if (me === undefined) return <Loading />;
  if (allowed.length === 0) {
    return <div className="narrow"><h1>{t('admin.title')}</h1><p role="alert">{t('admin.forbidden')}</p></div>;
  }
  const Page = current ? pages[current.name] : null;
  const groups = (['moderation', 'growth'] as const).filter((g) => allowed.some((s) => s.group === g));
  return (
    <div className="admin">
      <nav className="admin-nav" aria-label={t('admin.nav.label')}>
        <p className="admin-nav-title">{t('admin.title')}</p>
        {groups.map((g) => (
          <div key={g} className="admin-nav-group">
            <p className="admin-nav-heading" id={`admin-nav-${g}`}>{t(`admin.group.${g}`)}</p>
            <ul aria-labelledby={`admin-nav-${g}`}>
              {allowed.filter((s) => s.group === g).map((s) => (
                <li key={s.name}>
                  <Link href={`/admin/${s.name}`} aria-current={s.name === current?.name ? 'page' : undefined}>{t(`admin.section.${s.name}`)}</Link>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </nav>
      <div className="admin-main">
        {Page ? <Page /> : <><h1>{t('admin.title')}</h1><p role="alert">{t('admin.notFound')}</p></>}
      </div>
    </div>
  );
}
