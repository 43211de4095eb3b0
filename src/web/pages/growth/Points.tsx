import { useState } from 'react';
import { api } from '../../api.ts';
import { useApi, usePaged } from '../../data.tsx';
import { formatDateTime, useDocumentTitle, useI18n, type Lang, type Translate } from '../../i18n/index.tsx';
import { Link } from '../../router.tsx';
import { useSession } from '../../session.tsx';
import { Empty, LoadError, LoadMore, Loading, useErrorText } from '../../components/Status.tsx';
import { SignInRequired } from '../Auth.tsx';
import type { Badge, CheckinCalendar, LedgerEntry, LevelInfo, PointsSummary, Task } from './types.ts';
import { idempotencyKey } from './util.ts';

/** 积分: balance, level progress, check-in with its month, tasks, badges and the ledger. */
export function PointsPage() {
  const { t } = useI18n();
  const { me } = useSession();
  useDocumentTitle(t('growth.points.title'));
  if (me === null) return <SignInRequired />;
  if (me === undefined) return <Loading />;
  return <Points />;
}

function Points() {
  const { t } = useI18n();
  const summary = useApi<PointsSummary>('/me/points');
  const calendar = useApi<CheckinCalendar>('/me/checkin/calendar');
  const tasks = useApi<{ items: Task[] }>('/me/tasks');
  const ledger = usePaged<LedgerEntry>('/me/points/ledger?limit=20');
  const refresh = () => { summary.reload(); calendar.reload(); tasks.reload(); ledger.reload(); };
  return (
    <div className="narrow growth">
      <h1>{t('growth.points.title')}</h1>
      <div className="growth-grid">
        <Balance summary={summary.data} error={summary.error} retry={summary.reload} />
        <CheckIn calendar={calendar.data} error={calendar.error} retry={calendar.reload} onDone={refresh} />
      </div>
      <Tasks list={tasks.data?.items} error={tasks.error} retry={tasks.reload} />
      <Badges />
      <section aria-labelledby="ledger-heading">
        <h2 id="ledger-heading">{t('growth.ledger.title')}</h2>
        <Ledger list={ledger} />
      </section>
      <p className="growth-links">
        <Link href="/mall">{t('growth.mall.title')}</Link>
        <Link href="/leaderboards">{t('growth.boards.title')}</Link>
        <Link href="/lottery">{t('growth.lottery.title')}</Link>
        <Link href="/me/orders">{t('growth.orders.title')}</Link>
      </p>
    </div>
  );
}

function Balance({ summary, error, retry }: { summary: PointsSummary | undefined; error: unknown; retry(): void }) {
  const { t } = useI18n();
  const levels = useApi<{ items: LevelInfo[] }>('/growth/levels');
  if (error) return <LoadError error={error} retry={retry} />;
  if (!summary) return <Loading />;
  const current = levels.data?.items.find((l) => l.number === summary.level.number);
  const from = current?.threshold ?? 0;
  const next = summary.level.nextAt;
  const pct = next === null ? 100 : Math.max(0, Math.min(100, Math.round(((summary.earned - from) / Math.max(1, next - from)) * 100)));
  return (
    <section className="card balance" aria-labelledby="balance-heading">
      <h2 id="balance-heading" className="sr-only">{t('growth.points.balance')}</h2>
      <p className="balance-figure"><span className="muted">{t('growth.points.balance')}</span><strong data-testid="balance">{summary.balance}</strong></p>
      <p className="level-line">
        <span className="chip">{t('growth.level.badge', { number: summary.level.number })}</span> {summary.level.name}
      </p>
      <progress id="level-progress" max={100} value={pct} aria-label={t('growth.level.progressLabel')} />
      <p className="muted small">
        {next === null ? t('growth.level.max') : t('growth.level.toNext', { earned: summary.earned, next, left: Math.max(0, next - summary.earned) })}
      </p>
      <p className="muted small">{t('growth.points.earned', { earned: summary.earned })} · {t('growth.checkin.streak', { days: summary.streak })}</p>
    </section>
  );
}

function CheckIn({ calendar, error, retry, onDone }: { calendar: CheckinCalendar | undefined; error: unknown; retry(): void; onDone(): void }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ awarded: number; streak: number } | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  if (error) return <LoadError error={error} retry={retry} />;
  if (!calendar) return <Loading />;
  async function checkIn() {
    setBusy(true);
    setFailure(null);
    try {
      setResult(await api<{ awarded: number; streak: number }>('POST', '/me/checkin', undefined, { 'idempotency-key': idempotencyKey() }));
      onDone();
    } catch (e) {
      setFailure(e);
      retry();
    } finally {
      setBusy(false);
    }
  }
  const done = calendar.checkedInToday || !!result;
  return (
    <section className="card checkin" aria-labelledby="checkin-heading">
      <h2 id="checkin-heading">{t('growth.checkin.title')}</h2>
      <p className="muted">{t('growth.checkin.streak', { days: result?.streak ?? calendar.streak })}</p>
      <button type="button" className="btn btn-primary" onClick={checkIn} disabled={busy || done} aria-describedby="checkin-status">
        {done ? t('growth.checkin.done') : t('growth.checkin.button')}
      </button>
      <p id="checkin-status" role="status" className="checkin-status">
        {result ? t('growth.checkin.awarded', { points: result.awarded, days: result.streak }) : ''}
      </p>
      {failure ? <p className="form-error" role="alert">{errorText(failure)}</p> : null}
      <MonthGrid calendar={calendar} />
    </section>
  );
}

