/** The console's pure parts: escaping, chart scaling, run figures, request validation, roles, digest, retention. */
import { escapeHtml, html } from '../../src/core/console/escape';
import { dayRange, layoutChart, niceMax, renderChart } from '../../src/core/console/chart';
import { parseLimitInfo } from '../../src/core/console/limit-info';
import { runFigures } from '../../src/core/console/runs';
import { mayRetry, parseConsoleAction, parseSyncNow, MAX_SELECTIONS } from '../../src/core/console/requests';
import { buildDigest, parseRecipients, parseThreshold } from '../../src/core/console/digest';
import { canContinue, retentionDays, RETENTION_RESERVE_UNITS } from '../../src/core/console/retention';
import { buildConsoleView, chartSeries, formatAge } from '../../src/core/console/view-model';
import { renderConsole } from '../../src/core/console/render';
import { REASONS } from '../../src/core/reasons';

describe('escaping', () => {
  it.each([
    ['<script>alert("x")</script>', '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'],
    ["O'Brien & Sons", 'O&#39;Brien &amp; Sons'],
    [null, ''],
    [42, '42'],
  ])('%p → %p', (input, expected) => {
    expect(escapeHtml(input)).toBe(expected);
  });

  it('the html template escapes values, keeps nested fragments, and flattens arrays', () => {
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`<p title="${'"q"'}">${inner}${['<', '>']}</p>`.html).toBe('<p title="&quot;q&quot;"><b>&lt;i&gt;</b>&lt;&gt;</p>');
  });
});

describe('chart', () => {
  it.each([[0, 1], [1, 1], [3, 5], [7, 10], [12, 20], [180, 200], [501, 1000]])('niceMax(%p) = %p', (value, expected) => {
    expect(niceMax(value)).toBe(expected);
  });

  it('stacks completed, skipped and failed inside the plot, scaled to the nice maximum', () => {
    const layout = layoutChart([{ day: '2026-03-01', completed: 6, skipped: 2, failed: 2 }, { day: '2026-03-02', completed: 0, skipped: 0, failed: 0 }], 640, 180);
    expect(layout.max).toBe(10);
    const [first, second] = layout.bars;
    expect(first?.segments.map((s) => s.kind)).toEqual(['completed', 'skipped', 'failed']);
    const total = first?.segments.reduce((n, s) => n + s.height, 0) ?? 0;
    expect(total).toBeCloseTo(150, 0);
    expect(Math.min(...(first?.segments.map((s) => s.y) ?? []))).toBeGreaterThanOrEqual(8);
    expect(second?.segments).toEqual([]);
  });

  it('renders one self-contained svg with a title per bar segment', () => {
    const svg = renderChart([{ day: '2026-03-02', completed: 1, skipped: 0, failed: 1 }]);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).not.toMatch(/href|<script|url\(/);
    expect(svg.match(/<rect /g)).toHaveLength(2);
  });

  it('dayRange ends today and counts back', () => {
    expect(dayRange(new Date('2026-03-02T09:00:00Z'), 3)).toEqual(['2026-02-28', '2026-03-01', '2026-03-02']);
  });
});

