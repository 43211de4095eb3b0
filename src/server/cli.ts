import { parseArgs } from 'node:util';
import { roles, type Role } from '../common/roles.ts';
import { openAndMigrate } from './app.ts';
import { loadConfig } from './platform/config/index.ts';
import { translate } from './platform/http/index.ts';
import { createAccounts } from './modules/accounts/index.ts';
import { createModuleContext } from './platform/module.ts';
import pino from 'pino';

const usage = `Usage: hearth <command> [options]

Commands:
  start                      run the server (what \`npm start\` does)
  migrate                    apply pending database migrations
  user create --username U --email E --password P [--role admin|operator|moderator|member]
                             create an account (password rules as for registration)
  search reindex             rebuild the search index from posts, comments and members
  moderation train --input FILE [--output FILE] [--activate]
                             train the classifier on a CSV (TEXT, label columns); stored as
                             a new model version, or written to FILE
  moderation eval --input FILE [--model FILE]
                             evaluate the active (or given) classifier; prints one JSON line
  seed [--preset small|large] [--users N] [--posts N] [--comments N] [--seed S] [--force]
                             fill an empty database with a synthetic community (benchmarks)
  demo [--seed S] [--force]  fill an empty database with a Chinese demo community and print
                             the admin's password; --force adds it to a site that has data
  backup FILE                write a consistent .tar.gz of the database and uploads (safe
                             while the server runs)
  restore FILE [--force]     restore a backup into an empty site (stop the server first);
                             --force replaces a site that already has data
  help                       show this text

Configuration comes from the environment: PORT, HOST, HEARTH_DATA_DIR, DATABASE_URL,
REDIS_URL, HEARTH_BASE_URL, SMTP_URL, LOG_LEVEL (see README.md).`;

function fatal(message: string): never {
  console.error(message);
  process.exit(1);
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const config = loadConfig();
  switch (command) {
    case 'start':
    case undefined: {
      const { startServer } = await import('./main.ts');
      await startServer(config);
      return;
    }
    case 'migrate': {
      const handle = await openAndMigrate(config);
      console.log(`migrations applied (${handle.dialect})`);
      await handle.close();
      return;
    }
    case 'user': {
      const [sub, ...args] = rest;
      if (sub !== 'create') fatal(usage);
      const { values } = parseArgs({
        args,
        options: {
          username: { type: 'string' }, email: { type: 'string' }, password: { type: 'string' }, role: { type: 'string', default: 'member' },
        },
      });
      if (!values.username || !values.email || !values.password) fatal('user create needs --username, --email and --password');
      if (!(roles as readonly string[]).includes(values.role!)) fatal(`--role must be one of ${roles.join(', ')}`);
      const handle = await openAndMigrate(config);
      const log = pino({ level: 'warn' });
      const ctx = createModuleContext(handle, config, log);
      const { service } = createAccounts(ctx);
      const result = await service.createUser({ username: values.username, email: values.email, password: values.password, role: values.role as Role });
      await handle.close();
      if (!result.ok) {
        const reasons = result.errors?.map((e) => `${e.field}: ${translate('en', e.key, e.params)}`) ?? [translate('en', result.key, result.params)];
        fatal(`could not create the user:\n  ${reasons.join('\n  ')}`);
      }
      console.log(`created ${result.value.role} ${result.value.username} (${result.value.id})`);
      return;
    }
    case 'moderation': {
      const [sub, ...args] = rest;
      if (sub !== 'train' && sub !== 'eval') fatal(usage);
      const { values } = parseArgs({
        args, options: { input: { type: 'string' }, output: { type: 'string' }, model: { type: 'string' }, activate: { type: 'boolean', default: false } },
      });
      if (!values.input) fatal(`moderation ${sub} needs --input FILE`);
      const fs = await import('node:fs');
      const m = await import('./modules/moderation/index.ts');
      const examples = m.examplesFromCsv(fs.readFileSync(values.input, 'utf8'));
      if (examples.length === 0) fatal(`${values.input} has no labelled rows (columns TEXT and label)`);
      if (sub === 'eval') {
        const model = values.model ? m.readModelFile(values.model) : await m.activeModelFromDb(await openAndMigrate(config));
        console.log(JSON.stringify(m.evaluate(model, examples)));
        return;
      }
      const model = await m.trainModel(examples);
      if (values.output) {
        m.writeModelFile(values.output, model);
        console.log(`model written to ${values.output} (${examples.length} examples)`);
        return;
      }
      const handle = await openAndMigrate(config);
      const version = await m.storeModelVersion(handle, model, { examples: examples.length, input: values.input }, values.activate);
      console.log(`stored model version ${version}${values.activate ? ' (active)' : ''} from ${examples.length} examples`);
      return;
    }
    case 'search': {
      if (rest[0] !== 'reindex') fatal(usage);
      const handle = await openAndMigrate(config);
      const log = pino({ level: 'warn' });
      const ctx = createModuleContext(handle, config, log);
      const { reindexSearch } = await import('./modules/search/index.ts');
      const { Progress } = await import('./platform/progress/index.ts');
      const started = Date.now();
      const count = async (table: 'posts' | 'comments' | 'users') =>
        Number((await handle.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      const progress = new Progress((await count('posts')) + (await count('comments')) + (await count('users')));
      progress.setPhase('search index');
      const counts = await reindexSearch(ctx, { onProgress: (n) => progress.advance(n) });
      progress.end();
      await handle.close();
      console.log(`search index rebuilt in ${Date.now() - started} ms: ${counts.post} posts, ${counts.comment} comments, ${counts.user} members`);
      return;
    }
    case 'seed': {
      const { runSeedCommand } = await import('./modules/seed/index.ts');
      process.exitCode = await runSeedCommand(rest, config);
      return;
    }
    case 'demo': {
      const { runDemoCommand } = await import('./modules/demo/index.ts');
      process.exitCode = await runDemoCommand(rest, config);
      return;
    }
    case 'backup':
    case 'restore': {
      const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { force: { type: 'boolean', default: false } } });
      const [file] = positionals;
      if (!file || positionals.length > 1) fatal(`${command} needs one FILE\n\n${usage}`);
      const backup = await import('./platform/backup/index.ts');
      const target = { databaseUrl: config.databaseUrl, dataDir: config.dataDir };
      try {
        const m = command === 'backup'
          ? await backup.createBackup(target, file)
          : await backup.restoreBackup(target, file, { force: values.force });
        const rows = Object.values(m.tables).reduce((sum, t) => sum + t.rows, 0);
        console.log(`${command === 'backup' ? 'backed up' : 'restored'} ${m.dialect} database (${Object.keys(m.tables).length} tables, ${rows} rows, `
          + `checksum ${m.checksum.slice(0, 16)}) and ${m.uploads.files} uploaded files ${command === 'backup' ? 'to' : 'from'} ${file}`);
      } catch (error) {
        fatal(`${command} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      return;
    }
    case 'help':
      console.log(usage);
      return;
    default:
      fatal(`unknown command "${command}"\n\n${usage}`);
  }
}

/** Option mistakes (an unknown flag, a missing value) are the user's: say which, without a stack. */
function isArgumentError(error: unknown): error is Error {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' && error.code.startsWith('ERR_PARSE_ARGS_');
}

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  console.log(usage);
} else {
  try {
    await main(args);
  } catch (error) {
    if (!isArgumentError(error)) throw error;
    fatal(`${error.message}\n\n${usage}`);
  }
}
