/** Success / skip / failure counts per day as a stacked inline SVG bar chart (no external assets). */
import { escapeHtml } from './escape';

export interface DayCounts {
  /** YYYY-MM-DD (UTC). */
  day: string;
  completed: number;
  skipped: number;
  failed: number;
}

/** A "nice" axis maximum ≥ value: 1, 2 or 5 × 10^n (0 stays 1 so an empty chart still has an axis). */
export function niceMax(value: number): number {
  if (!Number.isFinite(value) || value <= 1) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * magnitude >= value) return step * magnitude;
  return 10 * magnitude;
}

/** The last `days` UTC days ending with `now`'s day, oldest first. */
export function dayRange(now: Date, days: number): string[] {
  const out: string[] = [];
  for (let i = days - 1; i >= 0; i -= 1) out.push(new Date(now.getTime() - i * 86_400_000).toISOString().slice(0, 10));
  return out;
}

export interface Bar {
  day: string;
  x: number;
  segments: { kind: 'completed' | 'skipped' | 'failed'; y: number; height: number; count: number }[];
}

export interface ChartLayout {
  width: number;
  height: number;
  max: number;
  bars: Bar[];
  barWidth: number;
}

const PAD = { left: 36, bottom: 22, top: 8, right: 8 };

export function layoutChart(series: readonly DayCounts[], width = 640, height = 180): ChartLayout {
  const max = niceMax(Math.max(0, ...series.map((d) => d.completed + d.skipped + d.failed)));
  const plotW = width - PAD.left - PAD.right;
  const plotH = height - PAD.top - PAD.bottom;
  const slot = series.length === 0 ? plotW : plotW / series.length;
  const barWidth = Math.max(2, Math.floor(slot * 0.7));
  const bars = series.map((d, i) => {
    let base = height - PAD.bottom;
    const segments: Bar['segments'] = [];
    for (const kind of ['completed', 'skipped', 'failed'] as const) {
      const count = d[kind];
      const h = (count / max) * plotH;
      base -= h;
      if (count > 0) segments.push({ kind, y: round(base), height: round(h), count });
    }
    return { day: d.day, x: round(PAD.left + i * slot + (slot - barWidth) / 2), segments };
  });
  return { width, height, max, bars, barWidth };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

const COLORS = { completed: '#2e7d32', skipped: '#9e9e9e', failed: '#c62828' } as const;

export function renderChart(series: readonly DayCounts[]): string {
  const c = layoutChart(series);
  const baseY = c.height - PAD.bottom;
  const rects = c.bars.flatMap((b) => b.segments.map((s) =>
    `<rect class="bar-${s.kind}" x="${b.x}" y="${s.y}" width="${c.barWidth}" height="${s.height}" fill="${COLORS[s.kind]}"><title>${escapeHtml(`${b.day}: ${s.count} ${s.kind}`)}</title></rect>`));
  const labels = c.bars.filter((_, i) => i % 2 === c.bars.length % 2 || c.bars.length <= 7)
    .map((b) => `<text x="${b.x + c.barWidth / 2}" y="${c.height - 6}" text-anchor="middle">${escapeHtml(b.day.slice(5))}</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Records completed, skipped and failed per day" width="${c.width}" height="${c.height}" viewBox="0 0 ${c.width} ${c.height}" font-size="10" font-family="sans-serif">`
    + `<line x1="${PAD.left}" y1="${baseY}" x2="${c.width - PAD.right}" y2="${baseY}" stroke="#555"/>`
    + `<line x1="${PAD.left}" y1="${PAD.top}" x2="${PAD.left}" y2="${baseY}" stroke="#555"/>`
    + `<text x="${PAD.left - 4}" y="${PAD.top + 8}" text-anchor="end">${c.max}</text><text x="${PAD.left - 4}" y="${baseY}" text-anchor="end">0</text>`
    + rects.join('') + labels.join('') + '</svg>';
}
