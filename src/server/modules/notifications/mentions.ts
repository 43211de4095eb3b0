/** How many members one post or comment can notify by @mention: enough for a real
 * conversation, too few to turn a comment into a mass mailing. */
export const MAX_MENTIONS = 10;

// Code is quoted text, not an address: `@decorator` in a snippet notifies nobody.
const code = /```[\s\S]*?(?:```|$)|~~~[\s\S]*?(?:~~~|$)|`[^`\n]*`/g;
// Usernames are 3–32 letters, digits, `_`, `.`, `-`, starting with a letter or digit. The
// look-behind keeps e-mail addresses (a@b.c) from counting as mentions, while Chinese text
// runs straight into a mention without a space ("谢谢@alice").
const mention = /(?<![A-Za-z0-9_.@-])@([A-Za-z0-9][A-Za-z0-9_.-]{1,31})/g;

/** Lower-cased usernames mentioned in a Markdown text, in order of first appearance. */
export function parseMentions(markdown: string): string[] {
  const found = new Set<string>();
  for (const match of markdown.replace(code, ' ').matchAll(mention)) {
    // A sentence may end right after the name: "thanks @alice." mentions alice.
    const name = match[1]!.replace(/[.-]+$/, '').toLowerCase();
    if (name.length >= 3) found.add(name);
    if (found.size >= MAX_MENTIONS) break;
  }
  return [...found];
}
