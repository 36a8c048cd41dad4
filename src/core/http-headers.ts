/** HTTP header names are case-insensitive; N/https hands them back as the server spelled them. */
export function headerValue(headers: Readonly<Record<string, string | undefined>>, name: string): string | null {
  const wanted = name.toLowerCase();
  const key = Object.keys(headers).find((k) => k.toLowerCase() === wanted);
  return key === undefined ? null : headers[key] ?? null;
}
