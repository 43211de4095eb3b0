import { useState } from 'react';
import { api, ApiError } from '../../api.ts';
import { useApi, usePaged } from '../../data.tsx';
import { formatDateTime, useDocumentTitle, useI18n } from '../../i18n/index.tsx';
import { Link } from '../../router.tsx';
import type { Match } from '../../routes.ts';
import { useSession } from '../../session.tsx';
import { Empty, LoadError, Loading, useErrorText } from '../../components/Status.tsx';
import { SignInRequired } from '../Auth.tsx';
import type { Draw, DrawPage, Lottery } from './types.ts';
import { idempotencyKey } from './util.ts';

const lotteryHref = (id: string) => `/lotteries/${encodeURIComponent(id)}`;

/** 抽奖: the list of lotteries (members only, as the API is). */
export function LotteriesPage() {
  const { t } = useI18n();
  const { me } = useSession();
  useDocumentTitle(t('growth.lottery.title'));
  if (me === null) return <SignInRequired />;
  if (me === undefined) return <Loading />;
  return <LotteryList />;
}

function LotteryList() {
  const { t } = useI18n();
  const list = useApi<{ items: Lottery[] }>('/lotteries');
  return (
    <div className="narrow growth">
      <h1>{t('growth.lottery.title')}</h1>
      {list.error ? <LoadError error={list.error} retry={list.reload} /> : !list.data ? <Loading />
        : list.data.items.length === 0 ? <Empty text={t('growth.lottery.empty')} /> : (
          <ul className="order-list">
            {list.data.items.map((l) => (
              <li key={l.id} className="card order">
                <div>
                  <Link href={lotteryHref(l.id)}>{l.name}</Link>
                  <p className="muted small">{t('growth.lottery.cost', { cost: l.cost })} · {t('growth.lottery.prizeCount', { count: l.prizes.length })}</p>
                </div>
                <span className="chip">{t(`growth.lottery.status.${l.status}`)}</span>
              </li>
            ))}
          </ul>
        )}
    </div>
  );
}

export function LotteryPage({ match }: { match: Match }) {
  const { t } = useI18n();
  const { me } = useSession();
  useDocumentTitle(t('growth.lottery.title'));
  if (me === null) return <SignInRequired />;
  if (me === undefined) return <Loading />;
  return <LotteryDetail id={match.params.id ?? ''} myId={me.id} />;
}

