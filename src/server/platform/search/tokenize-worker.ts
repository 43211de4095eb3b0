/**
 * A worker thread that turns item text into index tokens (see tokenizer.ts): jieba and the
 * Markdown parser are half the work of a rebuild, and here they run beside the database writes.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { markdownToText } from '../markdown/index.ts';
// Not the folder's index: a worker bundle would take in esbuild and the read pool with it.
import { answerRequests } from '../threads/channel.ts';
import { Segmenter } from './segmenter.ts';
import type { IndexDoc } from './types.ts';
import type { RawItem } from './tokenizer.ts';

const segmenter = new Segmenter();
await segmenter.init();
await segmenter.setCustomWords(workerData as string[]);

answerRequests((items: RawItem[]): IndexDoc[] => items.map((item) => ({
  type: item.type,
  refId: item.refId,
  titleTokens: segmenter.indexText(item.title),
  bodyTokens: segmenter.indexText(item.markdown ? markdownToText(item.body) : item.body),
})));
parentPort!.postMessage({ ready: true });
