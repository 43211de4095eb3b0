/** The browser's client for the v1 API: JSON in and out, CSRF header on unsafe requests,
 * problem+json turned into an ApiError that pages show next to the field it concerns. */
import type { Lang } from './i18n/index.tsx';

export interface FieldProblem { field: string; message: string }
export interface Problem { type: string; title: string; status: number; detail: string; errors?: FieldProblem[] }

export class ApiError extends Error {
  constructor(readonly status: number, readonly problem: Problem | null) {
    super(problem?.detail ?? `HTTP ${status}`);
  }
  /** The message for one field, if the server named it. */
  field(name: string): string | undefined {
    return this.problem?.errors?.find((e) => e.field === name)?.message;
  }
}

/** Thrown when the server cannot be reached at all (offline, DNS, reset). */
export class NetworkError extends Error {}

let currentLang: Lang = 'zh-CN';
export function setApiLang(lang: Lang): void {
  currentLang = lang;
}

function readCookie(name: string): string | undefined {
  if (typeof document === 'undefined') return undefined;
  for (const part of document.cookie.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

export function csrfToken(): string | undefined {
  return readCookie('__Host-hearth_csrf') ?? readCookie('hearth_csrf');
}

export async function api<T>(method: string, path: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<T> {
  return (await apiWithStatus<T>(method, path, body, extraHeaders)).data;
}

/** Like api(), for the few callers that tell successes apart by status (201 created vs 200). */
export async function apiWithStatus<T>(method: string, path: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<{ status: number; data: T }> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': currentLang, ...extraHeaders };
  const raw = typeof Blob !== 'undefined' && body instanceof Blob;
  if (raw) headers['content-type'] = body.type || 'application/octet-stream';
  else if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') {
    const token = csrfToken();
    if (token) headers['x-csrf-token'] = token;
  }
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : raw ? body : JSON.stringify(body),
    });
  } catch {
    throw new NetworkError('network');
  }
  if (res.status === 204) return { status: 204, data: null as T };
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) throw new ApiError(res.status, (data as Problem | null) ?? null);
  return { status: res.status, data: data as T };
}

export const get = <T>(path: string) => api<T>('GET', path);
