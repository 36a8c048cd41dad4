/** Request parsing helpers shared by the route handlers. */
import { PardotApiError, PardotCode } from './errors';
import { badParam } from './query';

export interface ParsedRequest {
  readonly method: string;
  readonly url: URL;
  /** Path segments after /api/v5/objects/. */
  readonly segments: readonly string[];
  readonly body: string;
}

export const API_PREFIX = '/api/v5/objects/';

/** JSON object body; 152 when empty, 150 when not JSON, 154 when JSON but not an object [S70]. */
export function parseJsonObject(body: string): Record<string, unknown> {
  if (body.trim() === '') throw new PardotApiError(400, PardotCode.EMPTY_BODY);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new PardotApiError(400, PardotCode.INVALID_JSON);
  }
  if (!isPlainObject(parsed)) throw new PardotApiError(400, PardotCode.INVALID_PROPERTY, 'body must be a JSON object');
  return parsed;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** v5 addresses records by integer id only; anything else (an email, say) is code 16 [S61]. */
export function parseRecordId(segment: string): number {
  if (!/^\d+$/.test(segment)) throw new PardotApiError(400, PardotCode.INVALID_ID, `"${decodeURIComponent(segment)}" is not a record id`);
  return Number(segment);
}

export function methodNotAllowed(method: string): PardotApiError {
  return new PardotApiError(405, PardotCode.INVALID_HTTP_METHOD, method);
}

export function notFound(detail?: string, headers?: Record<string, string>): PardotApiError {
  return new PardotApiError(404, PardotCode.OBJECT_NOT_FOUND, detail, headers ? { headers } : {});
}

/** Rejects parameters a read/write endpoint does not take (typos would otherwise be silently ignored). */
export function onlyParams(params: URLSearchParams, allowed: readonly string[]): void {
  const extra = [...new Set(params.keys())].filter((k) => !allowed.includes(k));
  if (extra.length > 0) throw badParam(`unsupported parameter(s) ${extra.join(', ')}`);
}
