import { headerValue } from '../../src/core/http-headers';

describe('headerValue', () => {
  it('finds a header whatever case the server used, and says null when it is absent', () => {
    const headers = { 'SFORCE-LIMIT-INFO': 'api-usage=5/15000', 'x-api-usage': '12/25000' };
    expect(headerValue(headers, 'Sforce-Limit-Info')).toBe('api-usage=5/15000');
    expect(headerValue(headers, 'X-Api-Usage')).toBe('12/25000');
    expect(headerValue(headers, 'Retry-After')).toBeNull();
    expect(headerValue({ 'x-api-usage': undefined }, 'x-api-usage')).toBeNull();
  });
});
