/** Small helpers for building wire responses and reading requests. */
import type { EmulatedHttpResponse } from '../http';

export const JSON_CONTENT_TYPE = 'application/json;charset=UTF-8';

export function jsonResponse(code: number, body: unknown, headers: Record<string, string> = {}): EmulatedHttpResponse {
  return { code, headers: { 'Content-Type': JSON_CONTENT_TYPE, ...headers }, body: JSON.stringify(body) };
}

export function emptyResponse(code: number, headers: Record<string, string> = {}): EmulatedHttpResponse {
  return { code, headers: { ...headers }, body: '' };
}

export interface ParsedUrl {
  host: string;
  pathname: string;
  params: URLSearchParams;
}

export function parseUrl(url: string): ParsedUrl {
  const parsed = new URL(url);
  return { host: parsed.host.toLowerCase(), pathname: parsed.pathname, params: parsed.searchParams };
}

/** application/x-www-form-urlencoded, as the OAuth token endpoint expects. */
export function parseForm(body: string): Map<string, string> {
  const form = new Map<string, string>();
  for (const [key, value] of new URLSearchParams(body)) form.set(key, value);
  return form;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
