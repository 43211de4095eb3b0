/** Languages of API messages. zh-CN first: it is the default when a client states nothing. */
export type Lang = 'zh-CN' | 'en';

/** Picks zh-CN or en from an Accept-Language header, honouring q-values. */
export function pickLang(header: string | undefined): Lang {
  if (!header) return 'zh-CN';
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1, index };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return 'zh-CN';
}

type Catalog = Record<string, string>;

const zh: Catalog = {
  'problem.badRequest': '请求无效',
  'problem.unauthorized': '需要登录',
  'problem.forbidden': '没有权限',
  'problem.notFound': '找不到该内容',
  'problem.conflict': '与现有数据冲突',
  'problem.tooLarge': '请求内容过大',
  'problem.unsupportedMedia': '不支持的内容类型',
  'problem.unprocessable': '操作不被允许',
  'problem.tooMany': '请求过于频繁',
  'problem.internal': '服务器内部错误',
  'problem.unavailable': '服务暂时不可用',
  'error.validation': '提交的内容有误，请检查标出的字段',
  'error.invalidJson': '请求体不是有效的 JSON',
  'error.bodyTooLarge': '请求体超过了大小限制',
  'error.unsupportedMedia': '请使用 application/json 提交',
  'error.internal': '服务器出了点问题，请稍后重试',
  'error.databaseUnavailable': '数据库暂时不可用，请稍后重试',
  'error.routeNotFound': '没有这个接口',
  'error.signInRequired': '请先登录',
  'error.permissionDenied': '你没有执行此操作的权限',
  'error.csrf': '请求来源校验失败，请刷新页面后重试',
  'error.rateLimited': '操作太频繁了，请在 {seconds} 秒后重试',
  'error.invalidCursor': '分页游标无效',
  'error.invalidText': '文本包含不允许的控制字符',
  'field.required': '此项为必填',
  'field.tooShort': '至少需要 {limit} 个字符',
  'field.tooLong': '最多 {limit} 个字符',
  'field.tooSmall': '不能小于 {limit}',
  'field.tooBig': '不能大于 {limit}',
  'field.format': '格式不正确',
  'field.email': '请输入有效的邮箱地址',
  'field.type': '类型不正确',
  'field.enum': '取值必须是以下之一：{values}',
  'field.pattern': '格式不正确',
  'field.tooManyItems': '最多 {limit} 项',
  'field.invalid': '取值无效',
};

const en: Catalog = {
  'problem.badRequest': 'Bad request',
  'problem.unauthorized': 'Sign-in required',
  'problem.forbidden': 'Forbidden',
  'problem.notFound': 'Not found',
  'problem.conflict': 'Conflict',
  'problem.tooLarge': 'Payload too large',
  'problem.unsupportedMedia': 'Unsupported media type',
  'problem.unprocessable': 'Not allowed',
  'problem.tooMany': 'Too many requests',
  'problem.internal': 'Internal server error',
  'problem.unavailable': 'Service unavailable',
  'error.validation': 'Some fields are invalid; see the errors listed',
  'error.invalidJson': 'The request body is not valid JSON',
  'error.bodyTooLarge': 'The request body is larger than allowed',
  'error.unsupportedMedia': 'Send the request as application/json',
  'error.internal': 'Something went wrong on our side; please try again later',
  'error.databaseUnavailable': 'The database is unavailable for a moment; please retry shortly',
  'error.routeNotFound': 'There is no such endpoint',
  'error.signInRequired': 'Please sign in first',
  'error.permissionDenied': 'You are not allowed to do this',
  'error.csrf': 'The request origin could not be verified; reload the page and try again',
  'error.rateLimited': 'Too many requests; try again in {seconds} seconds',
  'error.invalidCursor': 'The pagination cursor is invalid',
  'error.invalidText': 'The text contains control characters that are not allowed',
  'field.required': 'This field is required',
  'field.tooShort': 'Must be at least {limit} characters',
  'field.tooLong': 'Must be at most {limit} characters',
  'field.tooSmall': 'Must be at least {limit}',
  'field.tooBig': 'Must be at most {limit}',
  'field.format': 'Invalid format',
  'field.email': 'Enter a valid e-mail address',
  'field.type': 'Wrong type',
  'field.enum': 'Must be one of: {values}',
  'field.pattern': 'Invalid format',
  'field.tooManyItems': 'At most {limit} items',
  'field.invalid': 'Invalid value',
};

const catalogs: Record<Lang, Catalog> = { 'zh-CN': zh, en };

/** Each module brings its own messages (its `messages.ts`), in both languages. */
export function registerMessages(messages: Record<Lang, Catalog>): void {
  Object.assign(zh, messages['zh-CN']);
  Object.assign(en, messages.en);
}

export type MessageParams = Record<string, string | number>;

export function translate(lang: Lang, key: string, params: MessageParams = {}): string {
  const template = catalogs[lang][key] ?? catalogs.en[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

/** Keys present in one language but not the other (a test keeps this empty). */
export function missingMessageKeys(): string[] {
  const keys = new Set([...Object.keys(zh), ...Object.keys(en)]);
  return [...keys].filter((k) => !(k in zh) || !(k in en));
}
