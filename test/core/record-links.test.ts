/** The record's "Open in Salesforce" / "Open in Account Engagement" links: ids checked, hosts derived, everything escaped. */
import { httpsOrigin, LINK_PENDING_NOTE, pardotUiHost, recordLinks, renderRecordLinks, salesforceBase, type RecordLinkInput } from '../../src/core/record-links';

const SF_CONTACT = '003000000000001AAA';
const base: RecordLinkInput = {
  recordType: 'contact', salesforceId: SF_CONTACT, pardotId: '4711',
  instanceUrl: 'https://acme.my.salesforce.com', loginUrl: 'https://login.salesforce.com', pardotHost: 'https://pi.pardot.com',
};

describe('record links', () => {
  it('links a contact to its Salesforce Contact and its prospect', () => {
    expect(recordLinks(base)).toEqual([
      { system: 'salesforce', label: 'Open in Salesforce', id: SF_CONTACT, url: `https://acme.my.salesforce.com/lightning/r/Contact/${SF_CONTACT}/view`, note: null },
      { system: 'pardot', label: 'Open in Account Engagement', id: '4711', url: 'https://pi.pardot.com/prospect/read/id/4711', note: null },
    ]);
  });

  it('links a customer to its Account, and accepts 15-character ids', () => {
    const [link] = recordLinks({ ...base, recordType: 'customer', salesforceId: '001000000000001', pardotId: null });
    expect(link?.url).toBe('https://acme.my.salesforce.com/lightning/r/Account/001000000000001/view');
  });

  it.each([
    ['no ids', { salesforceId: null, pardotId: null }, []],
    ['blank ids', { salesforceId: '  ', pardotId: '' }, []],
    ['only Pardot', { salesforceId: null }, ['pardot']],
    ['only Salesforce', { pardotId: null }, ['salesforce']],
  ] as const)('gives a link only for ids that are set (%s)', (_name, ids, systems) => {
    expect(recordLinks({ ...base, ...ids }).map((l) => l.system)).toEqual(systems);
  });

  it.each([
    ['too short', '003000000000'],
    ['16 characters', '003000000000001A'],
    ['markup', '003"><script>x</script>'],
    ['path', '003000000000001/../x'],
    ['javascript:', 'javascript:alert(1)'],
  ])('rejects a Salesforce id that is %s: no URL, a note instead', (_name, id) => {
    const [link] = recordLinks({ ...base, salesforceId: id, pardotId: null });
    expect(link).toMatchObject({ url: null, note: 'not a valid Salesforce id, so no link' });
  });

  it.each(['12a', '-1', '1.5', '1e3', '<b>1</b>'])('rejects Pardot id %p', (id) => {
    const [link] = recordLinks({ ...base, salesforceId: null, pardotId: id });
    expect(link).toMatchObject({ url: null, note: 'not a valid prospect id, so no link' });
  });

  it('before the first sign-in: the My Domain login URL serves, login.salesforce.com does not', () => {
    expect(recordLinks({ ...base, instanceUrl: null, loginUrl: 'https://acme.my.salesforce.com/', pardotId: null })[0]?.url)
      .toBe(`https://acme.my.salesforce.com/lightning/r/Contact/${SF_CONTACT}/view`);
    expect(recordLinks({ ...base, instanceUrl: null, pardotId: null })[0]).toMatchObject({ url: null, note: LINK_PENDING_NOTE });
    expect(recordLinks({ ...base, instanceUrl: null, loginUrl: 'https://test.salesforce.com', pardotId: null })[0]).toMatchObject({ url: null, note: LINK_PENDING_NOTE });
  });

  it.each([
    ['https://acme.my.salesforce.com', 'https://acme.my.salesforce.com'],
    ['https://ACME.my.salesforce.com/', 'https://acme.my.salesforce.com'],
    ['https://acme--uat.sandbox.my.salesforce.com:443', 'https://acme--uat.sandbox.my.salesforce.com:443'],
    ['http://acme.my.salesforce.com', null],
    ['https://acme.my.salesforce.com/path', null],
    ['https://evil.example"><script>', null],
    ['javascript:alert(1)', null],
    [null, null],
  ])('httpsOrigin(%p) = %p', (value, expected) => {
    expect(httpsOrigin(value)).toBe(expected);
  });

  it('an unusable stored instance URL falls back like a missing one', () => {
    expect(salesforceBase('not a url', 'https://acme.my.salesforce.com')).toBe('https://acme.my.salesforce.com');
    expect(salesforceBase('not a url', 'https://login.salesforce.com')).toBeNull();
  });

  it.each([
    ['https://pi.pardot.com', 'pi.pardot.com'],
    ['https://pi.demo.pardot.com/', 'pi.demo.pardot.com'],
    ['pi.demo.pardot.com', 'pi.demo.pardot.com'],
    ['https://PI.Demo.Pardot.com/api/v5', 'pi.demo.pardot.com'],
    ['', 'pi.pardot.com'],
    ['https://evil.example', 'pi.pardot.com'],
    ['https://pardot.com.evil.example', 'pi.pardot.com'],
    ['https://x"><script>.pardot.com', 'pi.pardot.com'],
  ])('the Pardot UI host for setting %p is %p', (setting, host) => {
    expect(pardotUiHost(setting)).toBe(host);
  });

  it('demo business units link to pi.demo.pardot.com', () => {
    expect(recordLinks({ ...base, salesforceId: null, pardotHost: 'https://pi.demo.pardot.com' })[0]?.url).toBe('https://pi.demo.pardot.com/prospect/read/id/4711');
  });
});

describe('record links HTML', () => {
  it('opens each link in a new tab, without the opener', () => {
    const out = renderRecordLinks(recordLinks(base));
    expect(out).toContain(`<a href="https://acme.my.salesforce.com/lightning/r/Contact/${SF_CONTACT}/view" target="_blank" rel="noopener noreferrer">Open in Salesforce</a>`);
    expect(out).toContain('<a href="https://pi.pardot.com/prospect/read/id/4711" target="_blank" rel="noopener noreferrer">Open in Account Engagement</a>');
    expect(out.match(/<a /g)).toHaveLength(2);
  });

  it('shows an id without a link as escaped text with a muted note', () => {
    const out = renderRecordLinks(recordLinks({ ...base, salesforceId: '<img src=x onerror=alert(1)>', pardotId: '"1"' }));
    expect(out).not.toContain('<a ');
    expect(out).not.toContain('<img');
    expect(out).toContain('<code>&lt;img src=x onerror=alert(1)&gt;</code>');
    expect(out).toContain('<code>&quot;1&quot;</code>');
    expect(out).toContain('not a valid Salesforce id, so no link');
  });

  it('says the link comes after the first sync when no Salesforce host is known yet', () => {
    const out = renderRecordLinks(recordLinks({ ...base, instanceUrl: null, pardotId: null }));
    expect(out).toContain(`<code>${SF_CONTACT}</code> <span style="color:#6b6b6b">(${LINK_PENDING_NOTE})</span>`);
  });

  it('is empty without links', () => {
    expect(renderRecordLinks([])).toBe('');
  });
});
