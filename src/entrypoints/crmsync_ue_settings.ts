/**
 * @NApiVersion 2.1
 * @NScriptType UserEventScript
 * @NModuleScope SameAccount
 */
import type { EntryPoints } from 'N/types';
import * as error from 'N/error';
import { ADMIN_SETTINGS, SETTINGS } from '../ids';
import { forgetCachedConfig } from '../netsuite/config';
import { autoCreateSince, validateSettings } from '../core/settings-rules';
import { asBoolean, asText } from '../netsuite/values';

/**
 * Validates the settings with plain-language messages, and stamps when "Automatically Create Prospects" was
 * turned on (the setting is not retroactive).
 */
export const beforeSubmit: EntryPoints.UserEvent.beforeSubmit = (context) => {
  if (String(context.type) === 'delete' || (context.newRecord.type as string) !== SETTINGS.type) return;
  const turnedOn = asBoolean(context.newRecord.getValue({ fieldId: SETTINGS.pardotAutoCreate }));
  const wasOn = context.oldRecord === null ? false : asBoolean(context.oldRecord.getValue({ fieldId: SETTINGS.pardotAutoCreate }));
  const rec = context.newRecord;
  const text = (fieldId: string): string | null => asText(rec.getValue({ fieldId }));
  const problems = validateSettings({
    loginUrl: text(SETTINGS.loginUrl), apiVersion: text(SETTINGS.apiVersion), clientId: text(SETTINGS.clientId), authFlow: text(SETTINGS.authFlow),
    username: text(SETTINGS.username), secretId: text(SETTINGS.secretId), certificateId: text(SETTINGS.certificateId), deletePolicy: text(SETTINGS.deletePolicy),
    batchSize: text(SETTINGS.batchSize) === null ? null : Number(text(SETTINGS.batchSize)),
    pardotEnabled: asBoolean(rec.getValue({ fieldId: SETTINGS.pardotEnabled })), pardotBusinessUnit: text(SETTINGS.pardotBusinessUnit), pardotHost: text(SETTINGS.pardotHost),
    alertEmails: text(ADMIN_SETTINGS.alertEmails),
    pushEvery: text(SETTINGS.pushEvery) === null ? null : Number(text(SETTINGS.pushEvery)),
    pullEvery: text(SETTINGS.pullEvery) === null ? null : Number(text(SETTINGS.pullEvery)),
  });
  // Throwing in beforeSubmit stops the save and shows the message on the form: nothing half-valid is stored.
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- NetSuite shows a SuiteScriptError's message on the form; its typings do not extend Error.
  if (problems.length > 0) throw error.create({ name: 'CRMSYNC_INVALID_SETTINGS', message: `CRM Sync settings were not saved: ${problems.join(' ')}`, notifyOff: true });
  const since = autoCreateSince(wasOn, turnedOn, asText(context.newRecord.getValue({ fieldId: SETTINGS.pardotAutoCreateSince })), new Date());
  context.newRecord.setValue({ fieldId: SETTINGS.pardotAutoCreateSince, value: since ?? '' });
};

/** New settings and field mappings apply to the next script run, not after the cache expires. */
export const afterSubmit: EntryPoints.UserEvent.afterSubmit = () => {
  forgetCachedConfig();
};
