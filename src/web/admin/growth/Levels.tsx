import { useEffect, useState, type FormEvent } from 'react';
import { useApi } from '../../data.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { LoadError, Loading } from '../../components/Status.tsx';
import { growthApi } from '../request.ts';
import type { Level, Privileges } from '../types.ts';
import { useAction } from '../action.ts';
import { ActionStatus, Section } from '../ui.tsx';

const FLAGS = ['canPostLinks', 'canCreateGroups', 'canCreateEvents'] as const;
const NUMBERS = ['dailyPostLimit', 'flagWeight'] as const;

/** Levels Lv1–Lv10: names in both languages, the points that reach them, and what they allow. */
export function LevelsPage() {
  const { t } = useI18n();
  const levels = useApi<{ items: Level[] }>('/growth/levels');
  const save = useAction();
  const [draft, setDraft] = useState<Level[]>([]);
  useEffect(() => { if (levels.data) setDraft(levels.data.items); }, [levels.data]);
  const change = (n: number, patch: Partial<Level>) => setDraft((d) => d.map((l) => (l.number === n ? { ...l, ...patch } : l)));
  const changePrivilege = (n: number, patch: Partial<Privileges>) =>
    setDraft((d) => d.map((l) => (l.number === n ? { ...l, privileges: { ...l.privileges, ...patch } } : l)));
  async function submit(e: FormEvent) {
    e.preventDefault();
    await save.run(async () => levels.set(await growthApi<{ items: Level[] }>('PUT', '/growth/levels', { levels: draft })), t('admin.common.saved'));
  }
  const err = (i: number, name: string) => save.field(`levels.${i}.${name}`);
  return (
    <div className="admin-page">
      <h1>{t('admin.section.levels')}</h1>
      <p className="hint">{t('admin.levels.hint')}</p>
      {levels.error ? <LoadError error={levels.error} retry={levels.reload} /> : levels.loading ? <Loading /> : (
        <form onSubmit={submit} className="admin-levels">
          {draft.map((l, i) => (
            <Section key={l.number} title={t('admin.levels.level', { number: l.number })}>
              <div className="admin-grid">
                {(['nameZh', 'nameEn'] as const).map((k) => (
                  <label key={k} className="field">
                    <span>{t(`admin.levels.${k}`)}</span>
                    <input required maxLength={32} value={l[k]} onChange={(e) => change(l.number, { [k]: e.target.value })} aria-invalid={!!err(i, k)} />
                    {err(i, k) && <span className="field-error">{err(i, k)}</span>}
                  </label>
                ))}
                <label className="field">
                  <span>{t('admin.levels.threshold')}</span>
                  <input type="number" min={0} required value={l.threshold} disabled={l.number === 1}
                    onChange={(e) => change(l.number, { threshold: Math.trunc(Number(e.target.value)) })} aria-invalid={!!err(i, 'threshold')} />
                  {err(i, 'threshold') && <span className="field-error">{err(i, 'threshold')}</span>}
                </label>
                {NUMBERS.map((k) => (
                  <label key={k} className="field">
                    <span>{t(`admin.levels.privilege.${k}`)}</span>
                    <input type="number" min={0} max={k === 'flagWeight' ? 100 : 100000} required value={l.privileges[k]}
                      onChange={(e) => changePrivilege(l.number, { [k]: Math.trunc(Number(e.target.value)) })} />
                  </label>
                ))}
              </div>
              <fieldset className="checks admin-checks">
                <legend className="sr-only">{t('admin.levels.privileges', { number: l.number })}</legend>
                {FLAGS.map((k) => (
                  <label key={k} className="check">
                    <input type="checkbox" checked={l.privileges[k]} onChange={(e) => changePrivilege(l.number, { [k]: e.target.checked })} />
                    {t(`admin.levels.privilege.${k}`)}
                  </label>
                ))}
              </fieldset>
            </Section>
          ))}
          <div className="actions admin-sticky">
            <button type="submit" className="btn btn-primary" disabled={save.busy}>{t('admin.common.save')}</button>
            {save.field('levels') && <p className="field-error" role="alert">{save.field('levels')}</p>}
            <ActionStatus action={save} fields={['levels', ...draft.flatMap((_, i) => ['nameZh', 'nameEn', 'threshold'].map((n) => `levels.${i}.${n}`))]} />
          </div>
        </form>
      )}
    </div>
  );
}
