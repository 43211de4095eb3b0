import { useState, type FormEvent } from 'react';
import { usePaged } from '../../data.tsx';
import { formatDateTime, useI18n } from '../../i18n/index.tsx';
import { Empty, LoadError, Loading } from '../../components/Status.tsx';
import type { AuditEntry } from '../types.ts';
import { AdminTable } from '../ui.tsx';

const TARGETS = ['post', 'comment', 'message', 'user', 'word', 'reason', 'model'] as const;
/** What the moderation module records, offered as suggestions; any text still searches. */
const KNOWN_ACTIONS = [
  'queue.approve', 'queue.reject', 'queue.delete', 'queue.warn', 'queue.silence', 'queue.appeal', 'member.warn', 'member.silence', 'report.hide',
  'word.add', 'word.remove', 'reason.add', 'reason.remove', 'model.trained', 'model.activated',
];

function Json({ value }: { value: unknown }) {
  if (value === null || value === undefined) return null;
  return <pre className="admin-json">{JSON.stringify(value, null, 1)}</pre>;
}

/** Every moderation action: who, what, before and after, when; searchable, a page at a time. */
export function AuditPage() {
  const { t, lang } = useI18n();
  const [draft, setDraft] = useState({ q: '', action: '', targetType: '' });
  const [query, setQuery] = useState(draft);
  const params = new URLSearchParams({ limit: '25' });
  for (const [k, v] of Object.entries(query)) if (v.trim()) params.set(k, v.trim());
  const audit = usePaged<AuditEntry>(`/moderation/audit?${params}`);
  const submit = (e: FormEvent) => { e.preventDefault(); setQuery(draft); };
  return (
    <div className="admin-page">
      <h1>{t('admin.section.audit')}</h1>
      <form className="admin-form-row card" role="search" onSubmit={submit}>
        <label className="field">
          <span>{t('admin.audit.search')}</span>
          <input type="search" value={draft.q} maxLength={200} onChange={(e) => setDraft((d) => ({ ...d, q: e.target.value }))} />
        </label>
        <label className="field">
          <span>{t('admin.audit.action')}</span>
          <input value={draft.action} maxLength={64} list="audit-actions" onChange={(e) => setDraft((d) => ({ ...d, action: e.target.value }))} />
          <datalist id="audit-actions">{KNOWN_ACTIONS.map((a) => <option key={a} value={a} />)}</datalist>
        </label>
        <label className="field">
          <span>{t('admin.audit.targetType')}</span>
          <select value={draft.targetType} onChange={(e) => setDraft((d) => ({ ...d, targetType: e.target.value }))}>
            <option value="">{t('admin.audit.anyTarget')}</option>
            {TARGETS.map((v) => <option key={v} value={v}>{t(`admin.audit.targetName.${v}`)}</option>)}
          </select>
        </label>
        <button type="submit" className="btn btn-primary">{t('admin.audit.submit')}</button>
      </form>
      {audit.error ? <LoadError error={audit.error} retry={audit.reload} /> : audit.loading ? <Loading /> : audit.items.length === 0
        ? <Empty text={t('admin.audit.empty')} />
        : (
          <AdminTable caption={t('admin.section.audit')} rows={audit.items} rowKey={(a) => a.id} columns={[
            { key: 'when', label: t('admin.audit.when'), render: (a) => formatDateTime(a.createdAt, lang) },
            { key: 'who', label: t('admin.audit.who'), render: (a) => <code>{a.actorId ?? t('admin.audit.system')}</code> },
            { key: 'what', label: t('admin.audit.action'), render: (a) => <strong>{a.action}</strong> },
            { key: 'target', label: t('admin.audit.target'), render: (a) => <span>{(TARGETS as readonly string[]).includes(a.targetType) ? t(`admin.audit.targetName.${a.targetType as (typeof TARGETS)[number]}`) : a.targetType} <code>{a.targetId}</code></span> },
            { key: 'before', label: t('admin.audit.before'), render: (a) => <Json value={a.before} /> },
            { key: 'after', label: t('admin.audit.after'), render: (a) => <Json value={a.after} /> },
            { key: 'note', label: t('admin.audit.note'), render: (a) => a.note ?? '' },
          ]} />
        )}
      {audit.hasMore && <button type="button" className="btn" onClick={audit.loadMore} disabled={audit.loadingMore}>{t('list.loadMore')}</button>}
    </div>
  );
}
