import { useI18n } from '../i18n/index.tsx';

/** A member's level beside their name (the growth system's Lv1–Lv10). */
export function LevelChip({ level }: { level: number }) {
  const { t } = useI18n();
  return <span className="chip level-chip" title={t('profile.level', { level })}>{t('growth.level.badge', { number: level })}</span>;
}
