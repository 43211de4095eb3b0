import { useState, type FormEvent } from 'react';
import { useApi, usePaged } from '../../data.tsx';
import { formatDateTime, useI18n } from '../../i18n/index.tsx';
import { Empty, LoadError, Loading } from '../../components/Status.tsx';
import { growthApi } from '../request.ts';
import type { Draw, Lottery } from '../types.ts';
import { useAction } from '../action.ts';
import { ActionStatus, AdminTable, Field, intOrNull, localToIso, Section } from '../ui.tsx';
import { useWindow } from './Mall.tsx';

/** Lotteries (抽奖): create with weighted prizes, close to publish the seed, list the draws. */
export function LotteriesPage() {
  const { t } = useI18n();
  const lotteries = useApi<{ items: Lottery[] }>('/lotteries');
  return (
    <div className="admin-page">
      <h1>{t('admin.section.lotteries')}</h1>
      <CreateLottery onCreated={lotteries.reload} />
      <Section title={t('admin.lotteries.list')}>
        {lotteries.error ? <LoadError error={lotteries.error} retry={lotteries.reload} /> : lotteries.loading ? <Loading /> : !lotteries.data?.items.length
          ? <Empty text={t('admin.lotteries.empty')} />
          : <ul className="admin-cards">{lotteries.data.items.map((l) => <LotteryCard key={l.id} lottery={l} onChanged={lotteries.reload} />)}</ul>}
      </Section>
    </div>
  );
}

type PrizeDraft = { name: string; weight: string; stock: string };

function CreateLottery({ onCreated }: { onCreated(): void }) {
  const { t } = useI18n();
  const create = useAction();
  const empty = { name: '', cost: '', blankWeight: '', perMemberDailyLimit: '', startsAt: '', endsAt: '' };
  const [values, setValues] = useState(empty);
  const [prizes, setPrizes] = useState<PrizeDraft[]>([{ name: '', weight: '1', stock: '1' }]);
  const set = (k: keyof typeof empty) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [k]: e.target.value }));
  const setPrize = (i: number, patch: Partial<PrizeDraft>) => setPrizes((p) => p.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  async function submit(e: FormEvent) {
    e.preventDefault();
    const body = {
      name: values.name.trim(), cost: Math.trunc(Number(values.cost)),
      prizes: prizes.map((p) => ({ name: p.name.trim(), weight: Math.trunc(Number(p.weight)), stock: Math.trunc(Number(p.stock)) })),
      ...(values.blankWeight ? { blankWeight: Math.trunc(Number(values.blankWeight)) } : {}),
      perMemberDailyLimit: intOrNull(values.perMemberDailyLimit), startsAt: localToIso(values.startsAt), endsAt: localToIso(values.endsAt),
    };
    const ok = await create.run(() => growthApi('POST', '/lotteries', body), t('admin.lotteries.created', { name: body.name }));
    if (ok) { setValues(empty); setPrizes([{ name: '', weight: '1', stock: '1' }]); onCreated(); }
  }
  const f = create.field;
  const prizeFields = prizes.flatMap((_, i) => ['name', 'weight', 'stock'].map((n) => `prizes.${i}.${n}`));
  return (
    <Section title={t('admin.lotteries.create')}>
      <form className="form" onSubmit={submit}>
        <div className="admin-grid">
          <Field label={t('admin.lotteries.name')} error={f('name')}>
            {(p) => <input {...p} required maxLength={100} value={values.name} onChange={set('name')} />}
          </Field>
          <Field label={t('admin.lotteries.cost')} error={f('cost')}>
            {(p) => <input {...p} type="number" required min={0} value={values.cost} onChange={set('cost')} />}
          </Field>
          <Field label={t('admin.lotteries.blankWeight')} hint={t('admin.lotteries.blankHint')} error={f('blankWeight')}>
            {(p) => <input {...p} type="number" min={0} value={values.blankWeight} onChange={set('blankWeight')} />}
          </Field>
          <Field label={t('admin.lotteries.dailyLimit')} hint={t('admin.mall.limitHint')} error={f('perMemberDailyLimit')}>
            {(p) => <input {...p} type="number" min={1} max={10000} value={values.perMemberDailyLimit} onChange={set('perMemberDailyLimit')} />}
          </Field>
          <Field label={t('admin.mall.startsAt')} error={f('startsAt')}>
            {(p) => <input {...p} type="datetime-local" value={values.startsAt} onChange={set('startsAt')} />}
          </Field>
          <Field label={t('admin.mall.endsAt')} error={f('endsAt')}>
            {(p) => <input {...p} type="datetime-local" value={values.endsAt} onChange={set('endsAt')} />}
          </Field>
        </div>
        <fieldset className="admin-prizes">
          <legend>{t('admin.lotteries.prizes')}</legend>
          {prizes.map((p, i) => (
            <div key={i} className="admin-form-row admin-prize">
              <Field label={t('admin.lotteries.prizeName', { n: i + 1 })} error={f(`prizes.${i}.name`)}>
                {(c) => <input {...c} required maxLength={100} value={p.name} onChange={(e) => setPrize(i, { name: e.target.value })} />}
              </Field>
              <Field label={t('admin.lotteries.weight')} error={f(`prizes.${i}.weight`)}>
                {(c) => <input {...c} type="number" required min={1} value={p.weight} onChange={(e) => setPrize(i, { weight: e.target.value })} />}
              </Field>
              <Field label={t('admin.lotteries.stock')} error={f(`prizes.${i}.stock`)}>
                {(c) => <input {...c} type="number" required min={0} value={p.stock} onChange={(e) => setPrize(i, { stock: e.target.value })} />}
              </Field>
              <button type="button" className="btn" disabled={prizes.length === 1} onClick={() => setPrizes((x) => x.filter((_, j) => j !== i))}
                aria-label={t('admin.lotteries.removePrize', { n: i + 1 })}>{t('admin.common.remove')}</button>
            </div>
          ))}
          <button type="button" className="btn" disabled={prizes.length >= 50} onClick={() => setPrizes((x) => [...x, { name: '', weight: '1', stock: '1' }])}>
            {t('admin.lotteries.addPrize')}
          </button>
        </fieldset>
        {f('prizes') && <p className="field-error">{f('prizes')}</p>}
        <div className="actions"><button type="submit" className="btn btn-primary" disabled={create.busy}>{t('admin.lotteries.createButton')}</button></div>
        <ActionStatus action={create} fields={[...Object.keys(empty), 'prizes', ...prizeFields]} />
      </form>
    </Section>
  );
}

