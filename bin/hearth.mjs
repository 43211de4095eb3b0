#!/usr/bin/env node
// Entry point for `hearth <command>`: runs the TypeScript CLI through tsx's loader,
// so a checkout needs no build step before `npm start`.
import { register } from 'tsx/esm/api';

// React (server rendering of the web app) picks its fast production build from NODE_ENV.
process.env.NODE_ENV ??= 'production';
register();
await import('../src/server/cli.ts');
