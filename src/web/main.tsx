import { hydrateRoot } from 'react-dom/client';
import { BrowserRoot, type BootData } from './Root.tsx';
import { restoreBoot } from './boot.ts';
import { isLang } from './i18n/index.tsx';
import './styles.css';

const theme = window.localStorage.getItem('hearth:theme');
if (theme === 'dark' || theme === 'light') document.documentElement.dataset.theme = theme;

function readBoot(): BootData {
  try {
    const boot = JSON.parse(document.getElementById('hearth-boot')?.textContent ?? '{}') as Partial<BootData>;
    return { lang: isLang(boot.lang) ? boot.lang : 'zh-CN', data: Array.isArray(boot.data) ? restoreBoot(boot.data, document) : [] };
  } catch {
    return { lang: 'zh-CN', data: [] };
  }
}

const { pathname, search, hash } = window.location;
hydrateRoot(document.getElementById('root')!, <BrowserRoot location={{ pathname, search, hash }} boot={readBoot()} />);
