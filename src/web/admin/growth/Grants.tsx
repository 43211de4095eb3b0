import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n/index.tsx';
import { growthApi } from '../request.ts';
import type { LedgerEntry } from '../types.ts';
import { useAction } from '../action.ts';
import { ActionStatus, Field, Section } from '../ui.tsx';

/** Points grants: a ledger entry for one member, positive to reward, negative to deduct. */
export function GrantsPage() {
  const { t } = useI18n();
  const grant = useAction();
  const empty = { username: '', amount: '', reason: '' };
  const [values, setValues] = useState(empty);
  const set = (k: keyof typeof empty) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [k]: e.target.value }));
  async function submit(e: FormEvent) {
    e.preventDefault();
    const body = { username: values.username.trim(), amount: Math.trunc(Number(values.amount)), reason: values.reason.trim() };
    let entry: LedgerEntry | undefined;
    const ok = await grant.run(async () => { entry = (await growthApi<{ entry: LedgerEntry }>('POST', '/growth/grants', body)).entry; });
    if (ok && entry) {
      setValues(empty);
      await grant.run(async () => {}, t('admin.grants.done', { username: body.username, amount: entry.amount, balance: entry.balanceAfter }));
    }
  }
  return (
    <div className="admin-page">
      <h1>{t('admin.section.grants')}</h1>
      <Section title={t('admin.grants.title')}>
        <p className="hint">{t('admin.grants.hint')}</p>
        <form className="form" onSubmit={submit}>
          <div className="admin-grid">
            <Field label={t('admin.common.username')} error={grant.field('username')}>
              {(p) => <input {...p} required maxLength={64} autoComplete="off" value={values.username} onChange={set('username')} />}
            </Field>
            <Field label={t('admin.grants.amount')} error={grant.field('amount')}>
              {(p) => <input {...p} type="number" required min={-1000000} max={1000000} value={values.amount} onChange={set('amount')} />}
            </Field>
          </div>
          <Field label={t('admin.grants.reason')} error={grant.field('reason')}>
            {(p) => <input {...p} required maxLength={200} value={values.reason} onChange={set('reason')} />}
          </Field>
          <div className="actions"><button type="submit" className="btn btn-primary" disabled={grant.busy}>{t('admin.grants.submit')}</button></div>
          <ActionStatus action={grant} fields={['username', 'amount', 'reason']} />
        </form>
      </Section>
    </div>
  );
}
