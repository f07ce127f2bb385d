import { describe, expect, it } from 'vitest';
import { takeFirstScreen } from './session';

// What a signed-in caller's page carries (Dashboard/FirstScreen.cs): read once, then gone.
function page(block: string | undefined): Document {
  const doc = document.implementation.createHTMLDocument('Afterglow');
  if (block !== undefined) doc.head.insertAdjacentHTML('beforeend', `<script type="application/json" id="first-screen">${block}</script>`);
  return doc;
}

const me = { email: 'a@office.test', displayName: '王\u003c/script>', role: 'coordinator', personId: null, oidcEnabled: false, devPhone: false };
const office = { name: '离退休处', timeZone: 'Asia/Shanghai', phoneRegion: 'CN', quietHours: { start: '21:00', end: '08:00' }, currency: 'CNY', costPerSmsSegment: 0.045 };

describe('the first screen a page carries', () => {
  it('is read once: a second read, as after signing out and in again, finds nothing', () => {
    const doc = page(JSON.stringify({ me, office }).replaceAll('<', '\\u003c'));
    expect(takeFirstScreen(doc)).toEqual({ me, office });
    expect(doc.getElementById('first-screen')).toBeNull();
    expect(takeFirstScreen(doc)).toBeUndefined();
  });

  it('is nothing when the page has none, or one that is not whole', () => {
    expect(takeFirstScreen(page(undefined))).toBeUndefined();
    expect(takeFirstScreen(page('{"me":'))).toBeUndefined();
    expect(takeFirstScreen(page(JSON.stringify({ me })))).toBeUndefined();
    expect(takeFirstScreen(page(JSON.stringify({ office })))).toBeUndefined();
  });
});
