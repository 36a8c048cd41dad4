/** The admin settings (log retention for successes and for failures, alert recipients and threshold) from the active CRM Sync Settings record: one 10-unit search. */
import * as search from 'N/search';
import { ADMIN_SETTINGS, SETTINGS } from '../ids';
import { asText } from './values';

export interface AdminSettings {
  logDays: string | null;
  failureLogDays: string | null;
  alertEmails: string | null;
  alertThreshold: string | null;
}

export function readAdminSettings(): AdminSettings {
  const [row] = search.create({
    type: SETTINGS.type,
    filters: [['isinactive', 'is', 'F']],
    columns: [ADMIN_SETTINGS.logDays, ADMIN_SETTINGS.failureLogDays, ADMIN_SETTINGS.alertEmails, ADMIN_SETTINGS.alertThreshold],
  }).run().getRange({ start: 0, end: 1 });
  const value = (field: string): string | null => (row === undefined ? null : asText(row.getValue({ name: field })));
  return {
    logDays: value(ADMIN_SETTINGS.logDays), failureLogDays: value(ADMIN_SETTINGS.failureLogDays), alertEmails: value(ADMIN_SETTINGS.alertEmails), alertThreshold: value(ADMIN_SETTINGS.alertThreshold),
  };
}
