import { useState, type FormEvent } from 'react';
import { api, get } from '../../api.ts';
import { usePaged } from '../../data.tsx';
import { formatDate, useI18n } from '../../i18n/index.tsx';
import { Empty, LoadError, Loading } from '../../components/Status.tsx';
import { WORD_ACTIONS, type Word, type WordAction } from '../types.ts';
import { useAction } from '../action.ts';
import { ActionStatus, AdminTable, Field, Section } from '../ui.tsx';

/** Sensitive words (敏感词) and the allow-list, with CSV import and export. */
export function WordsPage() {
  const { t, lang } = useI18n();
  const words = usePaged<Word>('/moderation/words?limit=500');
  const [filter, setFilter] = useState<WordAction | ''>('');
  const remove = useAction();
  const shown = words.items.filter((w) => !filter || w.action === filter);
  return (
    <div className="admin-page">
      <h1>{t('admin.section.words')}</h1>
      <AddWord onAdded={words.reload} />
      <Section title={t('admin.words.list')}>
        <div className="tabs" role="group" aria-label={t('admin.words.filter')}>
          {(['', ...WORD_ACTIONS] as const).map((a) => (
            <button key={a || 'all'} type="button" className="tab" aria-pressed={filter === a} onClick={() => setFilter(a)}>
              {a ? t(`admin.words.action.${a}`) : t('admin.words.all')}
            </button>
          ))}
        </div>
        <p className="hint">{filter ? t(`admin.words.actionHint.${filter}`) : t('admin.words.hint')}</p>
        <ActionStatus action={remove} />
        {words.error ? <LoadError error={words.error} retry={words.reload} /> : words.loading ? <Loading /> : shown.length === 0
          ? <Empty text={t('admin.words.empty')} />
          : (
            <AdminTable caption={t('admin.words.list')} rows={shown} rowKey={(w) => w.id} columns={[
              { key: 'pattern', label: t('admin.words.pattern'), render: (w) => <strong>{w.pattern}</strong> },
              { key: 'action', label: t('admin.words.actionLabel'), render: (w) => t(`admin.words.action.${w.action}`) },
              { key: 'category', label: t('admin.words.category'), render: (w) => w.category },
              { key: 'created', label: t('admin.common.created'), render: (w) => formatDate(w.createdAt, lang) },
              {
                key: 'remove', label: t('admin.common.actions'), render: (w) => (
                  <button type="button" className="btn danger" disabled={remove.busy} aria-label={`${t('admin.common.remove')}: ${w.pattern}`}
                    onClick={() => void remove.run(() => api('DELETE', `/moderation/words/${w.id}`), t('admin.words.removed', { pattern: w.pattern })).then((ok) => ok && words.reload())}>
                    {t('admin.common.remove')}
                  </button>
                ),
              },
            ]} />
          )}
        {words.hasMore && <button type="button" className="btn" onClick={words.loadMore} disabled={words.loadingMore}>{t('list.loadMore')}</button>}
      </Section>
      <CsvSection onImported={words.reload} />
    </div>
  );
}

function AddWord({ onAdded }: { onAdded(): void }) {
  const { t } = useI18n();
  const add = useAction();
  const [values, setValues] = useState<{ pattern: string; action: WordAction; category: string }>({ pattern: '', action: 'review', category: '' });
  async function submit(e: FormEvent) {
    e.preventDefault();
    const ok = await add.run(() => api('POST', '/moderation/words', values), t('admin.words.added', { pattern: values.pattern }));
    if (ok) { setValues((v) => ({ ...v, pattern: '' })); onAdded(); }
  }
  return (
    <Section title={t('admin.words.add')}>
      <form className="admin-form-row" onSubmit={submit}>
        <Field label={t('admin.words.pattern')} error={add.field('pattern')}>
          {(p) => <input {...p} required maxLength={100} value={values.pattern} onChange={(e) => setValues((v) => ({ ...v, pattern: e.target.value }))} />}
        </Field>
        <Field label={t('admin.words.actionLabel')} error={add.field('action')}>
          {(p) => (
            <select {...p} value={values.action} onChange={(e) => setValues((v) => ({ ...v, action: e.target.value as WordAction }))}>
              {WORD_ACTIONS.map((a) => <option key={a} value={a}>{t(`admin.words.action.${a}`)}</option>)}
            </select>
          )}
        </Field>
        <Field label={t('admin.words.category')} error={add.field('category')}>
          {(p) => <input {...p} required maxLength={64} value={values.category} onChange={(e) => setValues((v) => ({ ...v, category: e.target.value }))} />}
        </Field>
        <button type="submit" className="btn btn-primary" disabled={add.busy}>{t('admin.words.addButton')}</button>
      </form>
      <p className="hint">{t(`admin.words.actionHint.${values.action}`)}</p>
      <ActionStatus action={add} fields={['pattern', 'action', 'category']} />
    </Section>
  );
}

function CsvSection({ onImported }: { onImported(): void }) {
  const { t } = useI18n();
  const exporter = useAction();
  const importer = useAction();
  const [csv, setCsv] = useState('');
  async function exportCsv() {
    await exporter.run(async () => {
      const { csv: text } = await get<{ csv: string }>('/moderation/words/export');
      const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = 'hearth-words.csv';
      a.click();
      URL.revokeObjectURL(url);
    }, t('admin.words.exported'));
  }
  async function submit(e: FormEvent) {
    e.preventDefault();
    let result = { imported: 0, skipped: 0 };
    const ok = await importer.run(async () => { result = await api('POST', '/moderation/words/import', { csv }); });
    if (ok) {
      setCsv('');
      onImported();
      await importer.run(async () => {}, t('admin.words.imported', result));
    }
  }
  return (
    <Section title={t('admin.words.csv')}>
      <p className="hint">{t('admin.words.csvHint')}</p>
      <div className="actions">
        <button type="button" className="btn" onClick={() => void exportCsv()} disabled={exporter.busy}>{t('admin.words.export')}</button>
      </div>
      <ActionStatus action={exporter} />
      <form className="form" onSubmit={submit}>
        <Field label={t('admin.words.csvFile')}>
          {(p) => <input {...p} type="file" accept=".csv,text/csv" onChange={(e) => void e.target.files?.[0]?.text().then(setCsv)} />}
        </Field>
        <Field label={t('admin.words.csvText')} error={importer.field('csv')}>
          {(p) => <textarea {...p} rows={4} value={csv} onChange={(e) => setCsv(e.target.value)} />}
        </Field>
        <div className="actions"><button type="submit" className="btn btn-primary" disabled={!csv.trim() || importer.busy}>{t('admin.words.import')}</button></div>
        <ActionStatus action={importer} fields={['csv']} />
      </form>
    </Section>
  );
}
