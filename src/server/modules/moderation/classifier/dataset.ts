import { parseCsvRecords } from './csv.ts';
import type { Example } from './model.ts';

/** Labelled examples from a CSV with TEXT (or text) and label columns, as COLD ships them. */
export function examplesFromCsv(csv: string): Example[] {
  const out: Example[] = [];
  for (const r of parseCsvRecords(csv)) {
    const text = r.TEXT ?? r.text ?? '';
    const label = (r.label ?? '').trim();
    if (!text.trim() || (label !== '0' && label !== '1')) continue;
    out.push({ text, label: label === '1' ? 1 : 0 });
  }
  return out;
}
