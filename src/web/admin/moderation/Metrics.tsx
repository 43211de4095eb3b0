import { useEffect } from 'react';
import { useApi } from '../../data.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { LoadError } from '../../components/Status.tsx';
import type { Metrics } from '../types.ts';
import { useDuration } from '../ui.tsx';

/** Queue length, median time to decision and overturned automatic actions, above the queue. */
export function MetricsStrip({ version }: { version: number }) {
  const { t, lang } = useI18n();
  const duration = useDuration();
  const metrics = useApi<Metrics>('/moderation/metrics');
  const { reload } = metrics;
  useEffect(() => { if (version > 0) reload(); }, [version, reload]);
  if (metrics.error) return <LoadError error={metrics.error} retry={reload} />;
  const m = metrics.data;
  const none = t('admin.metrics.none');
  const percent = (x: number) => new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 }).format(x);
  const stats: [string, string][] = [
    [t('admin.metrics.queueLength'), m ? String(m.queueLength) : '…'],
    [t('admin.metrics.median'), m ? (m.medianSecondsToDecision === null ? none : duration(m.medianSecondsToDecision)) : '…'],
    [t('admin.metrics.overturned'), m ? (m.overturnedShare === null ? none : percent(m.overturnedShare)) : '…'],
    [t('admin.metrics.oldest'), m ? (m.oldestWaitingSeconds === null ? none : duration(m.oldestWaitingSeconds)) : '…'],
    [t('admin.metrics.automatic'), m ? String(m.automaticHolds) : '…'],
  ];
  return (
    <dl className="admin-stats" aria-label={t('admin.metrics.label')} aria-busy={!m}>
      {stats.map(([label, value]) => <div key={label}><dt>{label}</dt><dd>{value}</dd></div>)}
    </dl>
  );
}
