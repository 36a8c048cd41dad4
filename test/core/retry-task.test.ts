import { decodeSelection, encodeSelection, retryable } from '../../src/core/console/retry-task';
import { MAX_SELECTIONS, type RecordRef } from '../../src/core/console/requests';

describe('the selection "Retry selected" hands to the background task', () => {
  it('round-trips contacts and customers, and the largest selection fits a Text Area parameter (4,000 characters)', () => {
    const refs: RecordRef[] = [{ recordType: 'contact', id: '12' }, { recordType: 'customer', id: '34' }];
    expect(encodeSelection(refs)).toBe('c12,u34');
    expect(decodeSelection('c12,u34')).toEqual(refs);
    const largest = Array.from({ length: MAX_SELECTIONS }, (_, i): RecordRef => ({ recordType: i % 2 === 0 ? 'contact' : 'customer', id: String(999_999_999_999 - i) }));
    expect(encodeSelection(largest).length).toBeLessThanOrEqual(4000);
    expect(decodeSelection(encodeSelection(largest))).toEqual(largest);
  });

  it('drops what is not a contact or customer id, and duplicates', () => {
    expect(decodeSelection('c1,x2,u,c1 OR 1=1,u0012,c1,,c1234567890123')).toEqual([{ recordType: 'contact', id: '1' }, { recordType: 'customer', id: '12' }]);
    for (const text of [undefined, null, '', 42]) expect(decodeSelection(text)).toEqual([]);
  });

  it('retries a record failed in Salesforce or in Pardot, nothing else', () => {
    expect(retryable({ status: 'Failed', pardotStatus: null })).toBe(true);
    expect(retryable({ status: 'Completed', pardotStatus: 'Failed' })).toBe(true);
    expect(retryable({ status: 'Completed', pardotStatus: 'Completed' })).toBe(false);
    expect(retryable({ status: null, pardotStatus: null })).toBe(false);
  });
});