/** The month as a Monday-first grid; checked-in days are marked for sight and for screen readers. */
function MonthGrid({ calendar }: { calendar: CheckinCalendar }) {
  const { t, lang } = useI18n();
  const [year, month] = calendar.month.split('-').map(Number) as [number, number];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const lead = (new Date(Date.UTC(year, month - 1, 1)).getUTCDay() + 6) % 7;
  const checked = new Map(calendar.days.map((d) => [Number(d.day.slice(8, 10)), d]));
  const today = calendar.today.startsWith(calendar.month) ? Number(calendar.today.slice(8, 10)) : 0;
  const cells: (number | null)[] = [...Array<null>(lead).fill(null), ...Array.from({ length: daysInMonth }, (_, i) => i + 1)];
  while (cells.length % 7) cells.push(null);
  const weeks = Array.from({ length: cells.length / 7 }, (_, i) => cells.slice(i * 7, i * 7 + 7));
  const weekday = new Intl.DateTimeFormat(lang, { weekday: 'narrow', timeZone: 'UTC' });
  const monthName = new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(year, month - 1, 1)));
  return (
    <table className="calendar" data-testid="checkin-calendar">
      <caption>{t('growth.checkin.calendar', { month: monthName })}</caption>
      <thead>
        <tr>{Array.from({ length: 7 }, (_, i) => <th key={i} scope="col">{weekday.format(new Date(Date.UTC(2024, 0, 1 + i)))}</th>)}</tr>
      </thead>
      <tbody>
        {weeks.map((week, w) => (
          <tr key={w}>
            {week.map((d, i) => {
              const hit = d ? checked.get(d) : undefined;
              return (
                <td key={i} className={`${hit ? 'checked' : ''}${d === today ? ' today' : ''}`} aria-current={d === today ? 'date' : undefined}>
                  {d ?? ''}
                  {hit && <span className="sr-only"> {t('growth.checkin.checkedDay', { points: hit.awarded })}</span>}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Tasks({ list, error, retry }: { list: Task[] | undefined; error: unknown; retry(): void }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="tasks-heading">
      <h2 id="tasks-heading">{t('growth.tasks.title')}</h2>
      {error ? <LoadError error={error} retry={retry} /> : !list ? <Loading /> : list.length === 0 ? <Empty text={t('growth.tasks.empty')} /> : (
        <ul className="task-list">
          {list.map((task) => (
            <li key={task.id} className="card task">
              <div className="task-head">
                <span id={`task-${task.id}`}>{task.title}</span>
                <span className="chip chip-kind">{t(`growth.tasks.kind.${task.kind}`)}</span>
                <span className="muted small">{task.rewarded ? t('growth.tasks.rewarded', { points: task.reward }) : t('growth.tasks.reward', { points: task.reward })}</span>
              </div>
              <progress max={task.target} value={Math.min(task.progress, task.target)} aria-labelledby={`task-${task.id}`} />
              <span className="muted small">{t('growth.tasks.progress', { progress: Math.min(task.progress, task.target), target: task.target })}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Badges() {
  const { t } = useI18n();
  const badges = useApi<{ items: Badge[] }>('/me/badges');
  return (
    <section aria-labelledby="badges-heading">
      <h2 id="badges-heading">{t('growth.badges.title')}</h2>
      {badges.error ? <LoadError error={badges.error} retry={badges.reload} /> : !badges.data ? <Loading />
        : badges.data.items.length === 0 ? <Empty text={t('growth.badges.empty')} /> : (
          <ul className="badge-list">
            {badges.data.items.map((b) => <li key={b.slug} className="card"><strong>{b.name}</strong>{b.description && <span className="muted small">{b.description}</span>}</li>)}
          </ul>
        )}
    </section>
  );
}

export function reasonText(t: Translate, reason: string): string {
  const [head = '', rest] = reason.split('.', 2) as [string, string | undefined];
  if (head === 'reversal') return t('growth.reason.reversal', { what: reasonText(t, rest ?? '') });
  if (head === 'task') return t('growth.reason.task');
  const known: Record<string, string> = {
    post: t('growth.reason.post'), comment: t('growth.reason.comment'), like_received: t('growth.reason.like_received'),
    checkin: t('growth.reason.checkin'), featured_post: t('growth.reason.featured_post'), accepted_answer: t('growth.reason.accepted_answer'),
    invite: t('growth.reason.invite'), grant: t('growth.reason.grant'), 'lottery.draw': t('growth.reason.lottery'),
    'mall.redeem': t('growth.reason.redeem'), 'mall.refund': t('growth.reason.refund'),
  };
  return known[reason] ?? reason;
}

function Ledger({ list }: { list: ReturnType<typeof usePaged<LedgerEntry>> }) {
  const { t, lang } = useI18n();
  if (list.error) return <LoadError error={list.error} retry={list.reload} />;
  if (list.loading) return <Loading />;
  if (list.items.length === 0) return <Empty text={t('growth.ledger.empty')} />;
  return (
    <>
      <ul className="ledger" data-testid="ledger">
        {list.items.map((e) => <LedgerRow key={e.id} entry={e} t={t} lang={lang} />)}
      </ul>
      <LoadMore list={list} />
    </>
  );
}

function LedgerRow({ entry, t, lang }: { entry: LedgerEntry; t: Translate; lang: Lang }) {
  return (
    <li>
      <span>{reasonText(t, entry.reason)}</span>
      <strong className={entry.amount < 0 ? 'amount minus' : 'amount plus'}>{entry.amount > 0 ? `+${entry.amount}` : entry.amount}</strong>
      <time className="muted small" dateTime={entry.createdAt} suppressHydrationWarning>{formatDateTime(entry.createdAt, lang)}</time>
      <span className="muted small amount">{t('growth.ledger.after', { balance: entry.balanceAfter })}</span>
    </li>
  );
}
