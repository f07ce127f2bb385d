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

export function PrintCards({ staff }: { staff: boolean }) {
  const { search } = useLocation();
  const medical = search.get('medical') === 'true';
  const params = new URLSearchParams(search);
  params.set('medical', String(medical));
  params.set('language', printLanguage());
  const key = params.toString();
  // Staff choose whom (a retiree, a segment or the list's filter); a volunteer's all is their own few.
  const chosen = !staff || [...search.keys()].some((k) => k !== 'medical');
  const sheet = useLoad(async () => (chosen ? api<CardSheet>(`/api/printouts/cards?${key}`) : undefined), [key]);
  // Staff may print a saved segment (人群) instead of the list's filter.
  const segments = useLoad(async () => (staff ? api<{ id: string; name: string }[]>('/api/segments') : []), [staff]);

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
        {staff && (
          <label>{t('print.segment')}{' '}
            <select value={search.get('segmentId') ?? ''} onChange={(e) => navigate(`/print/cards${query({ segmentId: e.currentTarget.value || undefined, medical: medical ? 'true' : undefined })}`, true)}>
              <option value="">—</option>
              {segments.data?.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
            </select>
          </label>
        )}
        <label class="check">
          <input type="checkbox" checked={medical} onChange={(e) => toggleMedical(e.currentTarget.checked)} />
          {t('print.withMedical')}
        </label>
      </PrintBar>
      <div class="no-print">
        <p class="muted">{t('print.cardsNote')}</p>
        <LoadError error={sheet.error} />
        {!chosen && <p>{t('print.chooseCards')}</p>}
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
