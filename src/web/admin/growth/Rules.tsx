import { useEffect, useState, type FormEvent } from 'react';
import { useApi } from '../../data.tsx';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { LoadError, Loading } from '../../components/Status.tsx';
import { growthApi } from '../request.ts';
import { CYCLES, type Rule } from '../types.ts';
import { useAction } from '../action.ts';
import { ActionStatus, AdminTable, intOrNull, Section } from '../ui.tsx';

type Draft = { action: string; points: string; cycle: Rule['cycle']; cap: string };

/** Earning rules: points per action, how often they count, and the cap per cycle. */
export function RulesPage() {
  const { t } = useI18n();
  const rules = useApi<{ items: Rule[] }>('/growth/rules');
  const save = useAction();
  const [draft, setDraft] = useState<Draft[]>([]);
  useEffect(() => {
    if (rules.data) setDraft(rules.data.items.map((r) => ({ action: r.action, points: String(r.points), cycle: r.cycle, cap: r.cap === null ? '' : String(r.cap) })));
  }, [rules.data]);
  const change = (i: number, patch: Partial<Draft>) => setDraft((d) => d.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  async function submit(e: FormEvent) {
    e.preventDefault();
    const body = { rules: draft.map((r) => ({ action: r.action, points: Math.trunc(Number(r.points)), cycle: r.cycle, cap: intOrNull(r.cap) })) };
    await save.run(async () => rules.set(await growthApi<{ items: Rule[] }>('PUT', '/growth/rules', body)), t('admin.common.saved'));
  }
  const fieldError = (i: number, name: string) => save.field(`rules.${i}.${name}`);
  const fields = draft.flatMap((_, i) => ['points', 'cycle', 'cap'].map((n) => `rules.${i}.${n}`));
  return (
    <div className="admin-page">
      <h1>{t('admin.section.rules')}</h1>
      <Section title={t('admin.rules.title')}>
        <p className="hint">{t('admin.rules.hint')}</p>
        {rules.error ? <LoadError error={rules.error} retry={rules.reload} /> : rules.loading ? <Loading /> : (
          <form onSubmit={submit}>
            <AdminTable caption={t('admin.rules.title')} rows={draft.map((r, i) => ({ ...r, i }))} rowKey={(r) => r.action} columns={[
              { key: 'action', label: t('admin.rules.action'), render: (r) => <strong id={`rule-${r.action}`}>{t(`admin.rules.actionName.${r.action}` as MessageKey)}</strong> },
              {
                key: 'points', label: t('admin.rules.points'), render: (r) => (
                  <>
                    <input type="number" min={0} max={100000} required value={r.points} className="admin-num" onChange={(e) => change(r.i, { points: e.target.value })}
                      aria-label={`${t('admin.rules.points')} · ${t(`admin.rules.actionName.${r.action}` as MessageKey)}`} aria-invalid={!!fieldError(r.i, 'points')} />
                    {fieldError(r.i, 'points') && <p className="field-error">{fieldError(r.i, 'points')}</p>}
                  </>
                ),
              },
              {
                key: 'cycle', label: t('admin.rules.cycle'), render: (r) => (
                  <select value={r.cycle} onChange={(e) => change(r.i, { cycle: e.target.value as Rule['cycle'] })}
                    aria-label={`${t('admin.rules.cycle')} · ${t(`admin.rules.actionName.${r.action}` as MessageKey)}`}>
                    {CYCLES.map((c) => <option key={c} value={c}>{t(`admin.rules.cycleName.${c}`)}</option>)}
                  </select>
                ),
              },
              {
                key: 'cap', label: t('admin.rules.cap'), render: (r) => (
                  <>
                    <input type="number" min={1} max={100000} value={r.cap} className="admin-num" placeholder={t('admin.rules.noCap')} onChange={(e) => change(r.i, { cap: e.target.value })}
                      aria-label={`${t('admin.rules.cap')} · ${t(`admin.rules.actionName.${r.action}` as MessageKey)}`} aria-invalid={!!fieldError(r.i, 'cap')} />
                    {fieldError(r.i, 'cap') && <p className="field-error">{fieldError(r.i, 'cap')}</p>}
                  </>
                ),
              },
            ]} />
            <div className="actions"><button type="submit" className="btn btn-primary" disabled={save.busy}>{t('admin.common.save')}</button></div>
            <ActionStatus action={save} fields={fields} />
          </form>
        )}
      </Section>
    </div>
  );
}
