import { useId, useState, type FormEvent } from 'react';
import { api, ApiError } from '../api.ts';
import { useI18n } from '../i18n/index.tsx';
import type { Comment } from '../types.ts';
import { FieldError, useErrorText } from './Status.tsx';

/** A comment form: a new reply (to the post or to a comment), or an edit of one. */
export function ReplyBox({ postId, parentId, editing, label, autoFocus, onDone, onCancel }: {
  postId: string;
  parentId?: string | null;
  editing?: Comment;
  label: string;
  autoFocus?: boolean;
  onDone(comment: Comment): void;
  onCancel?(): void;
}) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const id = useId();
  const [body, setBody] = useState(editing?.body ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = editing
        ? await api<{ comment: Comment }>('PATCH', `/comments/${editing.id}`, { body })
        : await api<{ comment: Comment }>('POST', `/posts/${postId}/comments`, { body, ...(parentId ? { parentId } : {}) });
      setBody('');
      onDone(res.comment);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  const fieldMsg = error instanceof ApiError ? error.field('body') : undefined;
  return (
    <form className="reply-box" onSubmit={submit}>
      <label htmlFor={`${id}-body`}>{label}</label>
      <textarea id={`${id}-body`} value={body} onChange={(e) => setBody(e.target.value)} rows={3} required
        autoFocus={autoFocus} aria-invalid={!!fieldMsg} aria-describedby={fieldMsg ? `${id}-err` : undefined} />
      <FieldError id={`${id}-err`} message={fieldMsg} />
      {error && !fieldMsg ? <p className="form-error" role="alert">{errorText(error)}</p> : null}
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={busy || !body.trim()}>{editing ? t('comment.save') : t('comment.send')}</button>
        {onCancel && <button type="button" className="btn" onClick={onCancel}>{t('comment.cancel')}</button>}
      </div>
    </form>
  );
}
