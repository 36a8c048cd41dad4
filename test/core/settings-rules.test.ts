import { autoCreateSince, validateSettings, type SettingsInput } from '../../src/core/settings-rules';

const valid: SettingsInput = {
  loginUrl: 'https://login.salesforce.com', apiVersion: '62.0', clientId: '3MVG9', authFlow: 'jwt', username: 'int@acme.example', secretId: null,
  certificateId: 'custcertificate_crmsync_sf', deletePolicy: 'ignore', batchSize: 15, pardotEnabled: true, pardotBusinessUnit: '0Uv5g000000CRMSYNC',
  pardotHost: 'https://pi.pardot.com', alertEmails: 'ops@acme.example, admin@acme.example', pushEvery: 15, pullEvery: 60,
};

describe('validateSettings', () => {
  it('accepts a complete record', () => {
    expect(validateSettings(valid)).toEqual([]);
  });

  it.each([
    [{ loginUrl: 'http://login.salesforce.com' }, 'https://'],
    [{ apiVersion: 'v62' }, 'like 62.0'],
    [{ authFlow: 'password' }, 'jwt or client_credentials'],
    [{ authFlow: 'client_credentials', secretId: 'my-secret-value' }, 'never the secret itself'],
    [{ certificateId: '' }, 'Certificate ID'],
    [{ clientId: '' }, 'Consumer Key'],
    [{ deletePolicy: 'purge' }, 'ignore, unlink or delete'],
    [{ batchSize: 40 }, '1 to 15'],
    [{ pardotBusinessUnit: '12345' }, '0Uv'],
    [{ pardotHost: 'https://evil.example' }, 'pi.pardot.com'],
    [{ alertEmails: 'ops@acme.example, nobody' }, '"nobody"'],
    [{ pullEvery: 20 }, 'Pull Every must be a whole number of minutes from 15 to 1440 in steps of 15'],
    [{ pushEvery: 5 }, 'Push Every must be'],
    [{ pullEvery: 2880 }, 'Pull Every must be'],
    [{ pushEvery: Number('every hour') }, 'Push Every must be'],
  ] as const)('%p → a message containing %p', (change, words) => {
    const problems = validateSettings({ ...valid, ...change });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(words);
  });
});

describe('autoCreateSince', () => {
  const now = new Date('2026-05-01T10:00:00.000Z');
  it('stamps on, keeps while on, clears off', () => {
    expect(autoCreateSince(false, true, null, now)).toBe('2026-05-01T10:00:00.000Z');
    expect(autoCreateSince(true, true, '2026-01-01T00:00:00.000Z', now)).toBe('2026-01-01T00:00:00.000Z');
    expect(autoCreateSince(true, false, '2026-01-01T00:00:00.000Z', now)).toBeNull();
  });
});
