import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADMIN_SETTINGS, SETTING_LISTS, SETTINGS } from '../../src/ids';
import { autoCreateSince, readSettings, SELECT_SETTING_FIELDS, SETTING_FIELDS, SETTING_LIST_CHOICES, SETTING_SPECS, settingsProblems, type SettingSpec } from '../../src/core/settings';
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
    [{ [SETTINGS.authFlow]: 'password' }, 'Salesforce Auth Flow must be JWT (certificate) or Client Credentials (API secret)'],
    [{ [SETTINGS.authFlow]: 'client_credentials', [SETTINGS.loginUrl]: 'https://acme.my.salesforce.com', [SETTINGS.secretId]: 'my-secret-value' }, 'never the secret itself'],
    [{ [SETTINGS.authFlow]: 'client_credentials', [SETTINGS.secretId]: 'custsecret_crmsync_sf' }, 'My Domain URL'],
    [{ [SETTINGS.authFlow]: 'client_credentials', [SETTINGS.loginUrl]: 'https://test.salesforce.com/', [SETTINGS.secretId]: 'custsecret_crmsync_sf' }, 'My Domain URL'],
    [{ [SETTINGS.certificateId]: '' }, 'Certificate ID'],
    [{ [SETTINGS.clientId]: '' }, 'Consumer Key'],
    [{ [SETTINGS.deletePolicy]: 'purge' }, 'When Deleted in NetSuite must be Ignore, Unlink or Delete'],
    [{ [SETTINGS.salesforceDeletePolicy]: 'delete' }, 'When Deleted in Salesforce must be Unlink or Inactivate'],
    // A value an administrator added to a list (its internal id is past the values the code knows) is refused.
    [{ [SETTINGS.reconcileEvery]: '4' }, 'Reconcile Every must be Weekly, Daily or Off (a value added to its list is not one CRM Sync knows).'],
    [{ [SETTINGS.duplicateRules]: 'Ask me' }, 'Duplicate Rules must be Report or Allow'],
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

describe('the settings lists', () => {
  const objects = join(__dirname, '..', '..', 'Objects');
  const xml = (id: string): string => readFileSync(join(objects, `${id}.xml`), 'utf8');
  const settingsXml = xml(SETTINGS.type);
  /** The settings record's field `field`: its type and the list it selects from. */
  const fieldXml = (field: string): { type: string; list: string | null } => {
    const body = new RegExp(`<customrecordcustomfield scriptid="${field}">([\\s\\S]*?)</customrecordcustomfield>`).exec(settingsXml)?.[1] ?? '';
    return { type: /<fieldtype>(\w+)<\/fieldtype>/.exec(body)?.[1] ?? '', list: /<selectrecordtype>\[scriptid=(\w+)\]<\/selectrecordtype>/.exec(body)?.[1] ?? null };
  };
  const listSpecs = Object.values(SETTING_SPECS).flatMap((group) => Object.values(group) as (SettingSpec<unknown> & { list?: string })[]).filter((spec) => spec.list !== undefined);

  it.each(Object.values(SETTING_LISTS))('%s has, in order, the values the code knows (names in the XML = the table)', (list) => {
    const values = [...xml(list).matchAll(/<value>([^<]*)<\/value>/g)].map((m) => m[1]);
    expect(values).toEqual(SETTING_LIST_CHOICES[list].map((v) => v.label));
    expect(xml(list)).not.toMatch(/<isinactive>T<\/isinactive>/);
  });

  it('every choice setting is a SELECT on its own list, read by its text; no other field is', () => {
    expect(listSpecs.map((spec) => spec.field).sort()).toEqual([SETTINGS.authFlow, SETTINGS.deletePolicy, SETTINGS.duplicateRules, SETTINGS.reconcileEvery, SETTINGS.salesforceDeletePolicy].sort());
    for (const spec of listSpecs) expect(fieldXml(spec.field)).toEqual({ type: 'SELECT', list: spec.list });
    expect([...SELECT_SETTING_FIELDS].sort()).toEqual(listSpecs.map((spec) => spec.field).sort());
    expect(new Set(listSpecs.map((spec) => spec.list)).size).toBe(listSpecs.length);
  });

  it.each([
    [SETTINGS.authFlow, 'connection', 'authFlow', ['jwt', 'client_credentials']],
    [SETTINGS.deletePolicy, 'sync', 'deletePolicy', ['ignore', 'unlink', 'delete']],
    [SETTINGS.salesforceDeletePolicy, 'sync', 'salesforceDeletePolicy', ['unlink', 'inactivate']],
    [SETTINGS.reconcileEvery, 'reconcile', 'every', ['weekly', 'daily', 'off']],
  ] as const)('%s reads each value by its name (getText), its internal id (getValue) and the old free-text word', (field, group, key, words) => {
    const read = (stored: unknown): unknown => (readSettings((f) => (f === field ? stored : undefined))[group] as unknown as Record<string, unknown>)[key];
    const list = (SETTING_SPECS[group] as Record<string, { list?: keyof typeof SETTING_LIST_CHOICES }>)[key]?.list;
    const labels = list === undefined ? [] : SETTING_LIST_CHOICES[list].map((v) => v.label);
    expect(labels).toHaveLength(words.length);
    words.forEach((word, i) => {
      expect([read(labels[i]), read(String(i + 1)), read(word), read(word.toUpperCase())]).toEqual([word, word, word, word]);
    });
    // Blank or a value the code does not know: the default (the first value), and only the unknown one is a problem.
    expect([read(undefined), read(''), read(String(words.length + 1))]).toEqual([words[0], words[0], words[0]]);
    expect(settingsProblems((f) => (f === field ? String(words.length + 1) : undefined)).some((p) => p.includes('a value added to its list is not one CRM Sync knows'))).toBe(true);
  });

  it('the auth flow chosen from the list drives the sign-in checks (Client Credentials by its internal id)', () => {
    expect(problemsOf({ ...valid, [SETTINGS.authFlow]: '2', [SETTINGS.loginUrl]: 'https://acme.my.salesforce.com', [SETTINGS.secretId]: 'my-secret-value' })).toEqual(['Client credentials need the id of an API Secret (custsecret_…), never the secret itself.']);
    expect(problemsOf({ ...valid, [SETTINGS.authFlow]: 'JWT (certificate)', [SETTINGS.certificateId]: '' })[0]).toContain('JWT sign-in needs a Certificate ID');
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
