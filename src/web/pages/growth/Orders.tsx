import { useApi, usePaged } from '../../data.tsx';
import { formatDateTime, useDocumentTitle, useI18n } from '../../i18n/index.tsx';
import { Link } from '../../router.tsx';
import { useSession } from '../../session.tsx';
import { Empty, LoadError, Loading } from '../../components/Status.tsx';
import { SignInRequired } from '../Auth.tsx';
import { apiPaths } from '../../routes.ts';
import type { MallItem, Order } from './types.ts';

/** My mall orders and where each stands. */
export function OrdersPage() {
  const { t } = useI18n();
  const { me } = useSession();
  useDocumentTitle(t('growth.orders.title'));
  if (me === null) return <SignInRequired />;
  if (me === undefined) return <Loading />;
  return <Orders />;
}

function Orders() {
  const { t, lang } = useI18n();
  const orders = usePaged<Order>('/me/orders?limit=20');
  const items = useApi<{ items: MallItem[] }>(apiPaths.mallItems());
  const names = new Map(items.data?.items.map((i) => [i.id, i.name]));
  return (
    <div className="narrow growth">
      <div className="feed-head">
        <h1>{t('growth.orders.title')}</h1>
        <Link href="/mall" className="btn">{t('growth.mall.title')}</Link>
      </div>
      {orders.error ? <LoadError error={orders.error} retry={orders.reload} /> : orders.loading ? <Loading />
        : orders.items.length === 0 ? <Empty text={t('growth.orders.empty')} /> : (
          <ul className="order-list" data-testid="orders">
            {orders.items.map((o) => (
              <li key={o.id} className="card order">
                <div>
                  <Link href={`/mall/${encodeURIComponent(o.itemId)}`}>{names.get(o.itemId) ?? t('growth.orders.item')}</Link>
                  <p className="muted small">
                    {t('growth.mall.price', { price: o.price })} · <time dateTime={o.createdAt} suppressHydrationWarning>{formatDateTime(o.createdAt, lang)}</time>
                  </p>
                  {o.shipping && <p className="muted small">{t('growth.orders.shipTo', { name: o.shipping.name, address: o.shipping.address })}</p>}
                </div>
                <span className={`chip order-${o.status}`}>{t(`growth.orders.status.${o.status}`)}</span>
              </li>
            ))}
          </ul>
        )}
      {orders.moreError ? <LoadError error={orders.moreError} retry={orders.loadMore} /> : null}
      {orders.hasMore && <button type="button" className="btn btn-wide" onClick={orders.loadMore} disabled={orders.loadingMore}>{t('list.loadMore')}</button>}
    </div>
  );
}
