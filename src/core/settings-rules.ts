/**
 * "Automatically create prospects" is not retroactive (seed 003): only records created after it was turned
 * on create prospects. Turning it on stamps the time, turning it off clears it, saving otherwise keeps it.
 */
export function autoCreateSince(wasOn: boolean, isOn: boolean, current: string | null, now: Date): string | null {
  if (!isOn) return null;
  if (!wasOn || current === null) return now.toISOString();
  return current;
}
