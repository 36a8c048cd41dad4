import { intervalProblem } from './schedule';

/**
 * "Automatically create prospects" is not retroactive (seed 003): only records created after it was turned
 * on create prospects. Turning it on stamps the time, turning it off clears it, saving otherwise keeps it.
 */
export function autoCreateSince(wasOn: boolean, isOn: boolean, current: string | null, now: Date): string | null {
  if (!isOn) return null;
  if (!wasOn || current === null) return now.toISOString();
  return current;
}

export interface SettingsInput {
  loginUrl: string | null;
  apiVersion: string | null;
  clientId: string | null;
  authFlow: string | null;
  username: string | null;
  secretId: string | null;
  certificateId: string | null;
  deletePolicy: string | null;
  batchSize: number | null;
  pardotEnabled: boolean;
  pardotBusinessUnit: string | null;
  pardotHost: string | null;
  alertEmails: string | null;
  /** "Push Every" / "Pull Every" in minutes, null when blank (default 15). */
  pushEvery: number | null;
  pullEvery: number | null;
}

const HTTPS_URL = /^https:\/\/[a-z0-9.-]+(:\d+)?\/?$/i;

/** Every problem with a settings record, in words an administrator can act on (empty when it is valid). */
export function validateSettings(input: SettingsInput): string[] {
  const problems: string[] = [];
  const blank = (v: string | null): boolean => v === null || v.trim() === '';
  if (!blank(input.loginUrl) && !HTTPS_URL.test(input.loginUrl ?? '')) problems.push('Salesforce Login URL must be an https:// address such as https://login.salesforce.com or your My Domain URL.');
  if (!blank(input.apiVersion) && !/^\d{2,3}\.0$/.test(input.apiVersion ?? '')) problems.push('Salesforce API Version must look like 62.0.');
  const flow = (input.authFlow ?? '').trim().toLowerCase();
  if (flow !== '' && flow !== 'jwt' && flow !== 'client_credentials') problems.push('Salesforce Auth Flow must be jwt or client_credentials.');
  if (flow === 'client_credentials' && !/^custsecret_\w+$/.test(input.secretId ?? '')) problems.push('Client credentials need the id of an API Secret (custsecret_…), never the secret itself.');
  if (flow === 'jwt' && (blank(input.certificateId) || blank(input.username))) problems.push('JWT sign-in needs a Certificate ID (custcertificate_…) and the Salesforce integration username.');
  if (flow !== '' && blank(input.clientId)) problems.push('The Salesforce Consumer Key is required.');
  const policy = (input.deletePolicy ?? '').trim().toLowerCase();
  if (policy !== '' && !['ignore', 'unlink', 'delete'].includes(policy)) problems.push('When Deleted in NetSuite must be ignore, unlink or delete.');
  if (input.batchSize !== null && (!Number.isInteger(input.batchSize) || input.batchSize < 1 || input.batchSize > 15)) problems.push('Contacts per Request must be a whole number from 1 to 15 (Oracle\'s connector times out past 15).');
  if (input.pardotEnabled) {
    if (!/^0Uv[A-Za-z0-9]{15}$/.test(input.pardotBusinessUnit ?? '')) problems.push('Pardot Business Unit ID must be the 18-character id starting with 0Uv.');
    if (!blank(input.pardotHost) && !/^https:\/\/pi(\.demo)?\.pardot\.com\/?$/.test(input.pardotHost ?? '')) problems.push('Pardot API Host must be https://pi.pardot.com or https://pi.demo.pardot.com.');
  }
  for (const [label, minutes] of [['Push Every', input.pushEvery], ['Pull Every', input.pullEvery]] as const) {
    const problem = minutes === null ? null : intervalProblem(minutes);
    if (problem !== null) problems.push(`${label} ${problem}`);
  }
  for (const email of (input.alertEmails ?? '').split(',').map((e) => e.trim()).filter((e) => e !== '')) {
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) problems.push(`Alert Recipients: "${email}" is not an email address.`);
  }
  return problems;
}
