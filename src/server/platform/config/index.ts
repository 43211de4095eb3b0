import path from 'node:path';

/** Everything Hearth reads from the environment, parsed once at start. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** `sqlite:<file>` or `postgres://…` */
  databaseUrl: string;
  redisUrl: string | undefined;
  baseUrl: string;
  smtpUrl: string | undefined;
  logLevel: string;
  /** Trust X-Forwarded-* from a reverse proxy (needed for per-IP limits behind one). */
  trustProxy: boolean;
  /** Registration limit per IP and hour (API.md: 10 by default). */
  registrationsPerIpPerHour: number;
  sessionIdleDays: number;
  sessionAbsoluteDays: number;
  /** How often live sockets are pinged; one that misses a ping is dropped. */
  streamHeartbeatMs: number;
  /** Optional second opinion on texts the moderation classifier is unsure about, from an
   * OpenAI-compatible chat-completions endpoint (MODERATION_LLM_URL/_KEY/_MODEL); off when unset. */
  moderationLlm: ModerationLlmConfig | undefined;
  /** After an instant e-mail (reply, mention) a member gets no other for this long. */
  emailQuietMinutes: number;
  /** Links and posts per day limited by the member's growth level (HEARTH_NEW_MEMBER_LIMITS=0 turns it off). */
  newMemberLimits: boolean;
  /** Index entries a search walks per band of newer-to-older items before it answers (SQLite;
   * HEARTH_SEARCH_BAND_BUDGET): larger finds more old matches of common words per page, slower. */
  searchBandBudget: number;
  /** Newest items also kept in a small index of their own, which answers the first stretch of
   * a search (SQLite; HEARTH_SEARCH_RECENT_ITEMS). */
  searchRecentItems: number;
  /** Worker threads that run searches beside the HTTP thread, each with its own read-only
   * connection (SQLite files; HEARTH_SEARCH_WORKERS, 0: in the HTTP thread). */
  searchWorkers: number;
}

export interface ModerationLlmConfig {
  url: string;
  key: string | undefined;
  model: string;
  timeoutMs: number;
}

/** The endpoint is the operator's choice, but only http(s) is ever fetched. */
export function httpUrlOrThrow(value: string, name: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${name} must be an http(s) URL, got "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`${name} must be an http(s) URL, got "${value}"`);
  return url.toString();
}

function moderationLlmFrom(env: NodeJS.ProcessEnv): ModerationLlmConfig | undefined {
  if (!env.MODERATION_LLM_URL) return undefined;
  if (!env.MODERATION_LLM_MODEL) throw new Error('MODERATION_LLM_MODEL is required when MODERATION_LLM_URL is set');
  return {
    url: httpUrlOrThrow(env.MODERATION_LLM_URL, 'MODERATION_LLM_URL'),
    key: env.MODERATION_LLM_KEY || undefined,
    model: env.MODERATION_LLM_MODEL,
    timeoutMs: 5_000,
  };
}

function intFrom(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${value}"`);
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const port = intFrom(env.PORT, 3000, 'PORT');
  const dataDir = path.resolve(env.HEARTH_DATA_DIR ?? './data');
  const config: Config = {
    port,
    host: env.HOST ?? '127.0.0.1',
    dataDir,
    databaseUrl: env.DATABASE_URL || `sqlite:${path.join(dataDir, 'hearth.db')}`,
    redisUrl: env.REDIS_URL || undefined,
    baseUrl: (env.HEARTH_BASE_URL ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    smtpUrl: env.SMTP_URL || undefined,
    logLevel: env.LOG_LEVEL ?? 'info',
    trustProxy: env.TRUST_PROXY === '1' || env.TRUST_PROXY === 'true',
    registrationsPerIpPerHour: intFrom(env.HEARTH_REGISTRATIONS_PER_IP_HOUR, 10, 'HEARTH_REGISTRATIONS_PER_IP_HOUR'),
    sessionIdleDays: intFrom(env.HEARTH_SESSION_IDLE_DAYS, 14, 'HEARTH_SESSION_IDLE_DAYS'),
    sessionAbsoluteDays: intFrom(env.HEARTH_SESSION_MAX_DAYS, 90, 'HEARTH_SESSION_MAX_DAYS'),
    streamHeartbeatMs: intFrom(env.HEARTH_STREAM_HEARTBEAT_MS, 30_000, 'HEARTH_STREAM_HEARTBEAT_MS'),
    moderationLlm: moderationLlmFrom(env),
    emailQuietMinutes: intFrom(env.HEARTH_EMAIL_QUIET_MINUTES, 10, 'HEARTH_EMAIL_QUIET_MINUTES'),
    newMemberLimits: !['0', 'false'].includes(env.HEARTH_NEW_MEMBER_LIMITS ?? ''),
    searchBandBudget: intFrom(env.HEARTH_SEARCH_BAND_BUDGET, 60_000, 'HEARTH_SEARCH_BAND_BUDGET'),
    searchRecentItems: intFrom(env.HEARTH_SEARCH_RECENT_ITEMS, 100_000, 'HEARTH_SEARCH_RECENT_ITEMS'),
    searchWorkers: intFrom(env.HEARTH_SEARCH_WORKERS, 1, 'HEARTH_SEARCH_WORKERS'),
    ...overrides,
  };
  return config;
}
