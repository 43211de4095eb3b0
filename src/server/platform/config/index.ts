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
    ...overrides,
  };
  return config;
}
