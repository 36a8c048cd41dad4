import { redactPersonalData, shortRedacted, storedErrorText } from '../../src/core/redact';
import { digestText } from '../../src/core/console/digest';

describe('redactPersonalData', () => {
  it.each([
    ['invalid email address: first,last@example.com', 'invalid email address: [email]'],
    ['Email: jane.doe+x@acme.co.uk is bad', 'Email: [email] is bad'],
    ['phone +1 (415) 555-0100 too long', 'phone [phone] too long'],
    ['mobile 07700 900123, fax 415.555.0100', 'mobile [phone], fax [phone]'],
    ['id 003000000012345AAA at 2025-01-15T17:00:00Z', 'id 003000000012345AAA at 2025-01-15T17:00:00Z'],
    ['2025-01-15 17:00 run push-1736960400000-ab', '2025-01-15 17:00 run push-1736960400000-ab'],
    ['contact 12345 failed; LastName is 90 characters, Salesforce allows 80', 'contact 12345 failed; LastName is 90 characters, Salesforce allows 80'],
  ])('%s', (text, expected) => {
    expect(redactPersonalData(text)).toBe(expected);
  });
});

describe('stored and sent texts', () => {
  it('keep the code, one line, at most 300 characters of message', () => {
    expect(storedErrorText('SF_REJECTED', 'a\r\nb\u2028c@d.ef')).toBe('SF_REJECTED: a b [email]');
    expect(storedErrorText('NO_EMAIL', '')).toBe('NO_EMAIL');
    expect(shortRedacted('x'.repeat(400))).toHaveLength(300);
  });

  it('the digest defangs markup and links', () => {
    expect(digestText('<a href="https://evil.example">x</a> www.evil.example javascript:alert(1)'))
      .toBe('‹a href="https[:]//evil.example"›x‹/a› www[.]evil.example javascript[:]alert(1)');
  });
});
