import { useEffect } from 'react';
import { useApi } from '../../data.tsx';
import { useDocumentTitle, useI18n } from '../../i18n/index.tsx';
import { Link } from '../../router.tsx';
import { apiPaths, leaderboardOf, links, type Match } from '../../routes.ts';
import { useSession } from '../../session.tsx';
import { Empty, LoadError, Loading } from '../../components/Status.tsx';
import { BOARDS, PERIODS, type Board, type Leaderboard, type Period } from './types.ts';

/** 排行榜: four boards by four periods, with where the viewer stands. */
export function LeaderboardsPage({ match }: { match: Match }) {
  const { t } = useI18n();
  const { me } = useSession();
  const { board, period } = leaderboardOf(match.query) as { board: Board; period: Period };
  const data = useApi<Leaderboard>(apiPaths.leaderboard(board, period));
  useDocumentTitle(t('growth.boards.title'));
  const reload = data.reload;
  // The server render is anonymous; a signed-in viewer needs their own rank.
  useEffect(() => { if (me) reload(); }, [me, reload]);
  const href = (b: Board, p: Period) => `/leaderboards?board=${b}&period=${p}`;
  return (
    <div className="narrow growth">
      <h1>{t('growth.boards.title')}</h1>
      <nav className="tabs" aria-label={t('growth.boards.which')}>
        {BOARDS.map((b) => <Link key={b} href={href(b, period)} className="tab" aria-current={b === board ? 'page' : undefined}>{t(`growth.boards.board.${b}`)}</Link>)}
      </nav>
      <nav className="tabs tabs-small" aria-label={t('growth.boards.period')}>
        {PERIODS.map((p) => <Link key={p} href={href(board, p)} className="tab" aria-current={p === period ? 'page' : undefined}>{t(`growth.boards.period.${p}`)}</Link>)}
      </nav>
      {me && data.data && (
        <p className="card my-rank" data-testid="my-rank">
          {data.data.me ? t('growth.boards.mine', { rank: data.data.me.rank, value: data.data.me.value }) : t('growth.boards.notRanked')}
        </p>
      )}
      {data.error ? <LoadError error={data.error} retry={data.reload} /> : !data.data ? <Loading />
        : data.data.items.length === 0 ? <Empty text={t('growth.boards.empty')} /> : (
          <table className="board">
            <caption className="sr-only">{t(`growth.boards.board.${board}`)} · {t(`growth.boards.period.${period}`)}</caption>
            <thead><tr><th scope="col">{t('growth.boards.rank')}</th><th scope="col">{t('growth.boards.member')}</th><th scope="col">{t(`growth.boards.value.${board}`)}</th></tr></thead>
            <tbody>
              {data.data.items.map((row) => (
                <tr key={row.user.id} className={row.user.id === me?.id ? 'me' : undefined}>
                  <td className="rank">{row.rank}</td>
                  <td><Link href={links.profile(row.user.username)}>{row.user.username}</Link></td>
                  <td className="num">{row.value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
    </div>
  );
}
