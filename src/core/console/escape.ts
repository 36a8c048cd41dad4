/** HTML escaping for every value the console prints (names, messages, ids all come from user-editable data). */
const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** Tagged template: interpolated values are escaped, literal parts are trusted markup. Use raw() for pre-built HTML. */
export interface Html { readonly html: string }

export function raw(html: string): Html {
  return { html };
}

export function html(parts: TemplateStringsArray, ...values: unknown[]): Html {
  let out = parts[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (parts[i + 1] ?? '');
  });
  return { html: out };
}

function render(value: unknown): string {
  if (Array.isArray(value)) return value.map(render).join('');
  if (value !== null && typeof value === 'object' && 'html' in value && typeof (value as Html).html === 'string') return (value as Html).html;
  return escapeHtml(value);
}
