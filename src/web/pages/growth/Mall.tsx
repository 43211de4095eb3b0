import { useId, useState, type FormEvent } from 'react';
import { api, ApiError } from '../../api.ts';
import { useApi } from '../../data.tsx';
import { formatDateTime, useDocumentTitle, useI18n } from '../../i18n/index.tsx';
import { Link } from '../../router.tsx';
import { apiPaths, type Match } from '../../routes.ts';
import { useSession } from '../../session.tsx';
import { Empty, FieldError, LoadError, Loading, useErrorText } from '../../components/Status.tsx';
import type { MallItem, Order, PointsSummary } from './types.ts';
import { idempotencyKey, saleState } from './util.ts';

function SaleWindow({ item }: { item: MallItem }) {
  const { t, lang } = useI18n();
  if (!item.startsAt && !item.endsAt) return null;
  const from = item.startsAt ? formatDateTime(item.startsAt, lang) : '';
  const to = item.endsAt ? formatDateTime(item.endsAt, lang) : '';
  const text = from && to ? t('growth.mall.window', { from, to }) : from ? t('growth.mall.from', { from }) : t('growth.mall.until', { to });
  return <span className="muted small" suppressHydrationWarning>{text}</span>;
}

function StateChip({ item }: { item: MallItem }) {
  const { t } = useI18n();
  const state = saleState(item);
  return <span className={`chip sale-${state}`} suppressHydrationWarning>{t(`growth.mall.state.${state}`)}</span>;
}

/** 积分商城: what points can buy. */
export function MallPage() {
  const { t } = useI18n();
  const { me } = useSession();
  const items = useApi<{ items: MallItem[] }>(apiPaths.mallItems());
  useDocumentTitle(t('growth.mall.title'));
  return (
    <div className="growth">
      <div className="feed-head">
        <h1>{t('growth.mall.title')}</h1>
        {me && <Link href="/me/orders" className="btn">{t('growth.orders.title')}</Link>}
      </div>
      {me && <MyBalance />}
      {items.error ? <LoadError error={items.error} retry={items.reload} /> : !items.data ? <Loading />
        : items.data.items.length === 0 ? <Empty text={t('growth.mall.empty')} /> : (
          <ul className="mall-grid" data-testid="mall-items">
            {items.data.items.map((item) => (
              <li key={item.id} className="card mall-item">
                <h2><Link href={`/mall/${encodeURIComponent(item.id)}`}>{item.name}</Link></h2>
                <p className="price">{t('growth.mall.price', { price: item.price })}</p>
                <p className="mall-facts">
                  <StateChip item={item} />
                  <span className="muted small">{t('growth.mall.stock', { stock: item.stock })}</span>
                  <span className="muted small">{t(`growth.mall.kind.${item.kind}`)}</span>
                </p>
                <SaleWindow item={item} />
              </li>
            ))}
          </ul>
        )}
    </div>
  );
}

function MyBalance() {
  const { t } = useI18n();
  const points = useApi<PointsSummary>('/me/points');
  if (!points.data) return null;
  return <p className="muted">{t('growth.mall.yourBalance', { balance: points.data.balance })} · <Link href="/points">{t('growth.points.title')}</Link></p>;
}

