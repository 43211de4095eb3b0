import { useCallback, useRef, useState } from 'react';
import { ApiError } from '../api.ts';

/** One button's request: busy while it runs (a second press meanwhile is ignored), then its
 * error or its success note. */
export interface Action {
  busy: boolean;
  error: unknown;
  done: string | null;
  run(fn: () => Promise<unknown>, doneText?: string): Promise<boolean>;
  /** The server's message for one field of the last failed request. */
  field(name: string): string | undefined;
  reset(): void;
}

export function useAction(): Action {
  const [state, setState] = useState<{ busy: boolean; error: unknown; done: string | null }>({ busy: false, error: null, done: null });
  const busy = useRef(false);
  const run = useCallback(async (fn: () => Promise<unknown>, doneText?: string) => {
    if (busy.current) return false;
    busy.current = true;
    setState({ busy: true, error: null, done: null });
    try {
      await fn();
      setState({ busy: false, error: null, done: doneText ?? null });
      return true;
    } catch (error) {
      setState({ busy: false, error, done: null });
      return false;
    } finally {
      busy.current = false;
    }
  }, []);
  const reset = useCallback(() => setState({ busy: false, error: null, done: null }), []);
  const field = (name: string) => (state.error instanceof ApiError ? state.error.field(name) : undefined);
  return { ...state, run, field, reset };
}
