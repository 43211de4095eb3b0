import { useId, useState, type FormEvent } from 'react';
import { usePaged } from '../data.tsx';
import { useI18n, type MessageKey, useDocumentTitle } from '../i18n/index.tsx';
import { Link, useRouter } from '../router.tsx';
import type { Match } from '../routes.ts';
import type { SearchHit } from '../types.ts';
import { Empty, LoadError, Loading } from '../components/Status.tsx';

const TYPES = ['all', 'post', 'comment', 'user'] as const;

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'" };

/** The search API escapes snippets as HTML; React escapes again, so decode the entities first. */
function decodeEntities(html: string): string {
  return html.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, name: string) => {
    if (name in entities) return entities[name]!;
    if (name.startsWith('#')) {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : m;
    }
    return m;
  });
}

/** Renders a snippet's <mark> highlights as elements and everything else as text. */
function Snippet({ text, q }: { text: string; q: string }) {
  if (text.includes('<mark>')) {
    const parts = text.split(/<\/?mark>/).map(decodeEntities);
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
        : results.items.length === 0 && !results.hasMore ? <Empty text={t('search.empty', { q })} />
        : (
          <ol className="search-results">
            {results.items.map((hit) => (
              <li key={`${hit.type}:${hit.id}`} className="card">
                <span className="chip">{t(`search.type.${hit.type}` as MessageKey)}</span>
                <h2><Link href={hit.url}>{hit.title ? <Snippet text={hit.title} q={q} /> : t(`search.type.${hit.type}` as MessageKey)}</Link></h2>
                <p data-testid="snippet"><Snippet text={hit.snippet} q={q} /></p>
              </li>
            ))}
            {/* Words that are each common are searched newest first, a stretch at a time: a
                stretch may hold no match while older ones do. */}
            {results.items.length === 0 && <li className="state">{t('search.noneRecent', { q })}</li>}
            {results.hasMore && (
              <li>
                <button type="button" className="btn btn-wide" onClick={results.loadMore} disabled={results.loadingMore}>
                  {t(results.items.length === 0 ? 'search.older' : 'list.loadMore')}
                </button>
              </li>
            )}
          </ol>
        )}
    </div>
  );
}
