import { createContext, useContext, useEffect } from 'react';
import { en, type MessageKey } from './en.ts';
import { zhCN } from './zh-CN.ts';

export type Lang = 'zh-CN' | 'en';
export const LANGS: readonly Lang[] = ['zh-CN', 'en'];
export const LANG_NAMES: Record<Lang, string> = { 'zh-CN': '简体中文', en: 'English' };
export const LANG_COOKIE = 'hearth_lang';
export type { MessageKey };

const dictionaries: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

export function isLang(value: unknown): value is Lang {
  return value === 'zh-CN' || value === 'en';
}

/** Accept-Language → one of our languages; Chinese first because the community is Chinese. */
export function langFromAcceptLanguage(header: string | undefined): Lang {
  if (!header) return 'zh-CN';
  const ranked = header.split(',').map((part) => {
    const [tag = '', ...params] = part.trim().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) : 1 };
  }).filter((r) => r.tag && r.q > 0).sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return 'zh-CN';
}

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function translator(lang: Lang): Translate {
  const dict = dictionaries[lang];
  return (key, params) => {
    const text = dict[key] ?? en[key];
    return params ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m)) : text;
  };
}

export interface I18n {
  lang: Lang;
  t: Translate;
  setLang(lang: Lang): void;
}

export const I18nContext = createContext<I18n>({ lang: 'zh-CN', t: translator('zh-CN'), setLang: () => {} });

export function useI18n(): I18n {
  return useContext(I18nContext);
}

export function formatDate(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'short', day: 'numeric' }).format(new Date(iso));
}

export function formatDateTime(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** Keeps the tab's title in step with client-side navigation (the server sets the first one). */
export function useDocumentTitle(title: string | undefined): void {
  const { t } = useI18n();
  const site = t('site.name');
  useEffect(() => {
    if (title) document.title = `${title} · ${site}`;
  }, [title, site]);
}
