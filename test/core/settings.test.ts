import { ADMIN_SETTINGS, SETTINGS } from '../../src/ids';
import { autoCreateSince, readSettings, SELECT_SETTING_FIELDS, SETTING_FIELDS, settingsProblems } from '../../src/core/settings';
import { DEFAULT_SETTINGS } from '../../src/core/model';

const valid: Record<string, unknown> = {
  [SETTINGS.loginUrl]: 'https://login.salesforce.com', [SETTINGS.apiVersion]: '62.0', [SETTINGS.clientId]: '3MVG9', [SETTINGS.authFlow]: 'jwt',
  [SETTINGS.username]: 'int@acme.example', [SETTINGS.secretId]: null, [SETTINGS.certificateId]: 'custcertificate_crmsync_sf',
  [SETTINGS.deletePolicy]: 'ignore', [SETTINGS.batchSize]: 15, [SETTINGS.pardotEnabled]: true, [SETTINGS.pardotBusinessUnit]: '0Uv5g000000CRMSYNC',
  [SETTINGS.pardotHost]: 'https://pi.pardot.com', [ADMIN_SETTINGS.alertEmails]: 'ops@acme.example, admin@acme.example',
  [SETTINGS.pushEvery]: 15, [SETTINGS.pullEvery]: 60,
};

const problemsOf = (values: Record<string, unknown>): string[] => settingsProblems((field) => values[field]);

describe('settingsProblems', () => {
  it('accepts a complete record', () => {
    expect(problemsOf(valid)).toEqual([]);
  });

  it.each([
    [{ [SETTINGS.loginUrl]: 'http://login.salesforce.com' }, 'https://'],
    [{ [SETTINGS.apiVersion]: 'v62' }, 'like 62.0'],
    [{ [SETTINGS.authFlow]: 'password' }, 'jwt or client_credentials'],
    [{ [SETTINGS.authFlow]: 'client_credentials', [SETTINGS.loginUrl]: 'https://acme.my.salesforce.com', [SETTINGS.secretId]: 'my-secret-value' }, 'never the secret itself'],
    [{ [SETTINGS.authFlow]: 'client_credentials', [SETTINGS.secretId]: 'custsecret_crmsync_sf' }, 'My Domain URL'],
    [{ [SETTINGS.authFlow]: 'client_credentials', [SETTINGS.loginUrl]: 'https://test.salesforce.com/', [SETTINGS.secretId]: 'custsecret_crmsync_sf' }, 'My Domain URL'],
    [{ [SETTINGS.certificateId]: '' }, 'Certificate ID'],
    [{ [SETTINGS.clientId]: '' }, 'Consumer Key'],
    [{ [SETTINGS.deletePolicy]: 'purge' }, 'ignore, unlink or delete'],
    [{ [SETTINGS.salesforceDeletePolicy]: 'delete' }, 'unlink or inactivate'],
    [{ [SETTINGS.batchSize]: 40 }, '1 to 15'],
    [{ [SETTINGS.pardotBusinessUnit]: '12345' }, '0Uv'],
    [{ [SETTINGS.pardotHost]: 'https://evil.example' }, 'pi.pardot.com'],
    [{ [ADMIN_SETTINGS.alertEmails]: 'ops@acme.example, nobody' }, '"nobody"'],
    // The digest and the form share one email rule: what the form accepts, the digest sends to.
    [{ [ADMIN_SETTINGS.alertEmails]: 'ops@acme.example, ops@@acme.example' }, '"ops@@acme.example"'],
    [{ [SETTINGS.pullEvery]: 20 }, 'Pull Every must be a whole number of minutes from 15 to 1440 in steps of 15'],
    [{ [SETTINGS.pushEvery]: 5 }, 'Push Every must be'],
    [{ [SETTINGS.pullEvery]: 2880 }, 'Pull Every must be'],
    [{ [SETTINGS.pushEvery]: 'every hour' }, 'Push Every must be'],
  ] as const)('%p → a message containing %p', (change, words) => {
    const problems = problemsOf({ ...valid, ...change });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(words);
  });
});

describe('readSettings', () => {
  it('gives every default without a settings record', () => {
    const settings = readSettings(() => undefined);
    expect(settings.sync).toEqual(DEFAULT_SETTINGS);
    expect(settings.connection).toMatchObject({ loginUrl: 'https://login.salesforce.com', apiVersion: '62.0', authFlow: 'jwt' });
    expect(settings.pardot).toMatchObject({ enabled: false, host: 'https://pi.pardot.com', excludePartners: true, excludePortal: true });
    expect(settings.admin).toEqual({ logDays: 30, failureLogDays: 90, alertEmails: null, alertThreshold: 1 });
  });

  it('uses a stored value when usable, else the default (a bad stored value never stops the sync)', () => {
    const stored: Record<string, unknown> = {
      [SETTINGS.batchSize]: '40', [SETTINGS.pushEvery]: '20', [SETTINGS.pullEvery]: '60', [SETTINGS.deletePolicy]: 'UNLINK',
      [SETTINGS.parentFirst]: 'F', [SETTINGS.pardotHost]: 'https://pi.demo.pardot.com/', [SETTINGS.authFlow]: 'Client_Credentials',
      [ADMIN_SETTINGS.logDays]: '-1', [ADMIN_SETTINGS.alertThreshold]: '5',
    };
    const settings = readSettings((field) => stored[field]);
    expect(settings.sync).toMatchObject({ batchSize: 15, pushEveryMinutes: 15, pullEveryMinutes: 60, deletePolicy: 'unlink', syncParentFirst: false });
    expect(settings.pardot.host).toBe('https://pi.demo.pardot.com');
    expect(settings.connection.authFlow).toBe('client_credentials');
    expect(settings.admin).toMatchObject({ logDays: 30, alertThreshold: 5 });
    expect(readSettings((field) => ({ [ADMIN_SETTINGS.logDays]: '7', [ADMIN_SETTINGS.alertThreshold]: '0' })[field]).admin).toMatchObject({ logDays: 7, alertThreshold: 1 });
  });

  it('reads every field of the settings record and no other', () => {
    const declared = [...Object.values(SETTINGS).filter((id) => id !== SETTINGS.type), ...Object.values(ADMIN_SETTINGS)];
    expect([...SETTING_FIELDS].sort()).toEqual(declared.sort());
  });
});

describe('Duplicate Rules (a list field)', () => {
  it.each([[undefined, 'report'], ['', 'report'], ['Report', 'report'], ['Allow', 'allow'], ['1', 'report'], ['2', 'allow'], ['something else', 'report']])('%s reads as %s', (stored, expected) => {
    expect(readSettings((field) => (field === SETTINGS.duplicateRules ? stored : undefined)).sync.duplicateRules).toBe(expected);
  });

  it('is read by its text, and a list value is never a problem', () => {
    expect(SELECT_SETTING_FIELDS.has(SETTINGS.duplicateRules)).toBe(true);
    expect(settingsProblems((field) => (field === SETTINGS.duplicateRules ? '2' : undefined))).toEqual([]);
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
