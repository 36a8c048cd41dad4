/** The console's pure parts: escaping, chart scaling, run figures, request validation, roles, digest. */
import { escapeHtml, html } from '../../src/core/console/escape';
import { dayRange, layoutChart, niceMax, renderChart } from '../../src/core/console/chart';
import { parseLimitInfo, parsePardotUsage } from '../../src/core/console/limit-info';
import { runFigures } from '../../src/core/console/runs';
import { mayRetry, parseConsoleAction, parseSyncNow, MAX_SELECTIONS } from '../../src/core/console/requests';
import { buildDigest, parseRecipients } from '../../src/core/console/digest';
import { buildConsoleView, recordsPerDay, formatAge, pardotUsageView, type ConsoleData } from '../../src/core/console/view-model';
import { REASONS } from '../../src/core/reasons';
import { DEFAULT_SETTINGS } from '../../src/core/model';

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

  it('takes a run\'s status and error count from its outcomes, not from the log row (a run with failures is not "Completed, Errors 0")', () => {
    const figures = (byStatus: Record<string, number>, errors: string[] = []) => runFigures({ runId: 'push-2026-03-02T09:00:00.000Z', direction: 'outbound', status: 'Completed', message: '', created: '', stats: JSON.stringify({ records: 5, byStatus, errors }) });
    expect(figures({ Completed: 5 })).toMatchObject({ status: 'Completed', errors: 0 });
    expect(figures({ Completed: 3, Failed: 2 })).toMatchObject({ status: 'Failures', errors: 2, failed: 2 });
    expect(figures({ Waiting: 5 })).toMatchObject({ status: 'Waiting', errors: 0, waiting: 5 });
    expect(figures({ Completed: 4, Failed: 1 }, ['map 1: SSS_USAGE_LIMIT_EXCEEDED'])).toMatchObject({ status: 'Errors', errors: 2 });
  });

  it('parses Sforce-Limit-Info', () => {
    expect(parseLimitInfo('api-usage=150/15000')).toEqual({ used: 150, max: 15000, percent: 1 });
    expect(parseLimitInfo('per-app-api-usage=1/10')).toBeNull();
    expect(parseLimitInfo(null)).toBeNull();
  });

  it('counts records per day, not outcomes, and ignores days outside the window', () => {
    const now = new Date('2026-03-02T12:00:00Z');
    const row = (runId: string, status: string, recordId: string | null, records: string | null = null) => ({ runId, status, recordType: 'contact', recordId, records });
    const series = recordsPerDay([
      row('push-2026-03-02T09:00:00.000Z', 'Completed', null, 'contact:1=003A:upsert\ncontact:2=003B:upsert'),
      // contact 3 failed in three runs: one failed record; contact 2 failed later the same day: its last outcome counts.
      row('push-2026-03-02T09:00:00.000Z', 'Failed', '3'), row('push-2026-03-02T10:00:00.000Z', 'Failed', '3'), row('push-2026-03-02T11:00:00.000Z', 'Failed', '3'),
      row('push-2026-03-02T12:00:00.000Z', 'Failed', '2'),
      row('push-2026-03-02T12:00:00.000Z', 'Skipped', '4'),
      row('push-2026-01-01T10:00:00.000Z', 'Completed', '9'),
    ], now, 2);
    expect(series).toEqual([{ day: '2026-03-01', completed: 0, skipped: 0, failed: 0 }, { day: '2026-03-02', completed: 1, skipped: 1, failed: 2 }]);
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
    expect(parseConsoleAction({ action: 'retry_all' })).toEqual({ kind: 'retry_matching', everything: true });
    expect(parseConsoleAction({ action: 'retry_matching', f_reason: 'SF_DUPLICATE' })).toEqual({ kind: 'retry_matching', everything: false });
    expect(parseConsoleAction({ action: 'resolve_selected', retry_contact_7: 'T', note: '  known\n issue ' })).toEqual({ kind: 'resolve_selected', selections: [{ recordType: 'contact', id: '7' }], invalid: [], note: 'known issue' });
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

  it('parses recipients with the same email rule the settings form and the sync use', () => {
    expect(parseRecipients('ops@acme.com; admin@acme.com,not-an-email\nops@acme.com')).toEqual({ valid: ['ops@acme.com', 'admin@acme.com'], invalid: ['not-an-email'] });
    expect(parseRecipients('ops@@acme.com, a@b')).toEqual({ valid: [], invalid: ['ops@@acme.com', 'a@b'] });
    expect(parseRecipients(null).valid).toEqual([]);
  });
});


