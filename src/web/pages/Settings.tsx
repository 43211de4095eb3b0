import { useId, useState, type FormEvent } from 'react';
import { api, ApiError } from '../api.ts';
import { useApi } from '../data.tsx';
import { formatDate, LANG_NAMES, LANGS, useI18n, type Lang, type MessageKey } from '../i18n/index.tsx';
import { useSession } from '../session.tsx';
import type { AccessToken, Preferences } from '../types.ts';
import { FieldError, LoadError, Loading, useErrorText } from '../components/Status.tsx';
import { SignInRequired } from './Auth.tsx';

export function SettingsPage() {
  const { t } = useI18n();
  const { me } = useSession();
  if (me === null) return <SignInRequired />;
  if (me === undefined) return <Loading />;
  return (
    <div className="narrow settings">
      <h1>{t('settings.title')}</h1>
      <LanguageSection />
      <PreferencesSection />
      <TokensSection />
    </div>
  );
}

function LanguageSection() {
  const { t, lang, setLang } = useI18n();
  const id = useId();
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
