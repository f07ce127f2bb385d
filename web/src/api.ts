// One way to call the API: same-origin cookies, the anti-forgery header on writes, problem details as ApiError,
// and a 401 on a signed-in page waits for the sign-in dialog and then retries, so nothing typed is lost.

export type FieldErrors = Record<string, string[]>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly errors: FieldErrors = {},
    readonly body?: unknown,
  ) {
    super(detail ? `${title} ${detail}` : title);
  }

  /** The first message for a field, matching the server's camelCase names case-insensitively. */
  field(name: string): string | undefined {
    const key = Object.keys(this.errors).find((k) => k.toLowerCase() === name.toLowerCase());
    return key ? this.errors[key][0] : undefined;
  }
}

export const XSRF_COOKIE = 'XSRF-TOKEN';
export const XSRF_HEADER = 'X-XSRF-TOKEN';

export function readCookie(name: string, cookies = typeof document === 'undefined' ? '' : document.cookie): string | undefined {
  for (const part of cookies.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

/** Set by the app shell: shows the sign-in dialog and resolves once the user is signed in again. */
let onExpired: (() => Promise<void>) | undefined;
export function setSessionExpiredHandler(handler: (() => Promise<void>) | undefined) {
  onExpired = handler;
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Login and /me must see their own 401 instead of the dialog. */
  noRetry?: boolean;
  signal?: AbortSignal;
}

export interface ApiResponse<T> {
  data: T;
  status: number;
  headers: Headers;
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  let body: BodyInit | undefined;
  if (options.body instanceof FormData || typeof options.body === 'string') body = options.body as BodyInit;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['Content-Type'] = 'application/json';
  }
  if (method !== 'GET' && method !== 'HEAD') {
    const token = readCookie(XSRF_COOKIE);
    if (token) headers[XSRF_HEADER] = token;
  }
  const res = await fetch(path, { method, headers, body, credentials: 'same-origin', signal: options.signal });
  if (res.status === 401 && !options.noRetry && onExpired) {
    await onExpired();
    return request<T>(path, options);
  }
  if (!res.ok) throw await toError(res);
  const type = res.headers.get('Content-Type') ?? '';
  const data = (res.status === 204 ? undefined : type.includes('json') ? await res.json() : await res.text()) as T;
  return { data, status: res.status, headers: res.headers };
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  return (await request<T>(path, options)).data;
}

export async function toError(res: Response): Promise<ApiError> {
  let body: any;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  const title = body?.title ?? res.statusText ?? `HTTP ${res.status}`;
  return new ApiError(res.status, title, body?.detail, body?.errors ?? {}, body);
}

/** Builds a query string, leaving out empty values. */
export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