export function MallItemPage({ match }: { match: Match }) {
  const { t } = useI18n();
  const { me } = useSession();
  const id = match.params.id ?? '';
  const item = useApi<{ item: MallItem }>(apiPaths.mallItem(id));
  useDocumentTitle(item.data?.item.name ?? t('growth.mall.title'));
  if (item.error) {
    return item.error instanceof ApiError && item.error.status === 404
      ? <div className="narrow"><h1>{t('growth.mall.notFound')}</h1><p><Link href="/mall">{t('growth.mall.back')}</Link></p></div>
      : <LoadError error={item.error} retry={item.reload} />;
  }
  if (!item.data) return <Loading />;
  const it = item.data.item;
  return (
    <div className="narrow growth">
      <p><Link href="/mall">{t('growth.mall.back')}</Link></p>
      <article className="card mall-detail" aria-labelledby="item-name">
        <h1 id="item-name">{it.name}</h1>
        {it.description && <p className="prewrap">{it.description}</p>}
        <dl className="facts">
          <div><dt>{t('growth.mall.priceLabel')}</dt><dd>{t('growth.mall.price', { price: it.price })}</dd></div>
          <div><dt>{t('growth.mall.stockLabel')}</dt><dd data-testid="stock">{it.stock}</dd></div>
          <div><dt>{t('growth.mall.kindLabel')}</dt><dd>{t(`growth.mall.kind.${it.kind}`)}</dd></div>
          {it.perMemberLimit !== null && <div><dt>{t('growth.mall.limitLabel')}</dt><dd>{it.perMemberLimit}</dd></div>}
        </dl>
        <p><StateChip item={it} /> <SaleWindow item={it} /></p>
        {me ? <Redeem item={it} onRedeemed={item.reload} />
          : me === null ? <p><Link href={`/login?next=${encodeURIComponent(`/mall/${it.id}`)}`} className="btn btn-primary">{t('growth.mall.signIn')}</Link></p> : null}
      </article>
    </div>
  );
}

/** Redeem with a confirmation step; physical items ask where to send them. */
function Redeem({ item, onRedeemed }: { item: MallItem; onRedeemed(): void }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const id = useId();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [order, setOrder] = useState<Order | null>(null);
  const [shipping, setShipping] = useState({ name: '', phone: '', address: '' });
  const state = saleState(item);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = item.kind === 'physical' ? { shipping } : {};
      const res = await api<{ order: Order }>('POST', `/mall/items/${encodeURIComponent(item.id)}/redeem`, body, { 'idempotency-key': idempotencyKey() });
      setOrder(res.order);
      setConfirming(false);
      onRedeemed();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  const field = (name: string) => (error instanceof ApiError ? error.field(`shipping.${name}`) ?? error.field(name) : undefined);
  if (order) {
    return (
      <div className="notice notice-ok" role="status" data-testid="redeemed">
        <p>{t('growth.mall.redeemed', { name: item.name, price: order.price })}</p>
        <p><Link href="/me/orders">{t('growth.orders.view')}</Link></p>
      </div>
    );
  }
  if (!confirming) {
    return (
      <>
        <button type="button" className="btn btn-primary" disabled={state !== 'onSale'} onClick={() => { setConfirming(true); setError(null); }}>
          {t('growth.mall.redeem')}
        </button>
        {error ? <p className="form-error" role="alert">{errorText(error)}</p> : null}
      </>
    );
  }
  return (
    <form className="form confirm" onSubmit={submit} aria-labelledby={`${id}-q`}>
      <p id={`${id}-q`} className="confirm-question">{t('growth.mall.confirm', { name: item.name, price: item.price })}</p>
      {item.kind === 'physical' && (
        <fieldset className="checks">
          <legend>{t('growth.mall.shipping')}</legend>
          {(['name', 'phone', 'address'] as const).map((f) => (
            <div key={f} className="field">
              <label htmlFor={`${id}-${f}`}>{t(`growth.mall.ship.${f}`)}</label>
              {f === 'address'
                ? <textarea id={`${id}-${f}`} rows={2} required maxLength={500} value={shipping[f]} onChange={(e) => setShipping({ ...shipping, [f]: e.target.value })} aria-invalid={!!field(f)} aria-describedby={`${id}-${f}-err`} />
                : <input id={`${id}-${f}`} required maxLength={f === 'phone' ? 32 : 100} type={f === 'phone' ? 'tel' : 'text'} autoComplete={f === 'phone' ? 'tel' : 'name'}
                  value={shipping[f]} onChange={(e) => setShipping({ ...shipping, [f]: e.target.value })} aria-invalid={!!field(f)} aria-describedby={`${id}-${f}-err`} />}
              <FieldError id={`${id}-${f}-err`} message={field(f)} />
            </div>
          ))}
        </fieldset>
      )}
      {error ? <p className="form-error" role="alert" data-testid="redeem-error">{errorText(error)}</p> : null}
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={busy} aria-busy={busy}>{t('growth.mall.confirmButton')}</button>
        <button type="button" className="btn" onClick={() => setConfirming(false)}>{t('comment.cancel')}</button>
      </div>
    </form>
  );
}
