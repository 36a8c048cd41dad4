/**
 * Email normalisation shared by every direction: Salesforce stores addresses lower-cased and Pardot matches
 * case-sensitively (api-facts §5 trap 9), so we always send and compare the trimmed lower-case form.
 */
export function normaliseEmail(raw: string): string {
  return raw.trim().toLowerCase();
}

// Local part: RFC 5322 atext plus dots (not leading), and non-ASCII for internationalised addresses, which
// Salesforce accepts (KB 000384328). Domain: labels of letters/digits/hyphens (or non-ASCII), with a dot.
const LOCAL = /^[^\s@."(),:;<>[\]\\][^\s@"(),:;<>[\]\\]*$/u;
const DOMAIN_LABEL = /^(?!-)[\p{L}\p{N}-]{1,63}(?<!-)$/u;

/** Invisible and control characters (zero-width space, bidi marks, NUL…) and non-ASCII spaces: never valid in an address. */
const INVISIBLE = /[\p{C}\p{Z}]/u;

export function isValidEmail(email: string): boolean {
  if (INVISIBLE.test(email)) return false;
  const at = email.lastIndexOf('@');
  if (at <= 0 || at === email.length - 1) return false;
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  if (local.length > 64 || !LOCAL.test(local)) return false;
  const labels = domain.split('.');
  return labels.length >= 2 && labels.every((label) => DOMAIN_LABEL.test(label));
}