function LotteryCard({ lottery: l, onChanged }: { lottery: Lottery; onChanged(): void }) {
  const { t } = useI18n();
  const close = useAction();
  const saleWindow = useWindow();
  const [showDraws, setShowDraws] = useState(false);
  const doClose = async () => {
    if (!window.confirm(t('admin.lotteries.closeConfirm', { name: l.name }))) return;
    if (await close.run(() => growthApi('POST', `/lotteries/${l.id}/close`), t('admin.lotteries.closed'))) onChanged();
  };
  return (
    <li className="card">
      <h3>{l.name} <span className={`chip admin-status-${l.status}`}>{t(`admin.lotteries.status.${l.status}`)}</span></h3>
      <dl className="admin-kv">
        <div><dt>{t('admin.lotteries.cost')}</dt><dd>{t('admin.common.points', { n: l.cost })}</dd></div>
        <div><dt>{t('admin.lotteries.dailyLimit')}</dt><dd>{l.perMemberDailyLimit ?? t('admin.mall.noLimit')}</dd></div>
        <div><dt>{t('admin.mall.window')}</dt><dd>{saleWindow(l.startsAt, l.endsAt)}</dd></div>
        <div><dt>{t('admin.lotteries.prizes')}</dt><dd>{[...l.prizes.map((p) => t('admin.lotteries.prizeLine', { name: p.name, weight: p.weight, stock: p.stock })),
          ...(l.blankWeight ? [t('admin.lotteries.blankLine', { weight: l.blankWeight })] : [])].join(' · ')}</dd></div>
        <div><dt>{t('admin.lotteries.seedHash')}</dt><dd><code className="admin-hash">{l.seedHash}</code></dd></div>
        {l.seed && <div><dt>{t('admin.lotteries.seed')}</dt><dd><code className="admin-hash">{l.seed}</code></dd></div>}
      </dl>
      <div className="actions">
        {l.status === 'open' && <button type="button" className="btn danger" disabled={close.busy} onClick={() => void doClose()}>{t('admin.lotteries.close')}</button>}
        <button type="button" className="btn" aria-expanded={showDraws} onClick={() => setShowDraws((s) => !s)}>{t('admin.lotteries.draws')}</button>
      </div>
      <ActionStatus action={close} />
      {showDraws && <Draws id={l.id} />}
    </li>
  );
}

function Draws({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const draws = usePaged<Draw>(`/lotteries/${id}/draws?limit=50`);
  if (draws.error) return <LoadError error={draws.error} retry={draws.reload} />;
  if (draws.loading) return <Loading />;
  if (!draws.items.length) return <Empty text={t('admin.lotteries.noDraws')} />;
  return (
    <>
      <AdminTable caption={t('admin.lotteries.draws')} rows={draws.items} rowKey={(d) => d.id} columns={[
        { key: 'id', label: t('admin.lotteries.drawId'), render: (d) => <code>{d.id}</code> },
        { key: 'member', label: t('admin.orders.member'), render: (d) => <code>{d.userId}</code> },
        { key: 'prize', label: t('admin.lotteries.prize'), render: (d) => d.prize?.name ?? t('admin.lotteries.blank') },
        { key: 'when', label: t('admin.audit.when'), render: (d) => formatDateTime(d.createdAt, lang) },
      ]} />
      {draws.hasMore && <button type="button" className="btn" onClick={draws.loadMore} disabled={draws.loadingMore}>{t('list.loadMore')}</button>}
    </>
  );
}
