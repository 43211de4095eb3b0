// The yardstick: a bare Fastify JSON route in its own process, measured in the same run as
// Hearth so that every figure can be read as a fraction of what this machine can serve at all.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/', async () => ({ hello: 'world' }));

// The same route sending a body of the given size, made once: what the load generator can take
// in at that size. It reads every byte it receives (though it no longer decodes bodies: see
// measure.ts), so for a page of 50 KB it, not the server, may set the pace (see the uncompressed
// post page in run.ts).
const bodies = new Map<number, Buffer>();
app.get<{ Params: { bytes: string } }>('/bytes/:bytes', async (request, reply) => {
  const size = Math.min(Number(request.params.bytes) || 0, 1 << 20);
  let body = bodies.get(size);
  if (!body) {
    body = Buffer.alloc(size, '<p>社区 hearth</p>\n');
    bodies.set(size, body);
  }
  return reply.type('text/html; charset=utf-8').send(body);
});
await app.listen({ port: Number(process.argv[2] ?? 0), host: '127.0.0.1' });
process.stdout.write('ready\n');
