import { useEffect, useId, useState, type FormEvent } from 'react';
import { api, ApiError } from '../api.ts';
import { useApi } from '../data.tsx';
import { useI18n, useDocumentTitle } from '../i18n/index.tsx';
import { useRouter } from '../router.tsx';
import { apiPaths, links, type Match } from '../routes.ts';
import { useSession } from '../session.tsx';
import type { Category, Post, PostKind } from '../types.ts';
import { MarkdownEditor } from '../components/MarkdownEditor.tsx';
import { FieldError, Loading, useErrorText } from '../components/Status.tsx';
import { SignInRequired } from './Auth.tsx';

const KINDS: PostKind[] = ['discussion', 'article', 'question'];
const DRAFT_KEY = 'hearth:draft';

interface Draft { title: string; categoryId: string; kind: PostKind; tags: string; body: string }

function loadDraft(): Draft | null {
  try {
    const raw = window.localStorage.getItem(DRAFT_KEY);
    return raw ? (JSON.parse(raw) as Draft) : null;
  } catch {
    return null;
  }
}

function parseTags(text: string): string[] {
  return [...new Set(text.split(/[\s,，]+/).map((s) => s.replace(/^#/, '').trim()).filter(Boolean))];
}

export function ComposePage({ match }: { match: Match }) {
  const { me } = useSession();
  const editId = match.name === 'postEdit' ? match.params.id ?? '' : null;
  const existing = useApi<{ post: Post }>(editId ? apiPaths.post(editId) : null);
  if (me === null) return <SignInRequired />;
  if (me === undefined || (editId && !existing.data)) return <Loading />;
  return <ComposeForm key={editId ?? 'new'} editing={existing.data?.post} preset={match.query.get('category') ?? ''} />;
}

function ComposeForm({ editing, preset }: { editing?: Post; preset: string }) {
  const { t } = useI18n();
  const { navigate } = useRouter();
  const errorText = useErrorText();
  const id = useId();
  const categories = useApi<{ items: Category[] }>(apiPaths.categories());
  const [draft, setDraft] = useState<Draft>(() => editing
    ? { title: editing.title, categoryId: editing.category.id, kind: editing.kind, tags: editing.tags.join(' '), body: editing.body }
    : loadDraft() ?? { title: '', categoryId: '', kind: 'discussion', tags: '', body: '' });
  const [saved, setSaved] = useState(false);
  useDocumentTitle(editing ? t('compose.editTitle') : t('compose.title'));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!draft.categoryId && categories.data) {
      const pick = categories.data.items.find((c) => c.slug === preset);
      if (pick) setDraft((d) => ({ ...d, categoryId: pick.id }));
    }
  }, [categories.data, preset, draft.categoryId]);
  // Drafts of new posts survive closing the page; edits are not kept (the post is saved).
  useEffect(() => {
    if (editing) return;
    const timer = setTimeout(() => {
      if (draft.title || draft.body) {
        window.localStorage.setItem(DRAFT_KEY, JSON.stringify(draft));
        setSaved(true);
      }
    }, 500);
    return () => clearTimeout(timer);
  }, [draft, editing]);

  const set = <K extends keyof Draft>(k: K) => (v: Draft[K]) => { setSaved(false); setDraft((d) => ({ ...d, [k]: v })); };
  const field = (name: string) => (error instanceof ApiError ? error.field(name) : undefined);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const tags = parseTags(draft.tags);
    try {
      const res = editing
        ? await api<{ post: Post }>('PATCH', `/posts/${editing.id}`, { title: draft.title, body: draft.body, tags })
        : await api<{ post: Post }>('POST', '/posts', { title: draft.title, categoryId: draft.categoryId, kind: draft.kind, body: draft.body, tags });
      if (!editing) window.localStorage.removeItem(DRAFT_KEY);
      navigate(links.post(res.post.id));
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }
  const discard = () => { window.localStorage.removeItem(DRAFT_KEY); setDraft({ title: '', categoryId: '', kind: 'discussion', tags: '', body: '' }); setSaved(false); };
  const tagsError = error instanceof ApiError ? error.problem?.errors?.find((x) => x.field === 'tags' || x.field.startsWith('tags.'))?.message : undefined;
  const unplaced = error && !(error instanceof ApiError && error.problem?.errors?.length);

  return (
    <div className="narrow">
      <h1>{editing ? t('compose.editTitle') : t('compose.title')}</h1>
      <form className="form compose" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-title`}>{t('compose.field.title')}</label>
          <input id={`${id}-title`} value={draft.title} onChange={(e) => set('title')(e.target.value)} required maxLength={200}
            aria-invalid={!!field('title')} aria-describedby={field('title') ? `${id}-title-err` : undefined} />
          <FieldError id={`${id}-title-err`} message={field('title')} />
        </div>
        <div className="field-row">
          <div className="field">
            <label htmlFor={`${id}-cat`}>{t('compose.field.category')}</label>
            <select id={`${id}-cat`} value={draft.categoryId} onChange={(e) => set('categoryId')(e.target.value)} required disabled={!!editing}
              aria-invalid={!!field('categoryId')} aria-describedby={field('categoryId') ? `${id}-cat-err` : undefined}>
              <option value="">{t('compose.chooseCategory')}</option>
              {categories.data?.items.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
            </select>
            <FieldError id={`${id}-cat-err`} message={field('categoryId')} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-kind`}>{t('compose.field.kind')}</label>
            <select id={`${id}-kind`} value={draft.kind} onChange={(e) => set('kind')(e.target.value as PostKind)} disabled={!!editing}>
              {KINDS.map((k) => <option key={k} value={k}>{t(`kind.${k}`)}</option>)}
            </select>
          </div>
        </div>
        <div className="field">
          <label htmlFor={`${id}-tags`}>{t('compose.field.tags')}</label>
          <input id={`${id}-tags`} value={draft.tags} onChange={(e) => set('tags')(e.target.value)} aria-describedby={`${id}-tags-hint${tagsError ? ` ${id}-tags-err` : ''}`} aria-invalid={!!tagsError} />
          <p className="hint" id={`${id}-tags-hint`}>{t('compose.field.tagsHint')}</p>
          <FieldError id={`${id}-tags-err`} message={tagsError} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-body`}>{t('compose.field.body')}</label>
          <MarkdownEditor id={`${id}-body`} value={draft.body} onChange={set('body')} invalid={!!field('body')} describedBy={field('body') ? `${id}-body-err` : undefined} />
          <FieldError id={`${id}-body-err`} message={field('body')} />
        </div>
        {unplaced ? <p className="form-error" role="alert">{errorText(error)}</p> : null}
        <div className="actions">
          <button type="submit" className="btn btn-primary" disabled={busy}>{editing ? t('compose.save') : t('compose.publish')}</button>
          {!editing && (draft.title || draft.body) ? <button type="button" className="btn" onClick={discard}>{t('compose.discard')}</button> : null}
          {saved && <span className="muted" role="status">{t('compose.draftSaved')}</span>}
        </div>
      </form>
    </div>
  );
}
