import { useId, useState, type FormEvent } from 'react';
import { usePaged } from '../data.tsx';
import { useI18n, type MessageKey, useDocumentTitle } from '../i18n/index.tsx';
import { Link, useRouter } from '../router.tsx';
import type { Match } from '../routes.ts';
import type { SearchHit } from '../types.ts';
import { Empty, LoadError, Loading } from '../components/Status.tsx';

const TYPES = ['all', 'post', 'comment', 'user'] as const;

/** Renders a snippet's <mark> highlights as elements and everything else as text. */
function Snippet({ text, q }: { text: string; q: string }) {
  if (text.includes('<mark>')) {
    const parts = text.split(/<\/?mark>/);
    return <>{parts.map((part, i) => (i % 2 ? <mark key={i}>{part}</mark> : <span key={i}>{part}</span>))}</>;
  }
  const words = q.split(/\s+/).filter(Boolean).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  if (!words.length) return <>{text}</>;
  const parts = text.split(new RegExp(`(${words.join('|')})`, 'gi'));
  return <>{parts.map((part, i) => (i % 2 ? <mark key={i}>{part}</mark> : <span key={i}>{part}</span>))}</>;
}

export function SearchPage({ match }: { match: Match }) {
  const { t } = useI18n();
  const { navigate } = useRouter();
  const id = useId();
  const q = match.query.get('q') ?? '';
  const type = (TYPES as readonly string[]).includes(match.query.get('type') ?? '') ? match.query.get('type')! : 'all';
  const [input, setInput] = useState(q);
  useDocumentTitle(q ? `${q} · ${t('search.title')}` : t('search.title'));
  const params = new URLSearchParams({ q, limit: '20' });
  if (type !== 'all') params.set('type', type);
  const results = usePaged<SearchHit>(q.trim() ? `/search?${params}` : null);
  const go = (nextQ: string, nextType: string) => {
    const p = new URLSearchParams({ q: nextQ });
    if (nextType !== 'all') p.set('type', nextType);
    navigate(`/search?${p}`);
  };
  const submit = (e: FormEvent) => { e.preventDefault(); go(input.trim(), type); };
  return (
    <div className="narrow">
      <h1>{t('search.title')}</h1>
      <form role="search" className="search-form" onSubmit={submit}>
        <label htmlFor={`${id}-q`} className="sr-only">{t('search.label')}</label>
        <input id={`${id}-q`} type="search" value={input} onChange={(e) => setInput(e.target.value)} placeholder={t('search.label')} />
        <button type="submit" className="btn btn-primary">{t('search.submit')}</button>
      </form>
      <div className="tabs" role="group" aria-label={t('search.title')}>
        {TYPES.map((ty) => (
          <button key={ty} type="button" className="tab" aria-pressed={ty === type} onClick={() => go(q, ty)}>{t(`search.type.${ty}` as MessageKey)}</button>
        ))}
      </div>
      {!q.trim() ? <p className="state">{t('search.prompt')}</p>
        : results.error ? <LoadError error={results.error} retry={results.reload} />
        : results.loading ? <Loading />
        : results.items.length === 0 ? <Empty text={t('search.empty', { q })} />
        : (
          <ol className="search-results">
            {results.items.map((hit) => (
              <li key={`${hit.type}:${hit.id}`} className="card">
                <span className="chip">{t(`search.type.${hit.type}` as MessageKey)}</span>
                <h2><Link href={hit.url}>{hit.title ? <Snippet text={hit.title} q={q} /> : <Snippet text={hit.snippet.slice(0, 60)} q={q} />}</Link></h2>
                <p><Snippet text={hit.snippet} q={q} /></p>
              </li>
            ))}
            {results.hasMore && <li><button type="button" className="btn btn-wide" onClick={results.loadMore} disabled={results.loadingMore}>{t('list.loadMore')}</button></li>}
          </ol>
        )}
    </div>
  );
}
