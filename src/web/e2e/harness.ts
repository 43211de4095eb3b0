import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../../server/platform/testing/index.ts';
import type { Lang } from '../i18n/index.tsx';

export const artifactsDir = path.resolve(import.meta.dirname, '../../../test-artifacts/browser');

export const viewports = {
  desktop: { width: 1280, height: 860 },
  phone: { width: 360, height: 740 },
} as const;

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.HEARTH_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A fresh browser profile speaking one language at one size; fails the test on any page error. */
export async function newMemberContext(browser: Browser, lang: Lang, viewport: keyof typeof viewports): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({
    viewport: viewports[viewport], locale: lang, extraHTTPHeaders: { 'accept-language': lang },
    isMobile: viewport === 'phone', hasTouch: viewport === 'phone',
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  return { context, page, errors };
}

export async function startServerWithCategory(): Promise<TestServer> {
  const server = await startTestServer({ name: 'sqlite', url: undefined });
  const admin = await server.member({ role: 'admin' });
  await admin.client.post('/api/v1/categories', { slug: 'life', name: '生活 Life', description: 'Everyday life' });
  return server;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(artifactsDir, { recursive: true });
  await page.screenshot({ path: path.join(artifactsDir, `${name}.png`), fullPage: true });
}

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation { id: string; impact: string | null; help: string; nodes: number }

/** Runs axe-core in the page (through the DevTools protocol, so the page's CSP still holds). */
export async function axeSeriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: unknown[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
