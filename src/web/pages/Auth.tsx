import { useId, useState, type FormEvent } from 'react';
import { api, ApiError } from '../api.ts';
import { useI18n, useDocumentTitle } from '../i18n/index.tsx';
import { Link, useRouter } from '../router.tsx';
import { useSession } from '../session.tsx';
import type { Me } from '../types.ts';
import { FieldError, useErrorText } from '../components/Status.tsx';

export function SignInRequired() {
  const { t } = useI18n();
  const { location } = useRouter();
  const next = encodeURIComponent(location.pathname + location.search);
  return (
    <div className="narrow">
      <p className="state">{t('auth.required')}</p>
      <p><Link className="btn btn-primary" href={`/login?next=${next}`}>{t('nav.signIn')}</Link></p>
    </div>
  );
}

function safeNext(raw: string | null): string {
  return raw && raw.startsWith('/') && !raw.startsWith('//') ? raw : '/';
}

export function AuthPage({ mode }: { mode: 'login' | 'register' }) {
  const { t } = useI18n();
  const { setMe } = useSession();
  const { navigate, location } = useRouter();
  const errorText = useErrorText();
  const id = useId();
  const [values, setValues] = useState({ login: '', username: '', email: '', password: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useDocumentTitle(mode === 'login' ? t('auth.signInTitle') : t('auth.registerTitle'));
  const next = safeNext(new URLSearchParams(location.search).get('next'));
  const field = (name: string) => (error instanceof ApiError ? error.field(name) : undefined);
  const set = (k: keyof typeof values) => (e: React.ChangeEvent<HTMLInputElement>) => setValues((v) => ({ ...v, [k]: e.target.value }));

  // The same rules the server applies, said before submitting rather than after.
  const pwLength = [...values.password].length;
  const localPw = mode === 'register' && values.password
    ? pwLength < 8 ? t('auth.passwordTooShort')
      : values.username.length >= 3 && values.password.toLowerCase().includes(values.username.toLowerCase()) ? t('auth.passwordHasName') : undefined
    : undefined;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (localPw) return;
    setBusy(true);
    setError(null);
    try {
      const res = mode === 'login'
        ? await api<{ user: Me }>('POST', '/auth/login', { login: values.login, password: values.password })
        : await api<{ user: Me }>('POST', '/auth/register', { username: values.username, email: values.email, password: values.password });
      setMe(res.user);
      navigate(next, { replace: true });
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }
  const pwError = localPw ?? field('password');
  const unplaced = error && !(error instanceof ApiError && error.problem?.errors?.length);
  const input = (name: keyof typeof values, label: string, type: string, autoComplete: string, extra?: string) => (
    <div className="field">
      <label htmlFor={`${id}-${name}`}>{label}</label>
      <input id={`${id}-${name}`} name={name} type={type} autoComplete={autoComplete} value={values[name]} onChange={set(name)} required
        aria-invalid={!!(name === 'password' ? pwError : field(name))}
        aria-describedby={[extra, (name === 'password' ? pwError : field(name)) ? `${id}-${name}-err` : ''].filter(Boolean).join(' ') || undefined} />
      {extra && <p className="hint" id={extra}>{t('auth.passwordRules')}</p>}
      <FieldError id={`${id}-${name}-err`} message={name === 'password' ? pwError : field(name)} />
    </div>
  );
  return (
    <div className="narrow auth">
      <h1>{mode === 'login' ? t('auth.signInTitle') : t('auth.registerTitle')}</h1>
      <form className="form card" onSubmit={submit} noValidate>
        {mode === 'login' ? input('login', t('auth.login'), 'text', 'username') : (
          <>
            {input('username', t('auth.username'), 'text', 'username')}
            {input('email', t('auth.email'), 'email', 'email')}
          </>
        )}
        {input('password', t('auth.password'), 'password', mode === 'login' ? 'current-password' : 'new-password', mode === 'register' ? `${id}-pw-rules` : undefined)}
        {unplaced ? <p className="form-error" role="alert">{errorText(error)}</p> : null}
        <button type="submit" className="btn btn-primary btn-wide" disabled={busy}>{mode === 'login' ? t('auth.submitSignIn') : t('auth.submitRegister')}</button>
      </form>
      <p className="center">
        {mode === 'login'
          ? <Link href={`/register${next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`}>{t('auth.noAccount')}</Link>
          : <Link href={`/login${next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`}>{t('auth.haveAccount')}</Link>}
      </p>
    </div>
  );
}
