/** Salesforce's Sforce-Limit-Info header ("api-usage=25/15000") as numbers. */
export interface ApiUsage {
  used: number;
  max: number;
  percent: number;
}

export function parseLimitInfo(header: string | null | undefined): ApiUsage | null {
  if (header === null || header === undefined) return null;
  const match = /(?:^|[\s,;])api-usage=(\d+)\/(\d+)/.exec(header);
  if (match === null) return null;
  const used = Number(match[1]);
  const max = Number(match[2]);
  if (!Number.isFinite(used) || !Number.isFinite(max) || max <= 0) return null;
  return { used, max, percent: Math.round((used / max) * 10_000) / 100 };
}

/**
 * Pardot's `x-api-usage` response header (sent only when the request asked with `X-Return-Api-Usage: 1`): API calls
 * made in the last day over the account's daily maximum. The v5 overview does not spell out the wire format, so only
 * `used/max` (digits around a slash, spaces allowed) is read; anything else is unknown, never guessed.
 */
export function parsePardotUsage(header: string | null | undefined): ApiUsage | null {
  if (header === null || header === undefined) return null;
  const match = /^\s*(\d{1,12})\s*\/\s*(\d{1,12})\s*$/.exec(header);
  if (match === null) return null;
  const used = Number(match[1]);
  const max = Number(match[2]);
  if (max <= 0) return null;
  return { used, max, percent: Math.round((used / max) * 10_000) / 100 };
}
