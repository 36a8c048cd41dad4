/** Test harness for the emulator's own tests: a controllable clock and a thin wire client. */
import type { EmulatedHttpRequest, EmulatedHttpResponse } from '../http';
import { SalesforceEmulator, type SalesforceEmulatorOptions } from './index';

export const INSTANCE = 'acme.my.salesforce.com';
export const BASE = `https://${INSTANCE}/services/data/v62.0`;
export const CLIENT_ID = '3MVG9-test-consumer-key';
export const CLIENT_SECRET = 'consumer-secret';
export const START = Date.parse('2026-03-02T09:00:00.000Z');

export class TestClock {
  ms = START;
  now = (): Date => new Date(this.ms);
  advance(ms: number): void {
    this.ms += ms;
  }
}

export interface WireResult {
  code: number;
  headers: Record<string, string>;
  body: string;
  json: any;
}

export function toResult(response: EmulatedHttpResponse): WireResult {
  return { ...response, json: response.body === '' ? undefined : JSON.parse(response.body) };
}

export function formBody(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

export class Harness {
  readonly clock = new TestClock();
  readonly sf: SalesforceEmulator;
  token = '';

  constructor(options: Partial<SalesforceEmulatorOptions> = {}) {
    this.sf = new SalesforceEmulator({
      instanceHost: INSTANCE,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      now: this.clock.now,
      ...options,
    });
  }

  /** Client-credentials login on the My Domain host, as the integration does. */
  login(): this {
    const res = this.tokenRequest(INSTANCE, { grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET });
    if (res.code !== 200) throw new Error(`login failed: ${res.body}`);
    this.token = res.json.access_token;
    return this;
  }

  tokenRequest(host: string, form: Record<string, string>): WireResult {
    return toResult(
      this.sf.handle({
        method: 'POST',
        url: `https://${host}/services/oauth2/token`,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: formBody(form),
      }),
    );
  }

  /** `path` is relative to /services/data/v62.0 unless it starts with "/services" or "https://". */
  call(method: EmulatedHttpRequest['method'], path: string, body?: unknown, headers: Record<string, string> = {}): WireResult {
    const url = path.startsWith('https://') ? path : path.startsWith('/services') ? `https://${INSTANCE}${path}` : `${BASE}${path}`;
    return toResult(
      this.sf.handle({
        method,
        url,
        headers: { Authorization: `Bearer ${this.token}`, 'Content-Type': 'application/json', ...headers },
        body: body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body),
      }),
    );
  }

  query(soql: string, headers: Record<string, string> = {}): WireResult {
    return this.call('GET', `/query?q=${encodeURIComponent(soql)}`, undefined, headers);
  }
}
