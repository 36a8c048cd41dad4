import { bannerFor, parseActionResult, serializeActionResult, validResultKey } from '../../src/core/console/action-result';

describe('a record button\'s result on its way back to the record', () => {
  const kept = serializeActionResult({ recordType: 'contact', id: '12', notice: { kind: 'info', title: 'Jane is queued; sending is paused.', lines: ['One', 'Two'] } });

  it('is shown only on the record it was kept for, and only when well formed', () => {
    expect(parseActionResult(kept, 'contact', '12')).toEqual({ kind: 'info', title: 'Jane is queued; sending is paused.', lines: ['One', 'Two'] });
    expect(parseActionResult(kept, 'contact', '13')).toBeNull();
    expect(parseActionResult(kept, 'customer', '12')).toBeNull();
    for (const text of [null, '', 'not json', '{"t":"contact","i":"12","k":"evil","h":"x","l":[]}', '{"t":"contact","i":"12","k":"error","h":"x","l":[1]}']) {
      expect(parseActionResult(text, 'contact', '12')).toBeNull();
    }
  });

  it('keys are 32 lowercase hex characters; anything else (words, markup) is no key', () => {
    expect(validResultKey('0123456789abcdef0123456789abcdef')).toBe(true);
    for (const key of ['Your record was deleted', '0123456789ABCDEF0123456789ABCDEF', '<b>', '', undefined, 42]) expect(validResultKey(key)).toBe(false);
  });

  it('keeps at most 2,000 characters of lines', () => {
    const long = serializeActionResult({ recordType: 'contact', id: '1', notice: { kind: 'error', title: 'T', lines: Array.from({ length: 50 }, () => 'x'.repeat(100)) } });
    expect(parseActionResult(long, 'contact', '1')?.lines.length).toBe(19);
  });

  it('colours by outcome and escapes the text (a record name is user data)', () => {
    expect(bannerFor({ kind: 'success', title: '<b>A</b> is queued', lines: ['a & b', 'c'] })).toEqual({ type: 'CONFIRMATION', title: '&lt;b&gt;A&lt;/b&gt; is queued', message: 'a &amp; b<br>c' });
    expect(bannerFor({ kind: 'info', title: 't', lines: [] }).type).toBe('WARNING');
    expect(bannerFor({ kind: 'error', title: 't', lines: [] }).type).toBe('ERROR');
  });
});
