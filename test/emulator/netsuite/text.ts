/** Script values are untyped; this is the one place that turns them into text the way JavaScript's String() would. */
export function str(value: unknown, fallback = ''): string {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return value.toString();
  return (value as { toString(): string }).toString();
}
