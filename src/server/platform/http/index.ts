export { addSecurityHeaders } from './security-headers.ts';
export { installErrorHandling, sendProblem } from './errors.ts';
export { installGuard, type Actor, type Authenticator, type RouteRateLimit } from './guard.ts';
export { pickLang, translate, missingMessageKeys, registerMessages, type Lang } from './i18n.ts';
export { ok, fail, invalidField, unwrap, raise, ProblemError, type Result, type Failure } from './problem.ts';
export * from './schemas.ts';
export { CompressibleBody, sendCompressible, acceptedEncoding, type Encoding } from './compression.ts';
