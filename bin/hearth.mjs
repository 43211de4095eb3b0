#!/usr/bin/env node
// Entry point for `hearth <command>`: bundles the TypeScript CLI and server with esbuild
// (a fraction of a second; see src/server/platform/threads/bundle.mjs) and runs the bundle,
// so a checkout needs no build step before `npm start`.
import { fileURLToPath } from 'node:url';
import { bundleTypeScript } from '../src/server/platform/threads/bundle.mjs';

// React (server rendering of the web app) picks its fast production build from NODE_ENV.
process.env.NODE_ENV ??= 'production';
const cli = new URL('../src/server/cli.ts', import.meta.url);
await import((await bundleTypeScript(`import ${JSON.stringify(fileURLToPath(cli))};`, 'hearth')).href);
