import { t } from '../../i18n';
import type { SubsidyChange } from './subsidyTypes';

export const band = (fromAge?: number | null) => (fromAge ? t('subsidies.band', { age: fromAge }) : '—');
export const level = (n: number) => (n > 0 ? t('subsidies.level', { n }) : '—');

/** "2026-12 新增：85岁以上" — one change in words. */
export function changeWords(c: SubsidyChange): string {
  const what = [c.bandBefore !== c.bandNow ? `${t('subsidies.longevity')} ${band(c.bandBefore)} → ${band(c.bandNow)}` : '',
    c.levelBefore !== c.levelNow ? `${t('subsidies.hardship')} ${level(c.levelBefore)} → ${level(c.levelNow)}` : ''].filter(Boolean).join(t('semicolon'));
  return `${t(`subsidies.kind.${c.kind}`)}${t('colon')}${what}`;
}
