import { useId, useState, type FormEvent } from 'react';
import { api, ApiError } from '../api.ts';
import { formatDateTime, useI18n } from '../i18n/index.tsx';
import type { ModerationNotice, Notification } from '../types.ts';
import { useErrorText } from './Status.tsx';

const ACTIONS = ['approve', 'reject', 'delete', 'warn', 'silence'];

/** A moderator's decision about the member's content: what happened, why, and one appeal. */
export function ModerationNoticeView({ notification, notice }: { notification: Notification; notice: ModerationNotice }) {
  const { t, lang } = useI18n();
  const errorText = useErrorText();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState(false);
  const action = (ACTIONS.includes(notice.action) ? notice.action : 'reject') as 'approve' | 'reject' | 'delete' | 'warn' | 'silence';
  async function appeal(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api('POST', '/moderation/appeals', { targetType: notification.subject.type, targetId: notification.subject.id, reason });
      setSent(true);
      setOpen(false);
    } catch (err) {
      // Appealed already (from another tab or device): say so instead of offering it again.
      if (err instanceof ApiError && err.status === 409) setSent(true);
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className={`moderation-notice mod-${action}`} data-testid="moderation-notice">
      <p><strong>{t(`moderation.action.${action}`)}</strong>{notice.reasonTitle && <> · {notice.reasonTitle}</>}</p>
      {notice.note && <p className="prewrap">{t('moderation.note', { note: notice.note })}</p>}
      {notice.silencedUntil && <p suppressHydrationWarning>{t('moderation.silencedUntil', { time: formatDateTime(notice.silencedUntil, lang) })}</p>}
      {sent ? <p role="status" className="muted">{t('moderation.appealSent')}</p>
        : notice.appealable && !open ? <button type="button" className="btn" onClick={() => setOpen(true)}>{t('moderation.appeal')}</button>
        : null}
      {open && !sent && (
        <form className="reply-box" onSubmit={appeal}>
          <label htmlFor={`${id}-reason`}>{t('moderation.appealReason')}</label>
          <textarea id={`${id}-reason`} rows={3} required maxLength={1000} value={reason} onChange={(e) => setReason(e.target.value)} autoFocus />
          <p className="hint">{t('moderation.appealOnce')}</p>
          <div className="actions">
            <button type="submit" className="btn btn-primary" disabled={busy || !reason.trim()}>{t('moderation.appealSend')}</button>
            <button type="button" className="btn" onClick={() => setOpen(false)}>{t('comment.cancel')}</button>
          </div>
        </form>
      )}
      {error ? <p className="form-error" role="alert">{errorText(error)}</p> : null}
    </div>
  );
}
