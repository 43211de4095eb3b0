import { ApiError, NetworkError } from '../api.ts';
import { useI18n } from '../i18n/index.tsx';

/** The message for a failed request, in the member's language. */
export function useErrorText(): (error: unknown) => string {
  const { t } = useI18n();
  return (error) => {
    if (error instanceof ApiError && error.problem?.detail) return error.problem.detail;
    if (error instanceof NetworkError) return t('error.network');
    return t('error.generic');
  };
}

export function Loading() {
  const { t } = useI18n();
  return <p className="state state-loading" role="status" aria-live="polite"><span className="spinner" aria-hidden="true" />{t('list.loading')}</p>;
}

export function Empty({ text }: { text: string }) {
  return <p className="state state-empty">{text}</p>;
}

/** A failed load: says whether the member is offline, and offers to try again. */
export function LoadError({ error, retry }: { error: unknown; retry?: () => void }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const offline = typeof navigator !== 'undefined' && !navigator.onLine;
  return (
    <div className="state state-error" role="alert">
      <p>{offline ? t('list.offline') : error instanceof NetworkError ? t('list.error') : errorText(error)}</p>
      {retry && <button type="button" className="btn" onClick={retry}>{t('list.retry')}</button>}
    </div>
  );
}

export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return <p className="field-error" id={id}>{message}</p>;
}

/** The foot of a paged list: "load more" while there is more, and the error if a page failed. */
export function LoadMore({ list }: { list: { hasMore: boolean; loadingMore: boolean; moreError: unknown; loadMore(): void } }) {
  const { t } = useI18n();
  return (
    <>
      {list.moreError ? <LoadError error={list.moreError} retry={list.loadMore} /> : null}
      {list.hasMore && (
        <button type="button" className="btn btn-wide" onClick={list.loadMore} disabled={list.loadingMore} aria-busy={list.loadingMore}>
          {list.loadingMore ? t('list.loading') : t('list.loadMore')}
        </button>
      )}
    </>
  );
}