describe('console view', () => {
  it('explains every reason code in its legend', () => {
    const view = buildConsoleView({
      now: new Date('2026-03-02T12:00:00Z'), queue: { pending: 2, oldestChangedAt: '2026-03-02T11:00:00Z' }, runs: [], failures: [],
      connection: { ok: false, detail: 'nope' }, pardotEnabled: false, directions: DEFAULT_SETTINGS, canRetry: true, roleLabel: 'administrator (3)', savedSearches: [],
      notice: null, postUrl: '/x?a=1&b=2',
    });
    expect(view.legend.map((l) => l.code)).toEqual(Object.keys(REASONS));
    expect(view.legend.every((l) => l.explanation.length > 20)).toBe(true);
  });
});

describe('Pardot API usage', () => {
  it.each([
    ['1234/25000', { used: 1234, max: 25000, percent: 4.94 }],
    [' 12 / 100000 ', { used: 12, max: 100000, percent: 0.01 }],
    ['0/50000', { used: 0, max: 50000, percent: 0 }],
    ['25000/25000', { used: 25000, max: 25000, percent: 100 }],
    ['26000/25000', { used: 26000, max: 25000, percent: 104 }],
  ])('parsePardotUsage(%p) reads used/max', (header, expected) => {
    expect(parsePardotUsage(header)).toEqual(expected);
  });

  it.each([
    [null], [undefined], [''], ['1234'], ['1234/0'], ['/25000'], ['1.5/10'], ['-1/10'], ['1,234/25,000'],
    ['api-usage=1/25000'], ['12/25000; extra'], ['12 of 25000'], ['1234567890123/25000'],
  ])('parsePardotUsage(%p) is unknown, never a guess', (header) => {
    expect(parsePardotUsage(header)).toBeNull();
  });

  const run = (runId: string, stats: Record<string, unknown>) => runFigures({ runId, direction: 'outbound', status: 'Completed', message: '', created: '', stats: JSON.stringify(stats) });

  it('run figures carry the stored header; the newest run that has one is shown, warning only above 80 %', () => {
    expect(run('push-2026-03-02T09:00:00.000Z', { pardotUsage: '5/25000' }).pardotUsage).toBe('5/25000');
    expect(run('push-2026-03-02T09:00:00.000Z', { pardotUsage: 5 }).pardotUsage).toBeNull();
    const runs = [run('push-2026-03-02T11:00:00.000Z', {}), run('push-2026-03-02T10:00:00.000Z', { pardotUsage: '20000/25000' }), run('push-2026-03-02T09:00:00.000Z', { pardotUsage: '1/25000' })];
    expect(pardotUsageView(runs, true)).toEqual({ kind: 'usage', used: 20000, max: 25000, percent: 80, high: false, runId: 'push-2026-03-02T10:00:00.000Z' });
    expect(pardotUsageView([run('push-2026-03-02T10:00:00.000Z', { pardotUsage: '20001/25000' })], true)).toMatchObject({ kind: 'usage', high: true });
    expect(pardotUsageView(runs, false)).toEqual({ kind: 'disabled' });
    expect(pardotUsageView([run('push-2026-03-02T11:00:00.000Z', {})], true)).toEqual({ kind: 'none' });
    expect(pardotUsageView([run('push-2026-03-02T11:00:00.000Z', { pardotUsage: 'lots' })], true)).toEqual({ kind: 'unreadable', header: 'lots', runId: 'push-2026-03-02T11:00:00.000Z' });
  });

  const data = (runs: ConsoleData['runs'], pardotEnabled: boolean): ConsoleData => ({
    now: new Date('2026-03-02T12:00:00Z'), queue: { pending: 0, oldestChangedAt: null }, runs, failures: [],
    connection: { ok: true, detail: 'ok' }, pardotEnabled, directions: DEFAULT_SETTINGS, canRetry: true, roleLabel: 'administrator (3)', savedSearches: [], notice: null, postUrl: '/x',
  });
  const row = (runId: string, stats: Record<string, unknown>): ConsoleData['runs'][number] => ({ runId, direction: 'outbound', status: 'Completed', message: '', created: '', stats: JSON.stringify(stats) });

  it('shows the figures next to Salesforce, a warning above 80 %, and keeps an unreadable header as text', () => {
    const stats = { limitInfo: 'api-usage=7/15000', pardotUsage: '1234/25000' };
    const normal = buildConsoleView(data([row('push-2026-03-02T10:00:00.000Z', stats)], true));
    expect(normal.apiUsage).toMatchObject({ used: 7, max: 15000, high: false });
    expect(normal.pardotUsage).toMatchObject({ kind: 'usage', used: 1234, max: 25000, percent: 4.94, high: false });
    expect(buildConsoleView(data([row('push-2026-03-02T10:00:00.000Z', { pardotUsage: '22500/25000' })], true)).pardotUsage).toMatchObject({ kind: 'usage', percent: 90, high: true });
    expect(buildConsoleView(data([], true)).pardotUsage).toEqual({ kind: 'none' });
    expect(buildConsoleView(data([row('push-2026-03-02T10:00:00.000Z', stats)], false)).pardotUsage).toEqual({ kind: 'disabled' });
    expect(buildConsoleView(data([row('push-2026-03-02T10:00:00.000Z', { pardotUsage: '<img src=x onerror=alert(1)>' })], true)).pardotUsage)
      .toEqual({ kind: 'unreadable', header: '<img src=x onerror=alert(1)>', runId: 'push-2026-03-02T10:00:00.000Z' });
  });

  it('warns on Salesforce usage above 80 % of the daily allocation too', () => {
    expect(buildConsoleView(data([row('push-2026-03-02T10:00:00.000Z', { limitInfo: 'api-usage=80000/100000' })], false)).apiUsage).toMatchObject({ percent: 80, high: false, runId: 'push-2026-03-02T10:00:00.000Z' });
    expect(buildConsoleView(data([row('push-2026-03-02T10:00:00.000Z', { limitInfo: 'api-usage=80001/100000' })], false)).apiUsage).toMatchObject({ high: true });
  });
});

