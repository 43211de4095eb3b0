import { useState, type FormEvent } from 'react';
import { useApi } from '../../data.tsx';
import { formatDateTime, useI18n } from '../../i18n/index.tsx';
import { Empty, LoadError, Loading } from '../../components/Status.tsx';
import { growthApi } from '../request.ts';
import type { MallItem } from '../types.ts';
import { useAction } from '../action.ts';
import { ActionStatus, AdminTable, Field, intOrNull, localToIso, Section } from '../ui.tsx';

/** "from … until …" for a sale window, or "always". */
export function useWindow(): (startsAt: string | null, endsAt: string | null) => string {
  const { t, lang } = useI18n();
  return (startsAt, endsAt) => {
    if (!startsAt && !endsAt) return t('admin.common.always');
    return [startsAt ? t('admin.common.from', { time: formatDateTime(startsAt, lang) }) : '', endsAt ? t('admin.common.until', { time: formatDateTime(endsAt, lang) }) : '']
      .filter(Boolean).join(' ');
  };
}

/** The points mall (积分商城): items with price, stock, per-member limit and sale window. */
export function MallPage() {
  const { t } = useI18n();
  const items = useApi<{ items: MallItem[] }>('/mall/items');
  const saleWindow = useWindow();
  return (
    <div className="admin-page">
      <h1>{t('admin.section.mall')}</h1>
      <CreateItem onCreated={items.reload} />
      <Section title={t('admin.mall.items')}>
        {items.error ? <LoadError error={items.error} retry={items.reload} /> : items.loading ? <Loading /> : !items.data?.items.length
          ? <Empty text={t('admin.mall.empty')} />
          : (
            <AdminTable caption={t('admin.mall.items')} rows={items.data.items} rowKey={(i) => i.id} rowClass={(i) => (i.stock === 0 ? 'admin-muted-row' : '')} columns={[
              { key: 'name', label: t('admin.mall.name'), render: (i) => <><strong>{i.name}</strong>{i.description && <p className="hint">{i.description}</p>}</> },
              { key: 'kind', label: t('admin.mall.kind'), render: (i) => t(`admin.mall.kindName.${i.kind}`) },
              { key: 'price', label: t('admin.mall.price'), render: (i) => t('admin.common.points', { n: i.price }) },
              { key: 'stock', label: t('admin.mall.stockLeft'), render: (i) => (i.stock === 0 ? t('admin.mall.soldOut') : String(i.stock)) },
              { key: 'limit', label: t('admin.mall.perMemberLimit'), render: (i) => (i.perMemberLimit === null ? t('admin.mall.noLimit') : String(i.perMemberLimit)) },
              { key: 'window', label: t('admin.mall.window'), render: (i) => saleWindow(i.startsAt, i.endsAt) },
            ]} />
          )}
      </Section>
    </div>
  );
}

function CreateItem({ onCreated }: { onCreated(): void }) {
  const { t } = useI18n();
  const create = useAction();
  const empty = { name: '', description: '', kind: 'virtual', price: '', stock: '', perMemberLimit: '', startsAt: '', endsAt: '' };
  const [values, setValues] = useState(empty);
  const set = (k: keyof typeof empty) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [k]: e.target.value }));
  async function submit(e: FormEvent) {
    e.preventDefault();
    const body = {
      name: values.name.trim(), description: values.description, kind: values.kind, price: Math.trunc(Number(values.price)),
      stock: Math.trunc(Number(values.stock)), perMemberLimit: intOrNull(values.perMemberLimit),
      startsAt: localToIso(values.startsAt), endsAt: localToIso(values.endsAt),
    };
    const ok = await create.run(() => growthApi('POST', '/mall/items', body), t('admin.mall.created', { name: body.name }));
    if (ok) { setValues(empty); onCreated(); }
  }
  const f = create.field;
  return (
    <Section title={t('admin.mall.create')}>
      <form className="form" onSubmit={submit}>
        <div className="admin-grid">
          <Field label={t('admin.mall.name')} error={f('name')}>
            {(p) => <input {...p} required maxLength={100} value={values.name} onChange={set('name')} />}
          </Field>
          <Field label={t('admin.mall.kind')} error={f('kind')}>
            {(p) => (
              <select {...p} value={values.kind} onChange={set('kind')}>
                <option value="virtual">{t('admin.mall.kindName.virtual')}</option>
                <option value="physical">{t('admin.mall.kindName.physical')}</option>
              </select>
            )}
          </Field>
          <Field label={t('admin.mall.price')} error={f('price')}>
            {(p) => <input {...p} type="number" required min={0} value={values.price} onChange={set('price')} />}
          </Field>
          <Field label={t('admin.mall.stock')} error={f('stock')}>
            {(p) => <input {...p} type="number" required min={0} max={1000000} value={values.stock} onChange={set('stock')} />}
          </Field>
          <Field label={t('admin.mall.perMemberLimit')} hint={t('admin.mall.limitHint')} error={f('perMemberLimit')}>
            {(p) => <input {...p} type="number" min={1} max={10000} value={values.perMemberLimit} onChange={set('perMemberLimit')} />}
          </Field>
          <Field label={t('admin.mall.startsAt')} error={f('startsAt')}>
            {(p) => <input {...p} type="datetime-local" value={values.startsAt} onChange={set('startsAt')} />}
          </Field>
          <Field label={t('admin.mall.endsAt')} error={f('endsAt')}>
            {(p) => <input {...p} type="datetime-local" value={values.endsAt} onChange={set('endsAt')} />}
          </Field>
        </div>
        <Field label={t('admin.mall.description')} error={f('description')}>
          {(p) => <textarea {...p} rows={2} maxLength={5000} value={values.description} onChange={set('description')} />}
        </Field>
        <div className="actions"><button type="submit" className="btn btn-primary" disabled={create.busy}>{t('admin.mall.createButton')}</button></div>
        <ActionStatus action={create} fields={Object.keys(empty)} />
      </form>
    </Section>
  );
}
