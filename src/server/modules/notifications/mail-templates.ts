import { translate, type Lang } from '../../platform/http/index.ts';
import type { MailMessage } from '../../platform/mail/index.ts';
import type { Notification } from './schema.ts';
import type { EmailKind } from './tables.ts';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** E-mail speaks the member's language when they chose one, and zh-CN otherwise. */
export function langOf(locale: string | null): Lang {
  return locale?.toLowerCase().startsWith('en') ? 'en' : 'zh-CN';
}

/** The headers that let mail clients offer their own unsubscribe button (RFC 2369, RFC 8058). */
function unsubscribeHeaders(unsubscribeUrl: string): Record<string, string> {
  return { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

function layout(lang: Lang, paragraphsHtml: string, kind: EmailKind, unsubscribeUrl: string): string {
  const footer = translate(lang, 'notifications.mail.unsubscribe', { kind: translate(lang, `notifications.kind.${kind}`) });
  return `<!doctype html><html lang="${lang}"><body style="font-family:sans-serif;line-height:1.6">${paragraphsHtml}`
    + `<hr><p style="color:#666;font-size:12px">${escapeHtml(footer)} <a href="${escapeHtml(unsubscribeUrl)}">${escapeHtml(unsubscribeUrl)}</a></p>`
    + '</body></html>';
}

function describe(lang: Lang, n: Notification): string {
  const actor = n.actor.displayName || n.actor.username;
  const title = n.subject.title ?? '';
  if (n.kind === 'like' && n.actorCount > 1) {
    return translate(lang, 'notifications.line.likeMany', { actor, others: n.actorCount - 1, title });
  }
  return translate(lang, `notifications.line.${n.kind}`, { actor, title });
}

export function instantMail(lang: Lang, to: string, n: Notification, link: string, unsubscribeUrl: string): MailMessage {
  const kind: EmailKind = n.kind === 'mention' ? 'mentions' : 'replies';
  const subject = describe(lang, n);
  const excerpt = n.subject.excerpt ?? '';
  const open = translate(lang, 'notifications.mail.open');
  const unsubscribe = translate(lang, 'notifications.mail.unsubscribe', { kind: translate(lang, `notifications.kind.${kind}`) });
  return {
    to,
    subject,
    text: `${subject}\n\n${excerpt}\n\n${open}: ${link}\n\n--\n${unsubscribe} ${unsubscribeUrl}\n`,
    html: layout(lang, `<p>${escapeHtml(subject)}</p><blockquote>${escapeHtml(excerpt)}</blockquote>`
      + `<p><a href="${escapeHtml(link)}">${escapeHtml(open)}</a></p>`, kind, unsubscribeUrl),
    headers: unsubscribeHeaders(unsubscribeUrl),
  };
}

export function digestMail(lang: Lang, to: string, items: { notification: Notification; link: string }[], unsubscribeUrl: string): MailMessage {
  const subject = translate(lang, 'notifications.mail.digestSubject', { count: items.length });
  const intro = translate(lang, 'notifications.mail.digestIntro');
  const lines = items.map((i) => ({ text: describe(lang, i.notification), link: i.link }));
  const unsubscribe = translate(lang, 'notifications.mail.unsubscribe', { kind: translate(lang, 'notifications.kind.digest') });
  return {
    to,
    subject,
    text: `${intro}\n\n${lines.map((l) => `- ${l.text}\n  ${l.link}`).join('\n')}\n\n--\n${unsubscribe} ${unsubscribeUrl}\n`,
    html: layout(lang, `<p>${escapeHtml(intro)}</p><ul>${lines.map((l) => `<li><a href="${escapeHtml(l.link)}">${escapeHtml(l.text)}</a></li>`).join('')}</ul>`,
      'digest', unsubscribeUrl),
    headers: unsubscribeHeaders(unsubscribeUrl),
  };
}

/** The small page an unsubscribe link opens: a confirmation button (no change on GET), or
 * the outcome after it was pressed. */
export function unsubscribePage(lang: Lang, body: { confirmKind?: EmailKind; token?: string; doneKind?: EmailKind }): string {
  const title = translate(lang, 'notifications.unsub.title');
  let content: string;
  if (body.confirmKind && body.token) {
    const question = translate(lang, 'notifications.unsub.confirm', { kind: translate(lang, `notifications.kind.${body.confirmKind}`) });
    content = `<p>${escapeHtml(question)}</p><form method="post" action="/api/v1/unsubscribe">`
      + `<input type="hidden" name="token" value="${escapeHtml(body.token)}">`
      + `<button type="submit">${escapeHtml(translate(lang, 'notifications.unsub.button'))}</button></form>`;
  } else if (body.doneKind) {
    content = `<p>${escapeHtml(translate(lang, 'notifications.unsub.done', { kind: translate(lang, `notifications.kind.${body.doneKind}`) }))}</p>`;
  } else {
    content = `<p>${escapeHtml(translate(lang, 'notifications.invalidUnsubscribe'))}</p>`;
  }
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">`
    + `<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title></head>`
    + `<body style="font-family:sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem"><h1>${escapeHtml(title)}</h1>${content}</body></html>`;
}