describe('directions on the queue card', () => {
  const data = (directions: ConsoleData['directions'], pending: number): ConsoleData => ({
    now: new Date('2026-03-02T12:00:00Z'), queue: { pending, oldestChangedAt: null }, runs: [], failures: [],
    connection: { ok: true, detail: 'ok' }, pardotEnabled: false, directions, canRetry: true, roleLabel: 'administrator (3)', savedSearches: [], notice: null, postUrl: '/x',
  });

  it('states the schedule of each direction, and marks a pause with what waits', () => {
    const normal = buildConsoleView(data({ ...DEFAULT_SETTINGS, pullEveryMinutes: 60 }, 0)).directions;
    expect(normal.sending).toEqual({ paused: false, text: 'Sending: right after each save, and every 15 minutes for retries.' });
    expect(normal.receiving).toEqual({ paused: false, text: 'Receiving: every 60 minutes.' });
    const paused = buildConsoleView(data({ ...DEFAULT_SETTINGS, pausePush: true, pausePull: true }, 7)).directions;
    expect(paused.sending).toEqual({ paused: true, text: 'Sending is paused ("Pause Sending" in CRM Sync Settings): 7 change(s) wait in the queue and go once it is unchecked.' });
    expect(paused.receiving).toMatchObject({ paused: true, text: expect.stringMatching(/^Receiving is paused/) });
  });
});
