import { api, ApiError } from '../api.ts';

/** A version-4 UUID from getRandomValues, which (unlike randomUUID) also exists on plain http. */
export function randomUuid(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** One key per intended action: a repeat of the same request while the first is unanswered
 * (a double click, a retry after a lost response) reuses it, so the server applies it once.
 * Once the server has answered, the next identical request is a new action with a new key. */
const inFlight = new Map<string, string>();

export async function growthApi<T>(method: string, path: string, body?: unknown): Promise<T> {
  const signature = `${method} ${path} ${JSON.stringify(body ?? null)}`;
  let key = inFlight.get(signature);
  if (!key) {
    key = randomUuid();
    inFlight.set(signature, key);
  }
  try {
    const result = await api<T>(method, path, body, { 'idempotency-key': key });
    inFlight.delete(signature);
    return result;
  } catch (error) {
    // A network failure keeps the key: trying again must not apply the action twice.
    if (error instanceof ApiError) inFlight.delete(signature);
    throw error;
  }
}
