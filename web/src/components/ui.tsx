import type { ComponentChildren } from 'preact';
import type { ApiError } from '../api';
import { t, type StringKey } from '../i18n';
import type { RiskTier } from '../types';
import { dialPhone, formatPhone } from '../format';

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

/** A number shown and dialled as the office dials it (national digits at home, so any mobile's dialer takes it). */
export function Tel({ phone, children }: { phone: string | null | undefined; children?: ComponentChildren }) {
  if (!phone) return null;
  return <a href={`tel:${dialPhone(phone)}`}>{children ?? formatPhone(phone)}</a>;
}
