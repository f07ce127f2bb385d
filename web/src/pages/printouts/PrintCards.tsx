// Emergency cards (胸卡), ten to an A4 page: what the server says is printed, and the QR code of exactly that text.
import { api, query } from '../../api';
import { LoadError } from '../../components/ui';
import { useLoad } from '../../hooks';
import { t } from '../../i18n';
import { navigate, useLocation } from '../../router';
import { PrintBar, printLanguage } from './PrintBar';

interface CardLine { label: string; value: string }
interface Card { retireeId: string; title: string; name: string; lines: CardLine[]; hasContact: boolean; qr: { size: number; path: string } }
interface CardSheet { cards: Card[]; medical: boolean }

/** Two columns of five: 85 × 52 mm cards (a badge holder's size) fill an A4 page inside 10 mm margins. */
export const CARDS_PER_PAGE = 10;

export function PrintCards() {
  const { search } = useLocation();
  const medical = search.get('medical') === 'true';
  const params = new URLSearchParams(search);
  params.set('medical', String(medical));
  params.set('language', printLanguage());
  const key = params.toString();
  const sheet = useLoad(() => api<CardSheet>(`/api/printouts/cards?${key}`), [key]);

  function toggleMedical(on: boolean) {
    const next = Object.fromEntries(search);
    navigate(`/print/cards${query({ ...next, medical: on ? 'true' : undefined })}`, true);
  }

  const cards = sheet.data?.cards ?? [];
  const pages: Card[][] = [];
  for (let i = 0; i < cards.length; i += CARDS_PER_PAGE) pages.push(cards.slice(i, i + CARDS_PER_PAGE));
  const noContact = cards.filter((c) => !c.hasContact);
  return (
    <div>
      <PrintBar title={t('print.cardsTitle')}>
        <label class="check">
          <input type="checkbox" checked={medical} onChange={(e) => toggleMedical(e.currentTarget.checked)} />
          {t('print.withMedical')}
        </label>
      </PrintBar>
      <div class="no-print">
        <p class="muted">{t('print.cardsNote')}</p>
        <LoadError error={sheet.error} />
        {sheet.data && <p role="status">{t('print.cardsCount', { n: cards.length, pages: pages.length })}</p>}
        {noContact.length > 0 && <p class="warning">{t('print.noContact', { names: noContact.map((c) => c.name).join('、') })}</p>}
      </div>
      <div class="card-sheet">
        {pages.map((page, i) => (
          <div class="card-page" key={i}>
            {page.map((c) => <EmergencyCard key={c.retireeId} card={c} />)}
          </div>
        ))}
      </div>
    </div>
  );
}

function EmergencyCard({ card }: { card: Card }) {
  return (
    <article class="id-card" aria-label={card.name}>
      <div class="id-card-text">
        <p class="id-card-title">{card.title}</p>
        <p class="id-card-name">{card.name}</p>
        <dl>
          {card.lines.map((l) => (
            <div key={l.label}><dt>{l.label}</dt><dd>{l.value}</dd></div>
          ))}
        </dl>
      </div>
      <svg class="id-card-qr" viewBox={`0 0 ${card.qr.size} ${card.qr.size}`} role="img" aria-label={t('print.qr')}>
        <rect width={card.qr.size} height={card.qr.size} fill="#fff" />
        <path d={card.qr.path} fill="#000" />
      </svg>
    </article>
  );
}
