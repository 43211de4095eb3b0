import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

/**
 * Member-written Markdown → safe HTML. markdown-it runs with raw HTML off, and everything it
 * produces still passes an allow-list sanitizer, so no script, event handler, style or
 * javascript:/data: URL survives even if a renderer rule has a bug.
 */
const md = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: false });

export interface RenderOptions {
  /** The site's own origin: links elsewhere get rel="nofollow ugc noopener". */
  siteOrigin: string;
}

const allowedTags = [
  'p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'code', 'em', 'strong', 's', 'del',
  'ul', 'ol', 'li', 'a', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td',
];

function isExternal(href: string, siteOrigin: string): boolean {
  try {
    return new URL(href, siteOrigin).origin !== siteOrigin;
  } catch {
    return true;
  }
}

function alignFromStyle(tagName: string, attribs: Record<string, string>) {
  const align = /^text-align:(left|right|center)$/.exec(attribs.style ?? '')?.[1];
  const kept: Record<string, string> = align ? { align } : {};
  return { tagName, attribs: kept };
}

export function renderMarkdown(source: string, options: RenderOptions): string {
  return renderPlainParagraphs(source) ?? renderMarkdownByParsing(source, options);
}

/**
 * The HTML of text with no Markdown in it at all — most comments — without the parser and the
 * sanitizer (together ~90% of a short comment's rendering): its paragraphs, with line breaks.
 * Null when the text could render any other way: markup characters or block markers
 * (MAYBE_MARKUP), anything that would become a link, or whitespace at either end of a
 * line, which Markdown trims (and four spaces start a code block). A property test holds it
 * to the parser's output.
 */
export function renderPlainParagraphs(source: string): string | null {
  if (MAYBE_MARKUP.test(source)) return null;
  const text = source.replace(/\r\n?/g, '\n').replace(/^\n+|\n+$/g, '');
  if (text === '') return null;
  if (text.split('\n').some((line) => /^\s|\s$/.test(line))) return null;
  // markdown-it links "scheme://…" wherever it stands, even inside a word where linkify's
  // own test finds no link.
  if (source.includes('://') || md.linkify.test(source)) return null;
  return text.replace(/>/g, '&gt;').split(/\n{2,}/).map((paragraph) => `<p>${paragraph.replaceAll('\n', '<br />\n')}</p>\n`).join('');
}

/** renderMarkdown through the parser and the sanitizer, whatever the source holds. */
export function renderMarkdownByParsing(source: string, options: RenderOptions): string {
  const raw = md.render(source);
  return sanitizeHtml(raw, {
    allowedTags,
    allowedAttributes: {
      a: ['href', 'title', 'rel'],
      img: ['src', 'alt', 'title'],
      code: ['class'],
      th: ['align'],
      td: ['align'],
      ol: ['start'],
    },
    allowedClasses: { code: [/^language-[\w-]+$/] },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['http', 'https'] },
    allowProtocolRelative: false,
    transformTags: {
      // markdown-it aligns table columns with a style attribute, which is not allowed through;
      // the plain align attribute keeps the alignment the author asked for.
      th: alignFromStyle,
      td: alignFromStyle,
      a: (tagName, attribs) => {
        const href = attribs.href ?? '';
        const attrs: Record<string, string> = { ...attribs };
        delete attrs.rel;
        if (isExternal(href, options.siteOrigin)) attrs.rel = 'nofollow ugc noopener';
        return { tagName, attribs: attrs };
      },
    },
  });
}

/** Plain text of a Markdown source (for excerpts, search and e-mail), without markup. */
export function markdownToText(source: string): string {
  return MAYBE_MARKUP.test(source) ? markdownToTextByParsing(source) : source.replace(/\s+/g, ' ').trim();
}

/**
 * Anything that could make Markdown differ from its plain text: inline syntax characters
 * (escapes, code, emphasis, strikethrough, links, images '![', autolinks, entities, tables, NUL;
 * '%' and 'xn--', which linkify decodes in the links it finds),
 * and block markers at the start of a line (headings, quotes, lists, rules, setext
 * underlines). Most posts and comments have none, and skip the parser (~70 µs a post).
 */
const MAYBE_MARKUP = /[\\`*_~[\]<&|%\0]|!\[|xn--|^[ \t]*(?:[#>+=-]|\d+[.)])/im;

/** markdownToText through the parser, whatever the source holds. */
export function markdownToTextByParsing(source: string): string {
  const parts: string[] = [];
  for (const token of md.parse(source, {})) {
    if (token.type === 'inline') {
      for (const child of token.children ?? []) {
        if (child.type === 'text' || child.type === 'code_inline') parts.push(child.content);
        else if (child.type === 'softbreak' || child.type === 'hardbreak') parts.push(' ');
      }
      parts.push(' ');
    } else if (token.type === 'fence' || token.type === 'code_block') {
      parts.push(token.content, ' ');
    }
  }
  return parts.join('').replace(/\s+/g, ' ').trim();
}

export function excerptOf(source: string, maxChars = 160): string {
  const text = markdownToText(source);
  const chars = [...text];
  return chars.length <= maxChars ? text : `${chars.slice(0, maxChars - 1).join('')}…`;
}
