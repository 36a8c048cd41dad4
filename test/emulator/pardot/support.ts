/** Test helpers: a fixed-clock emulator and a wire-level caller that speaks real v5 request shapes. */
import type { EmulatedHttpRequest } from '../http';
import { PardotEmulator, type PardotEmulatorOptions } from './index';

export const BUSINESS_UNIT = '0Uv5f000000TEST01A';
export const GOOD_TOKEN = '00Dxx0000001gPL!AQ4AQFakeToken';
export const START = Date.parse('2024-05-01T12:00:00Z');
export const BASE = 'https://pi.pardot.com/api/v5/objects';

export function makeEmulator(overrides: Partial<PardotEmulatorOptions> = {}): PardotEmulator {
  return new PardotEmulator({
    businessUnitId: BUSINESS_UNIT,
    validateToken: (token) => token === GOOD_TOKEN,
    now: () => new Date(START),
    ...overrides,
  });
}

export interface CallResult {
  status: number;
  headers: Record<string, string>;
  text: string;
  /** Parsed JSON body; undefined for empty or non-JSON bodies. */
  json: any;
}

export interface CallOptions {
  body?: unknown;
  headers?: Record<string, string>;
  /** Replace the default headers entirely (to test missing ones). */
  rawHeaders?: Record<string, string>;
}

export function call(emulator: PardotEmulator, method: EmulatedHttpRequest['method'], pathOrUrl: string, options: CallOptions = {}): CallResult {
  const url = pathOrUrl.startsWith('https://') ? pathOrUrl : `${BASE}${pathOrUrl}`;
  const headers = options.rawHeaders ?? {
    Authorization: `Bearer ${GOOD_TOKEN}`,
    'Pardot-Business-Unit-Id': BUSINESS_UNIT,
    ...(options.body === undefined ? {} : { 'Content-Type': 'application/json' }),
    ...options.headers,
  };
  const body = options.body === undefined ? '' : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  const response = emulator.handle({ method, url, headers, body });
  let json: unknown;
  try {
    json = response.body === '' ? undefined : JSON.parse(response.body);
  } catch {
    json = undefined;
  }
  return { status: response.code, headers: response.headers, text: response.body, json };
}

/** Creates a prospect over the wire and returns its id. */
export function createProspect(emulator: PardotEmulator, body: Record<string, unknown>): number {
  const result = call(emulator, 'POST', '/prospects?fields=id', { body });
  if (result.status !== 201) throw new Error(`create failed: ${result.status} ${result.text}`);
  return result.json.id as number;
}