function LotteryDetail({ id, myId }: { id: string; myId: string }) {
  const { t, lang } = useI18n();
  const errorText = useErrorText();
  const lottery = useApi<{ lottery: Lottery }>(`/lotteries/${encodeURIComponent(id)}`);
  const draws = usePaged<Draw>(`/lotteries/${encodeURIComponent(id)}/draws?limit=50`);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [mine, setMine] = useState<Draw[]>([]);
  if (lottery.error) {
    return lottery.error instanceof ApiError && lottery.error.status === 404
      ? <div className="narrow"><h1>{t('growth.lottery.notFound')}</h1></div>
      : <LoadError error={lottery.error} retry={lottery.reload} />;
  }
  if (!lottery.data) return <Loading />;
  const l = lottery.data.lottery;
  const totalWeight = l.prizes.reduce((s, p) => s + (p.stock > 0 ? p.weight : 0), 0);
  async function draw() {
    setBusy(true);
    setError(null);
    try {
      const res = await api<{ draw: Draw }>('POST', `/lotteries/${encodeURIComponent(l.id)}/draw`, undefined, { 'idempotency-key': idempotencyKey() });
      setMine((m) => [res.draw, ...m]);
      lottery.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  const seen = new Set(mine.map((d) => d.id));
  const myDraws = [...mine, ...draws.items.filter((d) => d.userId === myId && !seen.has(d.id)).reverse()];
  const latest = mine[0];
  const seedHash = (draws.data as DrawPage | undefined)?.seedHash ?? l.seedHash;
  return (
    <div className="narrow growth">
      <p><Link href="/lottery">{t('growth.lottery.back')}</Link></p>
      <h1>{l.name}</h1>
      <section className="card" aria-labelledby="lottery-draw">
        <h2 id="lottery-draw" className="sr-only">{t('growth.lottery.draw')}</h2>
        <p>{t('growth.lottery.cost', { cost: l.cost })}{l.perMemberDailyLimit !== null && ` · ${t('growth.lottery.dailyLimit', { limit: l.perMemberDailyLimit })}`}</p>
        {(l.startsAt || l.endsAt) && (
          <p className="muted small" suppressHydrationWarning>
            {t('growth.lottery.window', { from: l.startsAt ? formatDateTime(l.startsAt, lang) : '—', to: l.endsAt ? formatDateTime(l.endsAt, lang) : '—' })}
          </p>
        )}
        <button type="button" className="btn btn-primary" onClick={draw} disabled={busy || l.status !== 'open'} aria-busy={busy}>
          {l.status === 'open' ? t('growth.lottery.draw') : t('growth.lottery.status.closed')}
        </button>
        <p role="status" className="draw-result" data-testid="draw-result">
          {latest ? (latest.prize ? t('growth.lottery.won', { prize: latest.prize.name }) : t('growth.lottery.blank')) : ''}
        </p>
        {error ? <p className="form-error" role="alert">{errorText(error)}</p> : null}
      </section>
      <section aria-labelledby="prizes-heading">
        <h2 id="prizes-heading">{t('growth.lottery.prizes')}</h2>
        <table className="board">
          <thead><tr><th scope="col">{t('growth.lottery.prize')}</th><th scope="col">{t('growth.lottery.chance')}</th><th scope="col">{t('growth.lottery.stock')}</th></tr></thead>
          <tbody>
            {l.prizes.map((p) => (
              <tr key={p.name}>
                <td>{p.name}</td>
                <td className="num">{p.stock > 0 && totalWeight ? `${((p.weight / totalWeight) * 100).toFixed(1)}%` : '—'}</td>
                <td className="num">{p.stock}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="muted small">{t('growth.lottery.chanceNote')}</p>
      </section>
      <section aria-labelledby="my-draws-heading">
        <h2 id="my-draws-heading">{t('growth.lottery.myDraws')}</h2>
        {draws.error ? <LoadError error={draws.error} retry={draws.reload} /> : draws.loading ? <Loading />
          : myDraws.length === 0 ? <Empty text={t('growth.lottery.noDraws')} /> : (
            <ul className="ledger">
              {myDraws.map((d) => (
                <li key={d.id}>
                  <span>{d.prize ? d.prize.name : t('growth.lottery.blankShort')}</span>
                  <time className="muted small" dateTime={d.createdAt} suppressHydrationWarning>{formatDateTime(d.createdAt, lang)}</time>
                  <code className="small">{d.id}</code>
                </li>
              ))}
            </ul>
          )}
        {draws.hasMore && <button type="button" className="btn btn-wide" onClick={draws.loadMore} disabled={draws.loadingMore}>{t('list.loadMore')}</button>}
      </section>
      <section className="card fairness" aria-labelledby="fair-heading">
        <h2 id="fair-heading">{t('growth.lottery.fairness')}</h2>
        <dl className="facts">
          <div><dt>{t('growth.lottery.seedHash')}</dt><dd><code>{seedHash}</code></dd></div>
          <div><dt>{t('growth.lottery.seed')}</dt><dd>{l.seed ? <code>{l.seed}</code> : t('growth.lottery.seedHidden')}</dd></div>
        </dl>
        <p>{t('growth.lottery.howTo1')}</p>
        <p>{t('growth.lottery.howTo2')}</p>
        <p className="muted small">
          <a href={`/api/v1/lotteries/${encodeURIComponent(l.id)}/draws`}>{t('growth.lottery.allDraws')}</a>
        </p>
      </section>
    </div>
  );
}
