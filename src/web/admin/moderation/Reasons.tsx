import { useState, type FormEvent } from 'react';
import { api } from '../../api.ts';
import type { Loaded } from '../../data.tsx';
import { useI18n } from '../../i18n/index.tsx';
import type { ReasonTemplate } from '../types.ts';
import { useAction } from '../action.ts';
import { ActionStatus, Field } from '../ui.tsx';

/** Reason templates: the text sent to an author with a decision, kept for reuse. */
export function ReasonTemplates({ reasons }: { reasons: Loaded<{ items: ReasonTemplate[] }> }) {
  const { t } = useI18n();
  const add = useAction();
  const remove = useAction();
  const [values, setValues] = useState({ title: '', body: '' });
  async function submit(e: FormEvent) {
    e.preventDefault();
    const ok = await add.run(() => api('POST', '/moderation/reasons', values), t('admin.reasons.added'));
    if (ok) { setValues({ title: '', body: '' }); reasons.reload(); }
  }
  return (
    <details className="card admin-details">
      <summary>{t('admin.reasons.title')}</summary>
      <ul className="admin-plain-list">
        {reasons.data?.items.map((r) => (
          <li key={r.id}>
            <div><strong>{r.title}</strong><p className="muted">{r.body}</p></div>
            <button type="button" className="btn danger" aria-label={`${t('admin.common.remove')}: ${r.title}`}
              onClick={() => void remove.run(() => api('DELETE', `/moderation/reasons/${r.id}`)).then((ok) => ok && reasons.reload())}>
              {t('admin.common.remove')}
            </button>
          </li>
        ))}
      </ul>
      <ActionStatus action={remove} />
      <form className="form" onSubmit={submit}>
        <Field label={t('admin.reasons.name')} error={add.field('title')}>
          {(p) => <input {...p} required maxLength={100} value={values.title} onChange={(e) => setValues((v) => ({ ...v, title: e.target.value }))} />}
        </Field>
        <Field label={t('admin.reasons.body')} error={add.field('body')}>
          {(p) => <textarea {...p} required maxLength={2000} rows={2} value={values.body} onChange={(e) => setValues((v) => ({ ...v, body: e.target.value }))} />}
        </Field>
        <div className="actions"><button type="submit" className="btn btn-primary" disabled={add.busy}>{t('admin.reasons.add')}</button></div>
        <ActionStatus action={add} fields={['title', 'body']} />
      </form>
    </details>
  );
}
