import { Negotiator } from '@fastify/accept-negotiator';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Compression of bodies that are sent many times as they are: cached anonymous pages and the
 * web app's files. Each body is compressed once, the first time a client asks for an encoding,
 * and kept beside the original, so a hit costs no compression at all (compressing a 54 KB
 * page on every request would cost more than serving it). Bodies made for one member are not
 * compressed here: they are sent once, and a page that mixes a member's secrets with text an
 * attacker chose is what compression side channels (BREACH) feed on.
 */
export type Encoding = 'br' | 'gzip';

/** Server preference where a client accepts both equally: brotli is a fifth smaller on HTML. */
const negotiator = new Negotiator<Encoding>({ supportedValues: ['br', 'gzip'] });

/** Below this a compressed body saves less than its headers and the work cost. */
const MIN_BYTES = 1024;

export function acceptedEncoding(request: FastifyRequest): Encoding | null {
  const header = request.headers['accept-encoding'];
  return typeof header === 'string' && header ? negotiator.negotiate(header) : null;
}

/** Brotli quality 5 of 11: the app's 330 KB script compresses in about 25 ms to 95 KB; quality
 * 11 gains a tenth more and takes 700 ms, which would stall every request on the first ask. */
const BROTLI_QUALITY = 5;

export class CompressibleBody {
  private readonly encoded = new Map<Encoding, Buffer>();

  constructor(readonly identity: Buffer) {}

  /** What it is expected to take in memory, its compressed forms included (a fifth to a third of it). */
  get bytes(): number {
    return Math.ceil(this.identity.length * 1.5);
  }

  /** The body in this encoding, or null when it stays as it is (too small to gain). */
  in(encoding: Encoding): Buffer | null {
    if (this.identity.length < MIN_BYTES) return null;
    let body = this.encoded.get(encoding);
    if (!body) {
      body = encoding === 'br'
        ? brotliCompressSync(this.identity, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
            [constants.BROTLI_PARAM_SIZE_HINT]: this.identity.length,
            [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          },
        })
        : gzipSync(this.identity, { level: 6 });
      this.encoded.set(encoding, body);
    }
    return body;
  }
}

/** Sends the body in the best encoding the client accepts, and tells caches the answer depends on it. */
export function sendCompressible(request: FastifyRequest, reply: FastifyReply, body: CompressibleBody): FastifyReply {
  const vary = reply.getHeader('vary');
  reply.header('vary', vary ? `${String(vary)}, accept-encoding` : 'accept-encoding');
  const encoding = acceptedEncoding(request);
  const encoded = encoding ? body.in(encoding) : null;
  if (!encoding || !encoded) return reply.send(body.identity);
  return reply.header('content-encoding', encoding).send(encoded);
}
