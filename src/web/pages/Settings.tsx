import { useId, useState, type FormEvent } from 'react';
import { api, ApiError } from '../api.ts';
import { useApi } from '../data.tsx';
import { formatDate, LANG_NAMES, LANGS, useI18n, type Lang, type MessageKey, useDocumentTitle } from '../i18n/index.tsx';
import { useSession } from '../session.tsx';
import type { AccessToken, Me, Preferences } from '../types.ts';
import { Avatar } from '../components/Avatar.tsx';
import { FieldError, LoadError, Loading, useErrorText } from '../components/Status.tsx';
import { SignInRequired } from './Auth.tsx';

export function SettingsPage() {
  const { t } = useI18n();
  const { me } = useSession();
  useDocumentTitle(t('settings.title'));
  if (me === null) return <SignInRequired />;
  if (me === undefined) return <Loading />;
  return (
    <div className="narrow settings">
      <h1>{t('settings.title')}</h1>
      <ProfileSection />
      <LanguageSection />
      <PasswordSection />
      <PreferencesSection />
      <TokensSection />
    </div>
  );
}

function ProfileSection() {
  const { t } = useI18n();
  const { me, setMe } = useSession();
  const errorText = useErrorText();
  const id = useId();
  const [values, setValues] = useState({ displayName: me?.displayName ?? '', bio: me?.bio ?? '' });
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const field = (name: string) => (error instanceof ApiError ? error.field(name) : undefined);
  async function save(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      setMe((await api<{ user: Me }>('PATCH', '/me', values)).user);
      setSaved(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  async function uploadAvatar(file: File | undefined) {
    if (!file) return;
    setError(null);
    setSaved(false);
    try {
      setMe((await api<{ user: Me }>('PUT', '/me/avatar', file)).user);
      setSaved(true);
    } catch (err) {
      setError(err);
    }
  }
  const placed = ['displayName', 'bio', 'avatar'].some((f) => field(f));
  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('settings.profile')}</h2>
      <div className="avatar-row">
        {me && <Avatar user={me} size={64} />}
        <div className="field">
          <label htmlFor={`${id}-avatar`}>{t('settings.avatar')}</label>
          <input id={`${id}-avatar`} type="file" accept="image/png,image/jpeg,image/webp" onChange={(e) => void uploadAvatar(e.target.files?.[0])}
            aria-describedby={`${id}-avatar-hint${field('avatar') ? ` ${id}-avatar-err` : ''}`} aria-invalid={!!field('avatar')} />
          <p className="hint" id={`${id}-avatar-hint`}>{t('settings.avatarHint')}</p>
          <FieldError id={`${id}-avatar-err`} message={field('avatar')} />
        </div>
      </div>
      <form className="form" onSubmit={save}>
        <div className="field">
          <label htmlFor={`${id}-dn`}>{t('settings.displayName')}</label>
          <input id={`${id}-dn`} value={values.displayName} maxLength={64} onChange={(e) => setValues((v) => ({ ...v, displayName: e.target.value }))}
            aria-invalid={!!field('displayName')} aria-describedby={field('displayName') ? `${id}-dn-err` : undefined} />
          <FieldError id={`${id}-dn-err`} message={field('displayName')} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-bio`}>{t('settings.bio')}</label>
          <textarea id={`${id}-bio`} value={values.bio} maxLength={500} rows={3} onChange={(e) => setValues((v) => ({ ...v, bio: e.target.value }))}
            aria-invalid={!!field('bio')} aria-describedby={field('bio') ? `${id}-bio-err` : undefined} />
          <FieldError id={`${id}-bio-err`} message={field('bio')} />
        </div>
        {error && !placed ? <p className="form-error" role="alert">{errorText(error)}</p> : null}
        <div className="actions">
          <button type="submit" className="btn btn-primary" disabled={busy}>{t('settings.save')}</button>
          {saved && <span className="muted" role="status">{t('settings.saved')}</span>}
        </div>
      </form>
    </section>
  );
}

function PasswordSection() {
  const { t } = useI18n();
  const { setMe } = useSession();
  const errorText = useErrorText();
  const id = useId();
  const [values, setValues] = useState({ currentPassword: '', newPassword: '' });
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const field = (name: string) => (error instanceof ApiError ? error.field(name) : undefined);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setDone(false);
    try {
      setMe((await api<{ user: Me }>('PUT', '/me/password', values)).user);
      setValues({ currentPassword: '', newPassword: '' });
      setDone(true);
    } catch (err) {
      setError(err);
    }
  }
  const placed = field('currentPassword') || field('newPassword');
  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('settings.password')}</h2>
      <form className="form" onSubmit={submit}>
        <div className="field">
          <label htmlFor={`${id}-cur`}>{t('settings.currentPassword')}</label>
          <input id={`${id}-cur`} type="password" autoComplete="current-password" required value={values.currentPassword}
            onChange={(e) => setValues((v) => ({ ...v, currentPassword: e.target.value }))}
            aria-invalid={!!field('currentPassword')} aria-describedby={field('currentPassword') ? `${id}-cur-err` : undefined} />
          <FieldError id={`${id}-cur-err`} message={field('currentPassword')} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-new`}>{t('settings.newPassword')}</label>
          <input id={`${id}-new`} type="password" autoComplete="new-password" required value={values.newPassword}
            onChange={(e) => setValues((v) => ({ ...v, newPassword: e.target.value }))}
            aria-invalid={!!field('newPassword')} aria-describedby={`${id}-rules${field('newPassword') ? ` ${id}-new-err` : ''}`} />
          <p className="hint" id={`${id}-rules`}>{t('auth.passwordRules')}</p>
          <FieldError id={`${id}-new-err`} message={field('newPassword')} />
        </div>
        {error && !placed ? <p className="form-error" role="alert">{errorText(error)}</p> : null}
        <div className="actions">
          <button type="submit" className="btn btn-primary">{t('settings.password')}</button>
          {done && <span className="muted" role="status">{t('settings.passwordChanged')}</span>}
        </div>
      </form>
    </section>
  );
}

