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
