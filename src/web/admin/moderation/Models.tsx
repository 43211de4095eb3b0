import { useState, type FormEvent } from 'react';
import { api } from '../../api.ts';
import { useApi } from '../../data.tsx';
import { formatDateTime, useI18n } from '../../i18n/index.tsx';
import { Empty, LoadError, Loading } from '../../components/Status.tsx';
import type { Model } from '../types.ts';
import { useAction } from '../action.ts';
import { ActionStatus, Field, Section } from '../ui.tsx';

/** The trainer's figures, nested ones (held-out accuracy…) flattened to "heldOut · accuracy". */
function MetricList({ metrics }: { metrics: unknown }) {
  const { lang } = useI18n();
  if (!metrics || typeof metrics !== 'object') return null;
  const format = (v: unknown) => typeof v === 'number' ? new Intl.NumberFormat(lang, { maximumFractionDigits: 3 }).format(v) : String(v);
  const flat: [string, unknown][] = Object.entries(metrics as Record<string, unknown>).flatMap(([k, v]) => (
    v && typeof v === 'object' && !Array.isArray(v) ? Object.entries(v as Record<string, unknown>).map(([k2, v2]): [string, unknown] => [`${k} · ${k2}`, v2]) : [[k, v]]
  ));
  return (
    <dl className="admin-kv">
      {flat.map(([k, v]) => <div key={k}><dt>{k}</dt><dd>{typeof v === 'object' ? JSON.stringify(v) : format(v)}</dd></div>)}
    </dl>
  );
}

/** Labelled examples (CSV with TEXT and label columns) to train from, beside moderators' decisions. */
function ImportExamples() {
  const { t } = useI18n();
  const importer = useAction();
  const [csv, setCsv] = useState('');
  async function submit(e: FormEvent) {
    e.preventDefault();
    let imported = 0;
    const ok = await importer.run(async () => { imported = (await api<{ imported: number }>('POST', '/moderation/examples/import', { csv })).imported; });
    if (ok) {
      setCsv('');
      await importer.run(async () => {}, t('admin.models.imported', { count: imported }));
    }
  }
  return (
    <Section title={t('admin.models.examples')}>
      <p className="hint">{t('admin.models.examplesHint')}</p>
      <form className="form" onSubmit={submit}>
        <Field label={t('admin.words.csvFile')}>
          {(p) => <input {...p} type="file" accept=".csv,text/csv" onChange={(e) => void e.target.files?.[0]?.text().then(setCsv)} />}
        </Field>
        <Field label={t('admin.words.csvText')} error={importer.field('csv')}>
          {(p) => <textarea {...p} rows={4} value={csv} onChange={(e) => setCsv(e.target.value)} />}
        </Field>
        <div className="actions"><button type="submit" className="btn" disabled={!csv.trim() || importer.busy}>{t('admin.models.importExamples')}</button></div>
        <ActionStatus action={importer} fields={['csv']} />
      </form>
    </Section>
  );
}

/** Classifier versions: retrain from moderators' decisions, switch or roll back the active one. */
export function ModelsPage() {
  const { t, lang } = useI18n();
  const models = useApi<{ items: Model[] }>('/moderation/models');
  const retrain = useAction();
  const activate = useAction();
  const [note, setNote] = useState('');
  const active = models.data?.items.find((m) => m.active);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const ok = await retrain.run(() => api('POST', '/moderation/models', { action: 'retrain', ...(note.trim() ? { note: note.trim() } : {}) }), t('admin.models.retrained'));
    if (ok) { setNote(''); models.reload(); }
  }
  return (
    <div className="admin-page">
      <h1>{t('admin.section.models')}</h1>
      <Section title={t('admin.models.retrain')}>
        <p className="hint">{t('admin.models.retrainHint')}</p>
        <form className="admin-form-row" onSubmit={submit}>
          <Field label={t('admin.models.note')} error={retrain.field('note')}>
            {(p) => <input {...p} maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />}
          </Field>
          <button type="submit" className="btn btn-primary" disabled={retrain.busy}>{retrain.busy ? t('admin.models.training') : t('admin.models.retrainButton')}</button>
        </form>
        <ActionStatus action={retrain} fields={['note']} />
      </Section>
      <ImportExamples />
      <Section title={t('admin.models.versions')}>
        <ActionStatus action={activate} />
        {models.error ? <LoadError error={models.error} retry={models.reload} /> : models.loading ? <Loading /> : !models.data?.items.length
          ? <Empty text={t('admin.models.empty')} />
          : (
            <ul className="admin-cards">
              {models.data.items.map((m) => (
                <li key={m.id} className={`card${m.active ? ' admin-active' : ''}`}>
                  <h3>{t('admin.models.version', { version: m.version })} {m.active && <span className="chip">{t('admin.models.active')}</span>}</h3>
                  <p className="muted">{formatDateTime(m.createdAt, lang)}{m.note ? ` · ${m.note}` : ''}</p>
                  <MetricList metrics={m.metrics} />
                  {!m.active && (
                    <button type="button" className="btn" disabled={activate.busy}
                      onClick={() => void activate.run(() => api('POST', `/moderation/models/${encodeURIComponent(m.id)}/activate`), t('admin.models.activated', { version: m.version })).then((ok) => ok && models.reload())}>
                      {active && m.version < active.version ? t('admin.models.rollback') : t('admin.models.activate')}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
      </Section>
    </div>
  );
}
