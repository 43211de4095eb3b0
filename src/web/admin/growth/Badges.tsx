import { useState, type FormEvent } from 'react';
import { useApi } from '../../data.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { Empty, LoadError, Loading } from '../../components/Status.tsx';
import { growthApi } from '../request.ts';
import type { Badge } from '../types.ts';
import { useAction } from '../action.ts';
import { ActionStatus, AdminTable, Field, Section } from '../ui.tsx';

/** Badges (勋章): the rule-based ones the system awards, and manual ones operators create and grant. */
export function BadgesPage() {
  const { t } = useI18n();
  const badges = useApi<{ items: Badge[] }>('/growth/badges');
  return (
    <div className="admin-page">
      <h1>{t('admin.section.badges')}</h1>
      <Section title={t('admin.badges.list')}>
        {badges.error ? <LoadError error={badges.error} retry={badges.reload} /> : badges.loading ? <Loading /> : !badges.data?.items.length
          ? <Empty text={t('admin.badges.empty')} />
          : (
            <AdminTable caption={t('admin.badges.list')} rows={badges.data.items} rowKey={(b) => b.slug} columns={[
              { key: 'name', label: t('admin.badges.name'), render: (b) => <strong>{b.name}</strong> },
              { key: 'slug', label: t('admin.badges.slug'), render: (b) => <code>{b.slug}</code> },
              { key: 'kind', label: t('admin.badges.kind'), render: (b) => t(`admin.badges.kindName.${b.kind}`) },
              { key: 'description', label: t('admin.badges.description'), render: (b) => b.description },
            ]} />
          )}
      </Section>
      <CreateBadge onCreated={badges.reload} />
      <GrantBadge badges={badges.data?.items.filter((b) => b.kind === 'manual') ?? []} />
    </div>
  );
}

function CreateBadge({ onCreated }: { onCreated(): void }) {
  const { t } = useI18n();
  const create = useAction();
  const empty = { slug: '', nameZh: '', nameEn: '', description: '' };
  const [values, setValues] = useState(empty);
  const set = (k: keyof typeof empty) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [k]: e.target.value }));
  async function submit(e: FormEvent) {
    e.preventDefault();
    const ok = await create.run(() => growthApi('POST', '/growth/badges', values), t('admin.badges.created', { name: values.nameZh }));
    if (ok) { setValues(empty); onCreated(); }
  }
  return (
    <Section title={t('admin.badges.create')}>
      <form className="form" onSubmit={submit}>
        <div className="admin-grid">
          <Field label={t('admin.badges.slug')} hint={t('admin.badges.slugHint')} error={create.field('slug')}>
            {(p) => <input {...p} required pattern="[a-z0-9][a-z0-9\-]{1,63}" value={values.slug} onChange={set('slug')} />}
          </Field>
          <Field label={t('admin.badges.nameZh')} error={create.field('nameZh')}>
            {(p) => <input {...p} required maxLength={64} value={values.nameZh} onChange={set('nameZh')} />}
          </Field>
          <Field label={t('admin.badges.nameEn')} error={create.field('nameEn')}>
            {(p) => <input {...p} required maxLength={64} value={values.nameEn} onChange={set('nameEn')} />}
          </Field>
        </div>
        <Field label={t('admin.badges.description')} error={create.field('description')}>
          {(p) => <textarea {...p} maxLength={500} rows={2} value={values.description} onChange={set('description')} />}
        </Field>
        <div className="actions"><button type="submit" className="btn btn-primary" disabled={create.busy}>{t('admin.badges.createButton')}</button></div>
        <ActionStatus action={create} fields={['slug', 'nameZh', 'nameEn', 'description']} />
      </form>
    </Section>
  );
}

function GrantBadge({ badges }: { badges: Badge[] }) {
  const { t } = useI18n();
  const grant = useAction();
  const [values, setValues] = useState({ slug: '', username: '' });
  const slug = values.slug || badges[0]?.slug || '';
  async function submit(e: FormEvent) {
    e.preventDefault();
    const ok = await grant.run(() => growthApi('POST', `/growth/badges/${encodeURIComponent(slug)}/grants`, { username: values.username.trim() }),
      t('admin.badges.granted', { username: values.username.trim() }));
    if (ok) setValues((v) => ({ ...v, username: '' }));
  }
  return (
    <Section title={t('admin.badges.grant')}>
      {badges.length === 0 ? <p className="muted">{t('admin.badges.noManual')}</p> : (
        <form className="admin-form-row" onSubmit={submit}>
          <Field label={t('admin.badges.badge')}>
            {(p) => (
              <select {...p} value={slug} onChange={(e) => setValues((v) => ({ ...v, slug: e.target.value }))}>
                {badges.map((b) => <option key={b.slug} value={b.slug}>{b.name}</option>)}
              </select>
            )}
          </Field>
          <Field label={t('admin.common.username')} error={grant.field('username')}>
            {(p) => <input {...p} required maxLength={64} autoComplete="off" value={values.username} onChange={(e) => setValues((v) => ({ ...v, username: e.target.value }))} />}
          </Field>
          <button type="submit" className="btn btn-primary" disabled={grant.busy}>{t('admin.badges.grantButton')}</button>
        </form>
      )}
      <ActionStatus action={grant} fields={['username']} />
    </Section>
  );
}
