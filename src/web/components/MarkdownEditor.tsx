import { useEffect, useState } from 'react';
import { api } from '../api.ts';
import { useI18n } from '../i18n/index.tsx';

/** A Markdown textarea with a live preview rendered by the server's own renderer, so what
 * the author sees is exactly what readers will see. */
export function MarkdownEditor({ id, value, onChange, invalid, describedBy }: {
  id: string; value: string; onChange(v: string): void; invalid?: boolean; describedBy?: string;
}) {
  const { t } = useI18n();
  const [tab, setTab] = useState<'write' | 'preview'>('write');
  const [html, setHtml] = useState('');
  useEffect(() => {
    if (!value.trim()) { setHtml(''); return; }
    let live = true;
    const timer = setTimeout(() => {
      api<{ html: string }>('POST', '/markdown/preview', { body: value }).then((r) => { if (live) setHtml(r.html); }, () => {});
    }, 350);
    return () => { live = false; clearTimeout(timer); };
  }, [value]);
  return (
    <div className={`md-editor md-mode-${tab}`}>
      <div className="tabs md-tabs" role="group">
        <button type="button" className="tab" aria-pressed={tab === 'write'} onClick={() => setTab('write')}>{t('compose.write')}</button>
        <button type="button" className="tab" aria-pressed={tab === 'preview'} onClick={() => setTab('preview')}>{t('compose.preview')}</button>
      </div>
      <div className="md-panes">
        <textarea id={id} value={value} onChange={(e) => onChange(e.target.value)} rows={14} required aria-invalid={invalid} aria-describedby={describedBy} />
        <section className="md-preview" aria-label={t('compose.preview')} aria-live="polite">
          {/* Server-rendered and sanitized HTML, the same as a published post. */}
          {html ? <div className="prose" data-testid="preview" dangerouslySetInnerHTML={{ __html: html }} /> : <p className="muted">{t('compose.previewEmpty')}</p>}
        </section>
      </div>
    </div>
  );
}
