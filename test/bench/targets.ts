/**
 * The call-economy targets the bench checks and prints after each size: what was measured, the limit, met or not.
 * Only figures the bench measured are judged; a limit that is missed prints as MISSED, never as a pass.
 */
export interface TargetFigures {
  contacts: number;
  sfCallsPerContact: number;
  naiveSfCalls: number;
  oursSfCalls: number;
  maxContactsPerRequest: number;
  mrUnitsPerContact: number;
  ueUnitsPerSave: number;
  ueHttpCalls: number;
  editStormCalls: number;
  mappedEdits: number;
  pardotCallsPerContact: number;
  pardotMrUnitsPerContact: number;
}

export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean;
}

const fixed = (n: number, digits: number): string => n.toFixed(digits);

export function targetChecks(f: TargetFigures): TargetCheck[] {
  const stormPer15 = f.mappedEdits === 0 ? 0 : (f.editStormCalls / f.mappedEdits) * 15;
  const fewer = f.oursSfCalls === 0 ? Infinity : f.naiveSfCalls / f.oursSfCalls;
  return [
    { target: 'Salesforce calls per contact ≤ 0.075', measured: fixed(f.sfCallsPerContact, 3), met: f.sfCallsPerContact <= 0.075 },
    { target: '≥ 25× fewer calls than the naive connector', measured: `${fixed(fewer, 1)}×`, met: fewer >= 25 },
    { target: 'every contact write ≤ 15 records', measured: String(f.maxContactsPerRequest), met: f.maxContactsPerRequest <= 15 },
    { target: 'edit storm ≤ 2 calls per 15 mapped edits', measured: `${fixed(stormPer15, 2)} (${String(f.editStormCalls)} calls, ${String(f.mappedEdits)} mapped edits)`, met: stormPer15 <= 2 },
    { target: 'map/reduce units per contact ≤ 8 (Salesforce push)', measured: fixed(f.mrUnitsPerContact, 2), met: f.mrUnitsPerContact <= 8 },
    { target: 'user event ≤ 15 units per save', measured: fixed(f.ueUnitsPerSave, 1), met: f.ueUnitsPerSave <= 15 },
    { target: 'user event HTTP calls = 0', measured: String(f.ueHttpCalls), met: f.ueHttpCalls === 0 },
    { target: 'Pardot initial sync ≤ 0.05 calls per contact', measured: fixed(f.pardotCallsPerContact, 3), met: f.pardotCallsPerContact <= 0.05 },
    { target: 'Pardot initial sync ≤ 12 map/reduce units per contact', measured: fixed(f.pardotMrUnitsPerContact, 2), met: f.pardotMrUnitsPerContact <= 12 },
  ];
}

export function printTargetChecks(f: TargetFigures, write: (text: string) => void): void {
  write(`\n${String(f.contacts)} contacts, targets:\n`);
  for (const c of targetChecks(f)) write(`  ${c.met ? 'met   ' : 'MISSED'}  ${c.target}: ${c.measured}\n`);
}
