/**
 * The boot data (the API responses a server-rendered page was built from) travels in the page
 * beside the HTML made from it. Rendered post and comment bodies are the bulk of both, so the
 * server leaves out of the boot data each body the page already shows in an element marked
 * `data-body="<id>"`, and the browser reads it back from there before hydrating.
 */
const IN_PAGE = '\u0000in-page';

type Json = unknown;

function walk(value: Json, visit: (o: Record<string, Json>) => void): void {
  if (Array.isArray(value)) {
    for (const v of value) walk(v, visit);
  } else if (value && typeof value === 'object') {
    const o = value as Record<string, Json>;
    visit(o);
    for (const v of Object.values(o)) walk(v, visit);
  }
}

/** Server: the boot data with bodies shown in `pageHtml` left out (a copy; the input is untouched). */
export function shrinkBoot<T>(data: T, pageHtml: string): T {
  const shown = new Set([...pageHtml.matchAll(/data-body="([^"]+)"/g)].map((m) => m[1]));
  if (shown.size === 0) return data;
  const copy = JSON.parse(JSON.stringify(data)) as T;
  walk(copy, (o) => {
    if (typeof o.id === 'string' && typeof o.bodyHtml === 'string' && shown.has(o.id)) o.bodyHtml = IN_PAGE;
  });
  return copy;
}

/** Browser: puts the left-out bodies back from the page (in place). */
export function restoreBoot<T>(data: T, doc: Document): T {
  walk(data, (o) => {
    if (o.bodyHtml === IN_PAGE && typeof o.id === 'string') {
      o.bodyHtml = doc.querySelector(`[data-body="${CSS.escape(o.id)}"]`)?.innerHTML ?? '';
    }
  });
  return data;
}
