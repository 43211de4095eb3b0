// The yardstick: a bare Fastify JSON route in its own process, measured in the same run as
// Hearth so that every figure can be read as a fraction of what this machine can serve at all.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/', async () => ({ hello: 'world' }));
await app.listen({ port: Number(process.argv[2] ?? 0), host: '127.0.0.1' });
process.stdout.write('ready\n');
