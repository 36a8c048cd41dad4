/** The error list's filters, sort, paging, counts and CSV (src/core/console/failures.ts). */
import { failedRecordCount, failurePage, failuresCsv, matchingFailures, parseFailureQuery, queryParams, reasonCounts, splitStoredError, DEFAULT_FAILURE_QUERY, type FailureRow } from '../../src/core/console/failures';

const now = new Date('2026-03-31T12:00:00Z');
const row = (id: number, over: Partial<FailureRow> = {}): FailureRow => ({
  recordType: 'contact', id: String(id), name: `Contact ${id}`, email: `c${id}@example.com`, system: 'salesforce', status: 'Failed',
  code: 'SF_INVALID_EMAIL', message: 'bad', since: new Date(now.getTime() - id * 86_400_000).toISOString(), queueState: null, ...over,
});

describe('the error list', () => {
  const rows = [
    ...Array.from({ length: 120 }, (_, i) => row(i + 1)),
    row(5, { system: 'pardot', code: 'PD_INVALID_EMAIL' }),
    row(500, { recordType: 'customer', name: 'Acme Corp', email: 'ap@acme.example', code: 'SF_DUPLICATE' }),
    row(501, { status: 'Skipped', code: 'ORPHAN_CONTACT' }),
  ];

  it('filters by status, system, type, reason, age and name or email', () => {
    const q = (params: Record<string, string>) => matchingFailures(rows, parseFailureQuery(params), now).map((r) => `${r.system}:${r.id}`);
    expect(q({})).toHaveLength(122); // Failed by default: skipped rows only when asked for
    expect(q({ f_status: 'Skipped' })).toEqual(['salesforce:501']);
    expect(q({ f_system: 'pardot' })).toEqual(['pardot:5']);
    expect(q({ f_type: 'customer' })).toEqual(['salesforce:500']);
    expect(q({ f_reason: 'SF_DUPLICATE' })).toEqual(['salesforce:500']);
    expect(q({ f_age: '1' })).toEqual(['salesforce:1']);
    expect(q({ f_age: 'older30', f_type: 'customer' })).toEqual(['salesforce:500']);
    expect(q({ f_q: 'ACME' })).toEqual(['salesforce:500']);
    expect(q({ f_q: 'c7@example' })).toEqual(['salesforce:7']);
  });

  it('sorts and pages 50 rows at a time; the counts are records, not rows', () => {
    const first = failurePage(rows, DEFAULT_FAILURE_QUERY, now);
    expect(first).toMatchObject({ matching: 122, page: 1, pages: 3 });
    expect(first.rows[0]?.id).toBe('1'); // newest first
    const last = failurePage(rows, parseFailureQuery({ f_page: '3' }), now);
    expect(last.rows).toHaveLength(22);
    const byName = failurePage(rows, parseFailureQuery({ f_sort: 'name', f_dir: 'asc' }), now);
    expect(byName.rows[0]?.name).toBe('Acme Corp');
    expect(failurePage(rows, parseFailureQuery({ f_page: '99' }), now).page).toBe(3);
    expect(failedRecordCount(rows)).toBe(121); // contact 5 failed in both systems: one record
    expect(reasonCounts(rows)).toEqual(expect.arrayContaining([{ reason: 'SF_INVALID_EMAIL', system: 'salesforce', count: 120 }, { reason: 'PD_INVALID_EMAIL', system: 'pardot', count: 1 }]));
  });

  it('round-trips a query through its parameters and ignores anything unknown', () => {
    const query = parseFailureQuery({ f_system: 'pardot', f_reason: 'PD_REJECTED', f_page: '2', f_sort: 'reason', f_dir: 'asc' });
    expect(parseFailureQuery(queryParams(query))).toEqual(query);
    expect(parseFailureQuery({ f_system: 'oracle', f_reason: "x' OR 1=1", f_page: '-3', f_sort: 'drop' })).toEqual(DEFAULT_FAILURE_QUERY);
  });

  it('exports every matching row as CSV, quoting and defusing formulas', () => {
    const csv = failuresCsv([row(1, { name: 'Smith, "Jo"', message: '=HYPERLINK("x")' })]);
    expect(csv.split('\r\n')[0]).toBe('Record type,Internal ID,Name,Email,System,Status,Reason,Message,Since (UTC),Queue');
    expect(csv).toContain('"Smith, ""Jo"""');
    expect(csv).toContain('"\'=HYPERLINK(""x"")"');
  });

  it('reads the code of a stored error', () => {
    expect(splitStoredError('SF_INVALID_EMAIL: Email: invalid email address: [email]')).toEqual({ code: 'SF_INVALID_EMAIL', message: 'Email: invalid email address: [email]' });
    expect(splitStoredError('RETRIES_EXHAUSTED')).toEqual({ code: 'RETRIES_EXHAUSTED', message: '' });
    expect(splitStoredError(null)).toEqual({ code: 'UNKNOWN', message: '' });
  });
});
