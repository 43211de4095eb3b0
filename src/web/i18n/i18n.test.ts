import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { zhCN } from './zh-CN.ts';
import { langFromAcceptLanguage, translator } from './index.tsx';

const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'e2e' ? [] : sources(p);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('web app messages', () => {
  it('has every message in both languages, non-empty, with the same placeholders', () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
    for (const [key, text] of Object.entries(en)) {
      const zh = zhCN[key as keyof typeof en];
      expect(text.trim(), key).not.toBe('');
      expect(zh.trim(), key).not.toBe('');
      expect(placeholders(zh), key).toEqual(placeholders(text));
    }
  });

  it('knows every key the app asks for', () => {
    const keys = new Set(Object.keys(en));
    const missing: string[] = [];
    for (const file of sources(webDir)) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\(\s*'([^']+)'/g)) if (!keys.has(m[1]!)) missing.push(`${path.basename(file)}: ${m[1]}`);
      // Keys built from a value (`kind.${post.kind}`) must at least have their prefix.
      for (const m of text.matchAll(/\bt\(\s*`([^`$]+)\$\{/g)) {
        if (![...keys].some((k) => k.startsWith(m[1]!))) missing.push(`${path.basename(file)}: ${m[1]}…`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('has no words written directly into the page markup', () => {
    const found: string[] = [];
    for (const file of sources(webDir).filter((f) => f.endsWith('.tsx'))) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/>([^<>{}]*)</g)) {
        const words = m[1]!.replace(/&\w+;/g, '').trim();
        if (/[A-Za-z\u4e00-\u9fff]{2,}/.test(words) && !/=>|\(|\)|;|&&|\?|===|^:|\bextends\b/.test(words)) found.push(`${path.basename(file)}: ${words}`);
      }
      for (const m of text.matchAll(/\b(?:aria-label|placeholder|title|alt)="([^"]+)"/g)) found.push(`${path.basename(file)}: ${m[1]}`);
    }
    expect(found).toEqual([]);
  });

  it('picks the language from Accept-Language and fills placeholders', () => {
    expect(langFromAcceptLanguage('en-GB,en;q=0.9')).toBe('en');
    expect(langFromAcceptLanguage('fr-FR,en;q=0.5,zh;q=0.8')).toBe('zh-CN');
    expect(langFromAcceptLanguage('zh-TW')).toBe('zh-CN');
    expect(langFromAcceptLanguage(undefined)).toBe('zh-CN');
    expect(translator('en')('feed.comments', { count: 3 })).toBe('3 comments');
    expect(translator('zh-CN')('feed.comments', { count: 3 })).toBe('3 条评论');
  });
});
