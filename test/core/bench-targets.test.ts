import { targetChecks, type TargetFigures } from '../bench/targets';

const figures: TargetFigures = {
  contacts: 1000, sfCallsPerContact: 0.07, naiveSfCalls: 2028, oursSfCalls: 70, maxContactsPerRequest: 15, mrUnitsPerContact: 10.1,
  ueUnitsPerSave: 13.1, ueHttpCalls: 0, editStormCalls: 9, mappedEdits: 87, pardotCallsPerContact: 0.023, pardotMrUnitsPerContact: 8.1,
};

describe('the bench\'s target checks', () => {
  it('judges each measured figure against its limit, and a missed one is reported missed', () => {
    const checks = new Map(targetChecks(figures).map((c) => [c.target, c]));
    expect(checks.get('edit storm ≤ 2 calls per 15 mapped edits')).toMatchObject({ met: true, measured: expect.stringMatching(/^1\.55 /) as unknown });
    expect(checks.get('map/reduce units per contact ≤ 8 (Salesforce push)')).toMatchObject({ met: false, measured: '10.10' });
    expect(checks.get('≥ 25× fewer calls than the naive connector')?.met).toBe(true);
    expect(targetChecks({ ...figures, editStormCalls: 15 }).find((c) => c.target.startsWith('edit storm'))?.met).toBe(false);
    expect(targetChecks({ ...figures, maxContactsPerRequest: 16 }).find((c) => c.target.startsWith('every contact write'))?.met).toBe(false);
  });
});
