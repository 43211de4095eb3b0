import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../api.ts';
import { useApi, usePaged } from '../../data.tsx';
import { formatDateTime, useI18n, type MessageKey } from '../../i18n/index.tsx';
import { Link } from '../../router.tsx';
import { links } from '../../routes.ts';
import { Empty, LoadError, Loading, useErrorText } from '../../components/Status.tsx';
import type { QueueAction, QueueItem, ReasonTemplate } from '../types.ts';
import { useDuration } from '../ui.tsx';
import { MetricsStrip } from './Metrics.tsx';
import { ReasonTemplates } from './Reasons.tsx';

const ACTIONS: QueueAction[] = ['approve', 'reject', 'delete', 'warn', 'silence'];
const SHORTCUTS: Record<string, QueueAction> = { a: 'approve', r: 'reject', d: 'delete' };
const SOURCES = ['word', 'classifier', 'report', 'new_member'] as const;

/** The one review queue: oldest first, decided one by one or in bulk, by mouse or keyboard. */
export function QueuePage() {
  const { t } = useI18n();
  const errorText = useErrorText();
  const [status, setStatus] = useState<'open' | 'decided'>('open');
  const [source, setSource] = useState('');
  const path = `/moderation/queue?status=${status}&limit=50${source ? `&source=${source}` : ''}`;
  const list = usePaged<QueueItem>(path);
  const reasons = useApi<{ items: ReasonTemplate[] }>('/moderation/reasons');
  const [gone, setGone] = useState<Set<string>>(new Set());
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [current, setCurrent] = useState(0);
  const [options, setOptions] = useState({ reasonId: '', note: '', silenceHours: '24' });
  const [errors, setErrors] = useState<Record<string, unknown>>({});
  const [announce, setAnnounce] = useState('');
  const [metricsVersion, setMetricsVersion] = useState(0);
  const busy = useRef(new Set<string>());
  const refocus = useRef(false);
  const items = list.items.filter((i) => !gone.has(i.id));
  const open = status === 'open';
  const refs = useRef(new Map<string, HTMLElement>());

  useEffect(() => { setGone(new Set()); setSelected(new Set()); setCurrent(0); }, [path]);

  const body = useCallback((action: QueueAction) => ({
    action,
    ...(options.note.trim() ? { note: options.note.trim() } : {}),
    ...(options.reasonId ? { reasonId: options.reasonId } : {}),
    ...(action === 'silence' ? { silenceHours: Number(options.silenceHours) || 24 } : {}),
  }), [options]);

  const decided = useCallback((ids: string[], action: QueueAction) => {
    refocus.current = [...refs.current.values()].some((el) => el.contains(document.activeElement));
    setGone((g) => new Set([...g, ...ids]));
    setSelected((s) => new Set([...s].filter((id) => !ids.includes(id))));
    setAnnounce(t('admin.queue.decidedCount', { count: ids.length, action: t(`admin.queue.action.${action}` as MessageKey) }));
    setMetricsVersion((v) => v + 1);
  }, [t]);

  const decide = useCallback(async (item: QueueItem, action: QueueAction) => {
    if (busy.current.has(item.id)) return;
    busy.current.add(item.id);
    setErrors((e) => ({ ...e, [item.id]: null }));
    try {
      await api('POST', `/moderation/queue/${item.id}/decision`, body(action));
      decided([item.id], action);
    } catch (error) {
      setErrors((e) => ({ ...e, [item.id]: error }));
    } finally {
      busy.current.delete(item.id);
    }
  }, [body, decided]);

  const [bulkError, setBulkError] = useState<unknown>(null);
  const decideSelected = async (action: QueueAction) => {
    const ids = items.filter((i) => selected.has(i.id)).map((i) => i.id);
    if (!ids.length) return;
    setBulkError(null);
    try {
      const res = await api<{ decided: string[]; skipped: string[] }>('POST', '/moderation/queue/decisions', { ids, ...body(action) });
      decided(res.decided, action);
      if (res.skipped.length) setBulkError(new Error(t('admin.queue.skipped', { count: res.skipped.length })));
    } catch (error) {
      setBulkError(error);
    }
  };

  const focusItem = useCallback((index: number) => {
    const item = items[index];
    if (item) refs.current.get(item.id)?.focus();
  }, [items]);

  // After a decision made from the keyboard, the cursor lands on the next item.
  useEffect(() => {
    if (!refocus.current) return;
    refocus.current = false;
    focusItem(Math.min(current, items.length - 1));
  }, [gone, current, items.length, focusItem]);

  // j/k move, x selects, a/r/d decide; ignored while typing in a field.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const target = e.target as HTMLElement | null;
      if (target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return;
      const index = Math.min(current, items.length - 1);
      const item = items[index];
      if (e.key === 'j' || e.key === 'k') {
        e.preventDefault();
        // The first press brings the cursor into the list; later ones move it.
        const inList = [...refs.current.values()].some((el) => el.contains(document.activeElement));
        const step = inList ? (e.key === 'j' ? 1 : -1) : 0;
        const next = Math.max(0, Math.min(items.length - 1, index + step));
        setCurrent(next);
        focusItem(next);
      } else if (e.key === 'x' && item) {
        e.preventDefault();
        setSelected((s) => { const n = new Set(s); if (n.has(item.id)) n.delete(item.id); else n.add(item.id); return n; });
      } else if (open && item && SHORTCUTS[e.key]) {
        e.preventDefault();
        void decide(item, SHORTCUTS[e.key]!);
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [items, current, open, decide, focusItem]);

  const allSelected = items.length > 0 && items.every((i) => selected.has(i.id));
  return (
    <div className="admin-page">
      <h1>{t('admin.section.queue')}</h1>
      <MetricsStrip version={metricsVersion} />
      <div className="admin-toolbar">
        <div className="tabs" role="group" aria-label={t('admin.queue.statusLabel')}>
          {(['open', 'decided'] as const).map((s) => (
            <button key={s} type="button" className="tab" aria-pressed={status === s} onClick={() => setStatus(s)}>{t(`admin.queue.status.${s}`)}</button>
          ))}
        </div>
        <label className="admin-inline">
          <span>{t('admin.queue.source')}</span>
          <select value={source} onChange={(e) => setSource(e.target.value)}>
            <option value="">{t('admin.queue.allSources')}</option>
            {SOURCES.map((s) => <option key={s} value={s}>{t(`admin.queue.sourceName.${s}`)}</option>)}
          </select>
        </label>
      </div>
      <p className="hint admin-keys" id="queue-keys">{t('admin.queue.shortcuts')}</p>
      {open && (
        <fieldset className="admin-options">
          <legend>{t('admin.queue.options')}</legend>
          <label className="admin-inline">
            <span>{t('admin.queue.reasonTemplate')}</span>
            <select value={options.reasonId} onChange={(e) => setOptions((o) => ({ ...o, reasonId: e.target.value }))}>
              <option value="">{t('admin.queue.noTemplate')}</option>
              {reasons.data?.items.map((r) => <option key={r.id} value={r.id}>{r.title}</option>)}
            </select>
          </label>
          <label className="admin-inline admin-grow">
            <span>{t('admin.queue.note')}</span>
            <input value={options.note} maxLength={1000} onChange={(e) => setOptions((o) => ({ ...o, note: e.target.value }))} />
          </label>
          <label className="admin-inline">
            <span>{t('admin.queue.silenceHours')}</span>
            <input type="number" min={1} max={8760} value={options.silenceHours} className="admin-num"
              onChange={(e) => setOptions((o) => ({ ...o, silenceHours: e.target.value }))} />
          </label>
        </fieldset>
      )}
      {open && items.length > 0 && (
        <div className="admin-bulk" role="group" aria-label={t('admin.queue.bulkLabel')}>
          <label className="check">
            <input type="checkbox" checked={allSelected}
              onChange={(e) => setSelected(e.target.checked ? new Set(items.map((i) => i.id)) : new Set())} />
            {t('admin.queue.selectAll')}
          </label>
          <span className="muted">{t('admin.queue.selectedCount', { count: selected.size })}</span>
          {(['approve', 'reject', 'delete'] as const).map((a) => (
            <button key={a} type="button" className={`btn ${a === 'approve' ? '' : 'danger'}`} disabled={selected.size === 0}
              onClick={() => void decideSelected(a)}>{t(`admin.queue.bulk.${a}`)}</button>
          ))}
          {bulkError ? <p className="form-error" role="alert">{errorText(bulkError)}</p> : null}
        </div>
      )}
      <p className="sr-only" role="status">{announce}</p>
      {list.error ? <LoadError error={list.error} retry={list.reload} /> : list.loading ? <Loading /> : items.length === 0
        ? <Empty text={t(open ? 'admin.queue.empty' : 'admin.queue.emptyDecided')} />
        : (
          <ol className="queue-list" aria-describedby="queue-keys">
            {items.map((item, index) => (
              <QueueCard key={item.id} item={item} open={open} current={index === Math.min(current, items.length - 1)}
                selected={selected.has(item.id)} error={errors[item.id]}
                refCallback={(el) => { if (el) refs.current.set(item.id, el); else refs.current.delete(item.id); }}
                onFocus={() => setCurrent(index)}
                onSelect={(on) => setSelected((s) => { const n = new Set(s); if (on) n.add(item.id); else n.delete(item.id); return n; })}
                onDecide={(a) => void decide(item, a)} />
            ))}
          </ol>
        )}
      {list.hasMore && <button type="button" className="btn" onClick={list.loadMore} disabled={list.loadingMore}>{t('list.loadMore')}</button>}
      {open && <ReasonTemplates reasons={reasons} />}
    </div>
  );
}

function QueueCard({ item, open, current, selected, error, refCallback, onFocus, onSelect, onDecide }: {
  item: QueueItem; open: boolean; current: boolean; selected: boolean; error: unknown;
  refCallback(el: HTMLElement | null): void; onFocus(): void; onSelect(on: boolean): void; onDecide(a: QueueAction): void;
}) {
  const { t, lang } = useI18n();
  const errorText = useErrorText();
  const duration = useDuration();
  const titleId = `queue-${item.id}`;
  const [firstLine, ...rest] = item.excerpt.split('\n');
  return (
    <li className={`card queue-item${current ? ' current' : ''}${selected ? ' selected' : ''}`} ref={refCallback} tabIndex={-1}
      onFocus={onFocus} aria-labelledby={titleId} data-testid="queue-item">
      <div className="queue-head">
        {open && (
          <input type="checkbox" checked={selected} onChange={(e) => onSelect(e.target.checked)}
            aria-label={t('admin.queue.select', { title: firstLine ?? '' })} />
        )}
        <span className="chip">{t(`admin.queue.sourceName.${item.source}` as MessageKey) || item.source}</span>
        <span className="chip chip-kind">{t(`admin.queue.target.${item.targetType}`)}</span>
        {item.held && <span className="chip admin-held">{t('admin.queue.held')}</span>}
        {item.appealed && <span className="chip admin-held">{t('admin.queue.appealed')}</span>}
        <span className="muted queue-wait">
          {open ? t('admin.queue.waiting', { time: duration(item.waitingSeconds) }) : formatDateTime(item.decidedAt ?? item.createdAt, lang)}
        </span>
      </div>
      <h2 className="queue-title" id={titleId}>
        {item.targetType === 'post' ? <Link href={links.post(item.targetId)}>{firstLine}</Link> : firstLine}
      </h2>
      {rest.length > 0 && <p className="queue-excerpt">{rest.join(' ')}</p>}
      <dl className="queue-facts">
        <div><dt>{t('admin.queue.reason')}</dt><dd>{item.reason}</dd></div>
        <div><dt>{t('admin.queue.score')}</dt><dd>{item.score.toFixed(2)}</dd></div>
        <div><dt>{t('admin.queue.since')}</dt><dd>{formatDateTime(item.createdAt, lang)}</dd></div>
        {item.authorHistory && (
          <div><dt>{t('admin.queue.history')}</dt><dd>{t('admin.queue.historyText', { decided: item.authorHistory.decided, rejected: item.authorHistory.rejected })}</dd></div>
        )}
        {!open && item.decision && <div><dt>{t('admin.queue.decision')}</dt><dd>{t(`admin.queue.action.${item.decision}` as MessageKey)}{item.note ? ` · ${item.note}` : ''}</dd></div>}
      </dl>
      {open && (
        <div className="actions queue-actions">
          {ACTIONS.map((a) => (
            <button key={a} type="button" className={`btn ${a === 'approve' ? 'btn-primary' : a === 'delete' || a === 'reject' ? 'danger' : ''}`}
              onClick={() => onDecide(a)} aria-label={`${t(`admin.queue.action.${a}`)}: ${firstLine ?? ''}`}>
              {t(`admin.queue.action.${a}`)}
            </button>
          ))}
        </div>
      )}
      {error ? <p className="form-error" role="alert">{errorText(error)}</p> : null}
    </li>
  );
}
