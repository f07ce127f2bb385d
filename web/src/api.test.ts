import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError, query, readCookie, setSessionExpiredHandler } from './api';

afterEach(() => {
  vi.unstubAllGlobals();
  setSessionExpiredHandler(undefined);
  document.cookie = 'XSRF-TOKEN=; expires=Thu, 01 Jan 1970 00:00:00 GMT';
});

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/problem+json' } });

describe('api', () => {
  it('sends the anti-forgery cookie value in the header on writes only', async () => {
    document.cookie = 'XSRF-TOKEN=abc123';
    const fetch = vi.fn(async () => json(200, { ok: true }));
    vi.stubGlobal('fetch', fetch);
    await api('/api/x', { method: 'POST', body: { a: 1 } });
    await api('/api/x');
    const calls = fetch.mock.calls as unknown as [string, RequestInit][];
    expect((calls[0][1].headers as Record<string, string>)['X-XSRF-TOKEN']).toBe('abc123');
    expect((calls[1][1].headers as Record<string, string>)['X-XSRF-TOKEN']).toBeUndefined();
  });

  it('turns problem details into field errors', async () => {
    vi.stubGlobal('fetch', async () => json(400, { title: 'One or more validation errors occurred.', errors: { fullName: ['Enter a name.'] } }));
    const err = (await api('/api/retirees', { method: 'POST', body: {} }).catch((e) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(400);
    expect(err.field('FullName')).toBe('Enter a name.');
  });

  it('waits for sign-in on 401 and retries the same request', async () => {
    let signedIn = false;
    vi.stubGlobal('fetch', async () => (signedIn ? json(200, { saved: true }) : json(401, { title: 'Unauthorized' })));
    setSessionExpiredHandler(async () => { signedIn = true; });
    await expect(api('/api/retirees/1', { method: 'PUT', body: { note: 'typed text' } })).resolves.toEqual({ saved: true });
  });

  it('does not retry sign-in itself', async () => {
    vi.stubGlobal('fetch', async () => json(401, { title: 'Wrong email or password.' }));
    const handler = vi.fn(async () => {});
    setSessionExpiredHandler(handler);
    await expect(api('/api/auth/login', { method: 'POST', body: {}, noRetry: true })).rejects.toMatchObject({ status: 401 });
    expect(handler).not.toHaveBeenCalled();
  });
});

describe('helpers', () => {
  it('reads cookies and builds queries without empty values', () => {
    expect(readCookie('b', 'a=1; b=x%3Dy; c=3')).toBe('x=y');
    expect(query({ q: 'wang', tier: '', page: 2, area: undefined })).toBe('?q=wang&page=2');
  });
});