describe('run figures', () => {
  it('reads a push summary and a pull summary', () => {
    const push = runFigures({ runId: 'push-2026-03-02T09:00:00.000Z', direction: 'outbound', status: 'Completed', message: '', created: '3/2/2026', stats: JSON.stringify({ records: 4, byStatus: { Completed: 3, Failed: 1 }, apiCalls: 3, unitsUsed: 166, seconds: 2, errors: [], limitInfo: 'api-usage=3/15000' }) });
    expect(push).toMatchObject({ kind: 'push', startedAt: '2026-03-02T09:00:00.000Z', records: 4, completed: 3, failed: 1, apiCalls: 3, unitsUsed: 166, limitInfo: 'api-usage=3/15000' });
    const pull = runFigures({ runId: 'pull-2026-03-02T10:00:00.000Z', direction: 'inbound', status: 'Warning', message: '', created: '', stats: JSON.stringify({ results: 7, errors: ['x'], usage: 90 }) });
    expect(pull).toMatchObject({ kind: 'pull', records: 7, errors: 1, unitsUsed: 90, apiCalls: null });
    expect(runFigures({ runId: 'odd', direction: '', status: '', message: '', created: '', stats: '{not json' })).toMatchObject({ kind: 'other', records: 0, startedAt: null });
  });

  it('parses Sforce-Limit-Info', () => {
    expect(parseLimitInfo('api-usage=150/15000')).toEqual({ used: 150, max: 15000, percent: 1 });
    expect(parseLimitInfo('per-app-api-usage=1/10')).toBeNull();
    expect(parseLimitInfo(null)).toBeNull();
  });

  it('sums push outcomes per day and ignores pulls and runs outside the window', () => {
    const now = new Date('2026-03-02T12:00:00Z');
    const run = (runId: string, byStatus: Record<string, number>) => runFigures({ runId, direction: '', status: '', message: '', created: '', stats: JSON.stringify({ byStatus }) });
    const series = chartSeries([run('push-2026-03-02T09:00:00.000Z', { Completed: 2 }), run('push-2026-03-02T10:00:00.000Z', { Failed: 1, Skipped: 1 }), run('pull-2026-03-02T10:00:00.000Z', { Completed: 9 }), run('push-2026-01-01T10:00:00.000Z', { Completed: 9 })], now, 2);
    expect(series).toEqual([{ day: '2026-03-01', completed: 0, skipped: 0, failed: 0 }, { day: '2026-03-02', completed: 2, skipped: 1, failed: 1 }]);
  });

  it('formats ages', () => {
    const now = new Date('2026-03-02T12:00:00Z');
    expect(formatAge('2026-03-02T11:59:40Z', now)).toBe('less than a minute');
    expect(formatAge('2026-03-02T11:15:00Z', now)).toBe('45 min');
    expect(formatAge('2026-03-02T09:30:00Z', now)).toBe('2 h 30 min');
    expect(formatAge('2026-02-20T12:00:00Z', now)).toBe('10 days');
    expect(formatAge(null, now)).toBeNull();
  });
});

describe('console requests', () => {
  it('retry_selected keeps numeric selections and reports the rest', () => {
    expect(parseConsoleAction({ action: 'retry_selected', retry_contact_12: 'T', retry_customer_7: 'T', retry_contact_abc: 'T', retry_lead_3: 'T', other: 'x' })).toEqual({
      kind: 'retry_selected', selections: [{ recordType: 'contact', id: '12' }, { recordType: 'customer', id: '7' }], invalid: ['retry_contact_abc', 'retry_lead_3'],
    });
  });

  it('rejects an empty selection, unknown actions and too many records', () => {
    expect(parseConsoleAction({ action: 'retry_selected' })).toMatchObject({ kind: 'invalid' });
    expect(parseConsoleAction({ action: 'drop_tables' })).toMatchObject({ kind: 'invalid' });
    const many = Object.fromEntries(Array.from({ length: MAX_SELECTIONS + 1 }, (_, i) => [`retry_contact_${i + 1}`, 'T']));
    expect(parseConsoleAction({ action: 'retry_selected', ...many })).toMatchObject({ kind: 'invalid' });
    expect(parseConsoleAction({ action: 'retry_all' })).toEqual({ kind: 'retry_all' });
  });

  it('validates Sync now parameters', () => {
    expect(parseSyncNow({})).toBeNull();
    expect(parseSyncNow({ action: 'syncnow', recordtype: 'contact', id: '0012' })).toEqual({ recordType: 'contact', id: '12' });
    expect(parseSyncNow({ action: 'syncnow', recordtype: 'contact', id: '12 OR 1=1' })).toEqual({ error: expect.stringContaining('number') });
    expect(parseSyncNow({ action: 'syncnow', recordtype: 'employee', id: '1' })).toEqual({ error: expect.stringContaining('contacts and customers') });
  });

  it.each([
    [{ id: 3, scriptId: 'administrator' }, null, true],
    [{ id: 1001, scriptId: 'customrole_crm_viewer' }, null, false],
    [{ id: 1001, scriptId: 'customrole_crm_viewer' }, '1002, 1001', true],
    [{ id: 1001, scriptId: 'customrole_crm_ops' }, 'customrole_crm_ops', true],
    [{ id: 10, scriptId: 'customrole_x' }, '100', false],
    [{ id: 1050, scriptId: 'customrole_crmsync_admin' }, null, true],
    [{ id: 1051, scriptId: 'customrole_crmsync_viewer' }, null, false],
  ])('mayRetry(%p, %p) = %p', (role, allowed, expected) => {
    expect(mayRetry(role, allowed)).toBe(expected);
  });
});

