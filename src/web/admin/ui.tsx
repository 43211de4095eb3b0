/** Building blocks shared by the console's pages: an action's error or success line, labelled
 * fields that show the server's message for them, and tables that become cards on a phone. */
import { useId, type ReactElement, type ReactNode } from 'react';
import type { Action } from './action.ts';
import { useI18n } from '../i18n/index.tsx';
import { useErrorText } from '../components/Status.tsx';

/** The outcome of an action, next to the control that started it: an error unless a field
 * already shows it, else the success note. */
export function ActionStatus({ action, fields = [] }: { action: Action; fields?: string[] }) {
  const errorText = useErrorText();
  if (action.error && !fields.some((f) => action.field(f))) return <p className="form-error" role="alert">{errorText(action.error)}</p>;
  if (action.done) return <p className="admin-done" role="status">{action.done}</p>;
  return null;
}

interface ControlProps { id: string; 'aria-invalid': boolean; 'aria-describedby': string | undefined }

/** A label, its control and the server's message for the field, wired together for screen readers. */
export function Field({ label, error, hint, className, children }: {
  label: string; error?: string; hint?: string; className?: string; children: (props: ControlProps) => ReactElement;
}) {
  const id = useId();
  const described = [hint ? `${id}-hint` : '', error ? `${id}-err` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': !!error, 'aria-describedby': described })}
      {hint && <p className="hint" id={`${id}-hint`}>{hint}</p>}
      {error && <p className="field-error" id={`${id}-err`}>{error}</p>}
    </div>
  );
}

export function Section({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  const id = useId();
  return (
    <section className="card admin-section" aria-labelledby={id}>
      <div className="admin-section-head">
        <h2 id={id}>{title}</h2>
        {actions}
      </div>
      {children}
    </section>
  );
}

export interface Column<T> { key: string; label: string; render(row: T): ReactNode; className?: string }

/** A table on wide screens; on a phone each row becomes a card with its labels beside the values. */
export function AdminTable<T>({ caption, columns, rows, rowKey, rowClass }: {
  caption: string; columns: Column<T>[]; rows: T[]; rowKey(row: T): string; rowClass?(row: T): string;
}) {
  return (
    <div className="admin-table-wrap">
      <table className="admin-table">
        <caption className="sr-only">{caption}</caption>
        <thead><tr>{columns.map((c) => <th key={c.key} scope="col">{c.label}</th>)}</tr></thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} className={rowClass?.(row)}>
              {columns.map((c) => <td key={c.key} data-label={c.label} className={c.className}><div>{c.render(row)}</div></td>)}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** "3 h 5 min", "2 d 4 h": how long something has waited. */
export function useDuration(): (seconds: number) => string {
  const { t } = useI18n();
  return (seconds) => {
    const s = Math.max(0, Math.round(seconds));
    if (s < 60) return t('admin.time.seconds', { n: s });
    const m = Math.floor(s / 60);
    if (m < 60) return t('admin.time.minutes', { n: m });
    const h = Math.floor(m / 60);
    if (h < 24) return t('admin.time.hours', { h, m: m % 60 });
    return t('admin.time.days', { d: Math.floor(h / 24), h: h % 24 });
  };
}

/** A datetime-local value as an ISO instant (empty → null). */
export function localToIso(value: string): string | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

export function intOrNull(value: string): number | null {
  return value.trim() === '' ? null : Math.trunc(Number(value));
}
