/**
 * Test support: a real Hearth server on a real database (a temporary SQLite file, or a fresh
 * PostgreSQL schema when TEST_DATABASE_URL is set), driven over real HTTP.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { buildApp, type HearthApp } from '../../app.ts';
import { loadConfig, type Config } from '../config/index.ts';
import type { Role } from '../../../common/roles.ts';

export interface DbTarget {
  name: 'sqlite' | 'postgres';
  url: string | undefined;
}

/** SQLite always; PostgreSQL too when TEST_DATABASE_URL is set (CI sets it). */
/** Removes a test's own PostgreSQL schema (tests isolate themselves in one). */
export async function dropPgSchema(url: string, schema: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`drop schema if exists "${schema}" cascade`);
  await admin.end();
}

export function dbTargets(): DbTarget[] {
  const targets: DbTarget[] = [{ name: 'sqlite', url: undefined }];
  if (process.env.TEST_DATABASE_URL) targets.push({ name: 'postgres', url: process.env.TEST_DATABASE_URL });
  return targets;
}

export interface TestServer {
  hearth: HearthApp;
  baseUrl: string;
  config: Config;
  client(): TestClient;
  /** Creates an account directly (no HTTP, no registration limits) and returns a signed-in client. */
  member(options?: { role?: Role; username?: string; password?: string }): Promise<SignedIn>;
  close(): Promise<void>;
}

export interface SignedIn {
  client: TestClient;
  id: string;
  username: string;
  password: string;
}

let counter = 0;
export function uniqueName(prefix = 'user'): string {
  counter += 1;
  return `${prefix}${process.pid % 1000}x${counter}${randomBytes(2).toString('hex')}`;
}

export async function startTestServer(target: DbTarget, overrides: Partial<Config> = {}): Promise<TestServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-test-'));
  const schema = target.name === 'postgres' ? `t_${randomBytes(6).toString('hex')}` : undefined;
  const config = loadConfig({}, {
    dataDir,
    databaseUrl: target.url ?? `sqlite:${path.join(dataDir, 'hearth.db')}`,
    port: 0,
    registrationsPerIpPerHour: 1000,
    logLevel: 'silent',
    ...overrides,
  });
  const hearth = await buildApp({ config, logger: false, dbOptions: schema ? { pgSchema: schema, poolSize: 5 } : {} });
  await hearth.app.listen({ port: 0, host: '127.0.0.1' });
  const address = hearth.app.server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  const baseUrl = `http://127.0.0.1:${address.port}`;
  hearth.ctx.config.baseUrl = overrides.baseUrl ?? baseUrl;

  const server: TestServer = {
    hearth,
    baseUrl,
    config: hearth.ctx.config,
    client: () => new TestClient(baseUrl),
    async member(options = {}) {
      const username = options.username ?? uniqueName();
      const password = options.password ?? `pw-${randomBytes(6).toString('hex')}`;
      const created = await hearth.accounts.createUser({ username, email: `${username}@example.test`, password, role: options.role ?? 'member' });
      if (!created.ok) throw new Error(`could not create ${username}: ${JSON.stringify(created)}`);
      const client = new TestClient(baseUrl);
      const res = await client.post('/api/v1/auth/login', { login: username, password });
      if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
      return { client, id: created.value.id, username, password };
    },
    async close() {
      await hearth.close();
      if (schema && target.url) await dropPgSchema(target.url, schema);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return server;
}

export interface TestResponse<T = any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** A fetch-based client with a cookie jar and the CSRF header a browser page would send. */
export class TestClient {
  private readonly cookies = new Map<string, string>();
  private bearer: string | undefined;
  lang: string | undefined;

  constructor(readonly baseUrl: string) {}

  withToken(token: string): this {
    this.bearer = token;
    return this;
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  setCookie(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  clearCookies(): void {
    this.cookies.clear();
  }

  async request(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<TestResponse> {
    const h: Record<string, string> = { ...headers };
    if (body !== undefined && !('content-type' in h)) h['content-type'] = 'application/json';
    if (this.cookies.size) h.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const csrf = this.cookies.get('hearth_csrf');
    if (csrf && !('x-csrf-token' in h)) h['x-csrf-token'] = csrf;
    if (this.bearer) h.authorization = `Bearer ${this.bearer}`;
    if (this.lang) h['accept-language'] = this.lang;
    const res = await fetch(this.baseUrl + url, {
      method,
      headers: h,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      if (value === '' || /Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await res.text();
    let parsed: unknown = text;
    if ((res.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
    return { status: res.status, headers: res.headers, body: parsed, text };
  }

  get(url: string, headers?: Record<string, string>) { return this.request('GET', url, undefined, headers); }
  post(url: string, body?: unknown, headers?: Record<string, string>) { return this.request('POST', url, body ?? {}, headers); }
  put(url: string, body?: unknown, headers?: Record<string, string>) { return this.request('PUT', url, body, headers); }
  patch(url: string, body?: unknown, headers?: Record<string, string>) { return this.request('PATCH', url, body, headers); }
  delete(url: string, headers?: Record<string, string>) { return this.request('DELETE', url, undefined, headers); }
}