function LanguageSection() {
  const { t, lang, setLang: switchLang } = useI18n();
  const { setMe } = useSession();
  const id = useId();
  // The choice is kept on the account too, so other devices and e-mails use it.
  const setLang = (next: Lang) => {
    switchLang(next);
    api<{ user: Me }>('PATCH', '/me', { locale: next }).then((r) => setMe(r.user), () => {});
  };
  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('settings.language')}</h2>
      <label htmlFor={`${id}-lang`} className="sr-only">{t('settings.language')}</label>
      <select id={`${id}-lang`} value={lang} onChange={(e) => setLang(e.target.value as Lang)}>
        {LANGS.map((l) => <option key={l} value={l} lang={l}>{LANG_NAMES[l]}</option>)}
      </select>
    </section>
  );
}

const PREF_KEYS: (keyof Preferences)[] = ['emailReplies', 'emailMentions', 'emailDigest'];

function PreferencesSection() {
  const { t } = useI18n();
  const errorText = useErrorText();
  const id = useId();
  const prefs = useApi<Preferences>('/me/preferences');
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  async function toggle(key: keyof Preferences, value: boolean) {
    setError(null);
    setSaved(false);
    try {
      prefs.set(await api<Preferences>('PUT', '/me/preferences', { [key]: value }));
      setSaved(true);
    } catch (e) {
      setError(e);
    }
  }
  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('settings.notifications')}</h2>
      {prefs.error ? <LoadError error={prefs.error} retry={prefs.reload} /> : !prefs.data ? <Loading /> : (
        <fieldset className="checks">
          <legend className="sr-only">{t('settings.notifications')}</legend>
          {PREF_KEYS.map((k) => (
            <label key={k} className="check">
              <input type="checkbox" checked={prefs.data?.[k] ?? false} onChange={(e) => void toggle(k, e.target.checked)} />
              {t(`settings.pref.${k}` as MessageKey)}
            </label>
          ))}
        </fieldset>
      )}
      {error ? <p className="form-error" role="alert">{errorText(error)}</p> : null}
      {saved && <p className="muted" role="status">{t('settings.saved')}</p>}
    </section>
  );
}

function TokensSection() {
  const { t, lang } = useI18n();
  const errorText = useErrorText();
  const id = useId();
  const tokens = useApi<{ items: AccessToken[] }>('/me/tokens');
  const [name, setName] = useState('');
  const [created, setCreated] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  async function create(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      const res = await api<{ id: string; token: string }>('POST', '/me/tokens', { name });
      setCreated(res.token);
      setName('');
      tokens.reload();
    } catch (err) {
      setError(err);
    }
  }
  async function revoke(tokenId: string) {
    setError(null);
    try {
      await api('DELETE', `/me/tokens/${tokenId}`);
      tokens.reload();
    } catch (err) {
      setError(err);
    }
  }
  const nameError = error instanceof ApiError ? error.field('name') : undefined;
  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('settings.tokens')}</h2>
      {tokens.error ? <LoadError error={tokens.error} retry={tokens.reload} /> : !tokens.data ? <Loading /> : tokens.data.items.length === 0
        ? <p className="muted">{t('settings.noTokens')}</p>
        : (
          <ul className="token-list">
            {tokens.data.items.map((tok) => (
              <li key={tok.id}>
                <span><strong>{tok.name}</strong> <span className="muted">{tok.lastUsedAt ? t('settings.lastUsed', { date: formatDate(tok.lastUsedAt, lang) }) : t('settings.neverUsed')}</span></span>
                <button type="button" className="btn danger" onClick={() => void revoke(tok.id)} aria-label={`${t('settings.revoke')} ${tok.name}`}>{t('settings.revoke')}</button>
              </li>
            ))}
          </ul>
        )}
      {created && <p className="token-created" role="status">{t('settings.tokenShownOnce')} <code>{created}</code></p>}
      <form className="inline-form" onSubmit={create}>
        <div className="field">
          <label htmlFor={`${id}-name`}>{t('settings.tokenName')}</label>
          <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} required maxLength={100}
            aria-invalid={!!nameError} aria-describedby={nameError ? `${id}-name-err` : undefined} />
          <FieldError id={`${id}-name-err`} message={nameError} />
        </div>
        <button type="submit" className="btn btn-primary" disabled={!name.trim()}>{t('settings.createToken')}</button>
      </form>
      {error && !nameError ? <p className="form-error" role="alert">{errorText(error)}</p> : null}
    </section>
  );
}
