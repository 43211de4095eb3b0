import { fileImport, startWorker, WorkerChannel, workerReady } from '../threads/index.ts';
import type { IndexDoc } from './types.ts';

/** An item's text as stored; `markdown` when its body is Markdown to be read as plain text. */
export interface RawItem {
  type: string;
  refId: string;
  title: string;
  body: string;
  markdown: boolean;
}

/**
 * Tokenises batches of items on a worker thread, so that a bulk rebuild segments one batch
 * while the database writes the previous one (on two cores, about twice as fast as doing
 * both in turn).
 */
export class Tokenizer {
  private constructor(private readonly channel: WorkerChannel) {}

  /** Starts a worker that segments with the site's own words as well as jieba's. */
  static async start(customWords: readonly string[]): Promise<Tokenizer> {
    const worker = await startWorker(`import ${fileImport(new URL('./tokenize-worker.ts', import.meta.url))};`, { workerData: [...customWords] });
    const channel = new WorkerChannel(worker, 'tokenizer');
    await workerReady(worker, 'tokenizer');
    return new Tokenizer(channel);
  }

  tokenize(items: RawItem[]): Promise<IndexDoc[]> {
    return this.channel.request<IndexDoc[]>(items);
  }

  async close(): Promise<void> {
    this.channel.worker.removeAllListeners('exit');
    await this.channel.worker.terminate();
  }
}