describe('failure digest', () => {
  const failures = [
    { recordType: 'contact', recordId: '12', reason: 'INVALID_EMAIL', message: 'bad email' },
    { recordType: 'contact', recordId: '13', reason: 'INVALID_EMAIL', message: 'bad email too' },
    { recordType: 'customer', recordId: '7', reason: 'SF_DUPLICATE', message: 'dup' },
  ];

  it('is one message listing every failure with its explanation, only at or above the threshold', () => {
    expect(buildDigest('push-1', failures, 4, null)).toBeNull();
    expect(buildDigest('push-1', [], 1, null)).toBeNull();
    const digest = buildDigest('push-1', failures, 3, '/app/site/hosting/scriptlet.nl?script=1&deploy=1');
    expect(digest?.subject).toBe('CRM Sync: 3 record(s) failed in run push-1');
    expect(digest?.body).toContain(`2 × INVALID_EMAIL: ${REASONS.INVALID_EMAIL}`);
    expect(digest?.body).toContain('customer 7 — SF_DUPLICATE: dup');
    expect(digest?.body).toContain('scriptlet.nl');
  });

  it('parses recipients and the threshold', () => {
    expect(parseRecipients('ops@acme.com; admin@acme.com,not-an-email\nops@acme.com')).toEqual({ valid: ['ops@acme.com', 'admin@acme.com'], invalid: ['not-an-email'] });
    expect(parseRecipients(null).valid).toEqual([]);
    expect(parseThreshold(null)).toBe(1);
    expect(parseThreshold('5')).toBe(5);
    expect(parseThreshold('0')).toBe(1);
  });
});

describe('retention', () => {
  it('defaults to 30 days and keeps a governance reserve', () => {
    expect(retentionDays(null)).toBe(30);
    expect(retentionDays('7')).toBe(7);
    expect(retentionDays('-1')).toBe(30);
    expect(canContinue(RETENTION_RESERVE_UNITS + 4, 4)).toBe(true);
    expect(canContinue(RETENTION_RESERVE_UNITS + 3, 4)).toBe(false);
  });
});

describe('console page', () => {
  it('escapes every value and explains every reason code in its legend', () => {
    const page = renderConsole(buildConsoleView({
      now: new Date('2026-03-02T12:00:00Z'), queue: { pending: 2, oldestChangedAt: '2026-03-02T11:00:00Z' }, runs: [],
      failureReasons: [{ reason: '<img src=x>', count: 1 }],
      failed: [{ recordType: 'contact', id: '5', name: '<script>x</script>', lastError: '"><script>y</script>', salesforceId: null, queueState: null }],
      failedTotal: 1, connection: { ok: false, detail: '<b>nope</b>' }, canRetry: true, roleLabel: 'administrator (3)', savedSearches: [],
      notice: { kind: 'error', title: '<i>t</i>', lines: ['<u>l</u>'] }, postUrl: '/x?a=1&b=2',
    }));
    expect(page).not.toMatch(/<script|<img|<b>nope|<i>t|<u>l/);
    expect(page).toContain('&lt;script&gt;x&lt;/script&gt;');
    for (const code of Object.keys(REASONS)) expect(page).toContain(`<code>${code}</code>`);
  });
});
