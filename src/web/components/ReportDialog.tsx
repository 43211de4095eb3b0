import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { apiWithStatus } from '../api.ts';
import { useI18n } from '../i18n/index.tsx';
import { useErrorText } from './Status.tsx';

export type ReportTarget = 'post' | 'comment' | 'user';
const REASONS = ['spam', 'abuse', 'illegal', 'sexual', 'misinformation', 'other'] as const;

/** POST /reports, telling a first report (201) from a repeat (200, which changes nothing). */
async function sendReport(body: { targetType: ReportTarget; targetId: string; reason: string }): Promise<'created' | 'repeat'> {
  const { status } = await apiWithStatus('POST', '/reports', body);
  return status === 201 ? 'created' : 'repeat';
}

/** A "report" action and its modal dialog: reasons to choose from plus free text. The native
 * modal dialog keeps focus inside, closes on Esc and gives focus back to the button. */
export function ReportButton({ targetType, targetId, className = 'btn-link' }: { targetType: ReportTarget; targetId: string; className?: string }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState<(typeof REASONS)[number]>('spam');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [outcome, setOutcome] = useState<'created' | 'repeat' | null>(null);

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const detail = text.trim();
      setOutcome(await sendReport({ targetType, targetId, reason: detail ? `${reason}: ${detail}` : reason }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  const title = t(`report.title.${targetType}`);
  return (
    <>
      <button type="button" className={className} aria-haspopup="dialog" onClick={() => { setOpen(true); setError(null); }}>{t('report.action')}</button>
      <dialog ref={dialog} className="dialog" aria-labelledby={`${id}-title`} onClose={() => setOpen(false)} data-testid="report-dialog">
        {open && (outcome ? (
          <div className="dialog-body">
            <h2 id={`${id}-title`}>{title}</h2>
            <p role="status" data-testid="report-outcome">{outcome === 'created' ? t('report.thanks') : t('report.already')}</p>
            <div className="actions"><button type="button" className="btn btn-primary" autoFocus onClick={() => setOpen(false)}>{t('report.close')}</button></div>
          </div>
        ) : (
          <form className="dialog-body form" onSubmit={submit}>
            <h2 id={`${id}-title`}>{title}</h2>
            <fieldset className="checks">
              <legend>{t('report.reason')}</legend>
              {REASONS.map((r, i) => (
                <label key={r} className="check">
                  <input type="radio" name={`${id}-reason`} value={r} checked={reason === r} onChange={() => setReason(r)} autoFocus={i === 0} />
                  {t(`report.reason.${r}`)}
                </label>
              ))}
            </fieldset>
            <div className="field">
              <label htmlFor={`${id}-text`}>{t('report.details')}</label>
              <textarea id={`${id}-text`} rows={3} maxLength={900} value={text} onChange={(e) => setText(e.target.value)} required={reason === 'other'} />
            </div>
            {error ? <p className="form-error" role="alert">{errorText(error)}</p> : null}
            <div className="actions">
              <button type="submit" className="btn btn-primary" disabled={busy} aria-busy={busy}>{t('report.submit')}</button>
              <button type="button" className="btn" onClick={() => setOpen(false)}>{t('comment.cancel')}</button>
            </div>
          </form>
        ))}
      </dialog>
    </>
  );
}
