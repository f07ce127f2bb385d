import type { ComponentChildren } from 'preact';
import type { ApiError } from '../api';
import { t, type StringKey } from '../i18n';
import type { RiskTier } from '../types';

/** Looks up an enum's label ("tier.critical"), falling back to the raw value for values added later. */
export function label(prefix: string, value: string | null | undefined): string {
  if (!value) return '';
  const text = t(`${prefix}.${value}` as StringKey);
  return text === `${prefix}.${value}` ? value : text;
}

const tierClass: Record<RiskTier, string> = { standard: 'tier-low', elevated: 'tier-medium', high: 'tier-high', critical: 'tier-high' };

export function TierBadge({ tier }: { tier: RiskTier }) {
  return <span class={`badge ${tierClass[tier]}`}>{tier === 'critical' ? '‼ ' : ''}{label('tier', tier)}</span>;
}

export function LoadError({ error }: { error?: ApiError }) {
  if (!error) return null;
  return <p class="error" role="alert">{t('errorLoading', { message: error.detail ? `${error.title} ${error.detail}` : error.title })}</p>;
}

export function Section({ title, children, id }: { title: string; children: ComponentChildren; id?: string }) {
  const h = `${id ?? title.replace(/\W+/g, '-')}-h`;
  return (
    <section class="card" id={id} aria-labelledby={h}>
      <h2 id={h}>{title}</h2>
      {children}
    </section>
  );
}

/** tel: links dial the stored number as is (E.164), which phones understand. */
export function Tel({ phone, children }: { phone: string; children?: ComponentChildren }) {
  return <a href={`tel:${phone}`}>{children ?? phone}</a>;
}
