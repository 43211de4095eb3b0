import { useState } from 'react';
import { useApi, usePaged } from '../../data.tsx';
import { formatDateTime, useI18n } from '../../i18n/index.tsx';
import { Empty, LoadError, Loading, useErrorText } from '../../components/Status.tsx';
import { growthApi } from '../request.ts';
import type { MallItem, Order, OrderStatus } from '../types.ts';
import { Section } from '../ui.tsx';

const STATUSES: OrderStatus[] = ['pending', 'fulfilled', 'cancelled'];

/** Mall orders: pending ones are fulfilled (shipped, for physical items) or cancelled (refunded). */
export function OrdersPage() {
  const { t } = useI18n();
  const [status, setStatus] = useState<OrderStatus | ''>('pending');
  const orders = usePaged<Order>(`/mall/orders?limit=50${status ? `&status=${status}` : ''}`);
  const items = useApi<{ items: MallItem[] }>('/mall/items');
  const [changed, setChanged] = useState<Record<string, Order>>({});
  const names = new Map(items.data?.items.map((i) => [i.id, i]));
  const shown = orders.items.map((o) => changed[o.id] ?? o).filter((o) => !status || o.status === status || changed[o.id]);
  return (
    <div className="admin-page">
      <h1>{t('admin.section.orders')}</h1>
      <div className="tabs" role="group" aria-label={t('admin.orders.filter')}>
        {([...STATUSES, ''] as const).map((s) => (
          <button key={s || 'all'} type="button" className="tab" aria-pressed={status === s} onClick={() => { setStatus(s); setChanged({}); }}>
            {s ? t(`admin.orders.status.${s}`) : t('admin.orders.all')}
          </button>
        ))}
      </div>
      {orders.error ? <LoadError error={orders.error} retry={orders.reload} /> : orders.loading ? <Loading /> : shown.length === 0
        ? <Empty text={t('admin.orders.empty')} />
        : (
          <ul className="admin-cards">
            {shown.map((o) => <OrderCard key={o.id} order={o} item={names.get(o.itemId)} onChanged={(next) => setChanged((c) => ({ ...c, [o.id]: next }))} />)}
          </ul>
        )}
      {orders.hasMore && <button type="button" className="btn" onClick={orders.loadMore} disabled={orders.loadingMore}>{t('list.loadMore')}</button>}
    </div>
  );
}

function OrderCard({ order, item, onChanged }: { order: Order; item: MallItem | undefined; onChanged(o: Order): void }) {
  const { t, lang } = useI18n();
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const name = item?.name ?? order.itemId;
  async function set(status: 'fulfilled' | 'cancelled') {
    if (status === 'cancelled' && !window.confirm(t('admin.orders.cancelConfirm'))) return;
    setBusy(true);
    setError(null);
    try {
      onChanged((await growthApi<{ order: Order }>('PATCH', `/mall/orders/${order.id}`, { status })).order);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  return (
    <li className="admin-order" data-testid="order">
      <Section title={name} actions={<span className={`chip admin-status-${order.status}`}>{t(`admin.orders.status.${order.status}`)}</span>}>
        <dl className="admin-kv">
          <div><dt>{t('admin.orders.price')}</dt><dd>{t('admin.common.points', { n: order.price })}</dd></div>
          <div><dt>{t('admin.orders.member')}</dt><dd><code>{order.userId}</code></dd></div>
          <div><dt>{t('admin.orders.placed')}</dt><dd>{formatDateTime(order.createdAt, lang)}</dd></div>
          {item && <div><dt>{t('admin.mall.kind')}</dt><dd>{t(`admin.mall.kindName.${item.kind}`)}</dd></div>}
        </dl>
        {order.shipping && (
          <address className="admin-shipping">
            <strong>{t('admin.orders.shipping')}</strong>
            <span>{order.shipping.name} · {order.shipping.phone}</span>
            <span>{order.shipping.address}</span>
          </address>
        )}
        {order.status === 'pending' && (
          <div className="actions">
            <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void set('fulfilled')}
              aria-label={`${t('admin.orders.fulfil')}: ${name}`}>{t('admin.orders.fulfil')}</button>
            <button type="button" className="btn danger" disabled={busy} onClick={() => void set('cancelled')}
              aria-label={`${t('admin.orders.cancel')}: ${name}`}>{t('admin.orders.cancel')}</button>
          </div>
        )}
        {error ? <p className="form-error" role="alert">{errorText(error)}</p> : null}
      </Section>
    </li>
  );
}
