/**
 * @NApiVersion 2.1
 * @NScriptType UserEventScript
 * @NModuleScope SameAccount
 */
import type { EntryPoints } from 'N/types';
import { SETTINGS } from '../ids';
import { forgetCachedConfig } from '../netsuite/config';
import { autoCreateSince } from '../core/settings-rules';
import { asBoolean, asText } from '../netsuite/values';

/** Stamps when "Automatically Create Prospects" was turned on: the setting is not retroactive. */
export const beforeSubmit: EntryPoints.UserEvent.beforeSubmit = (context) => {
  if (String(context.type) === 'delete' || (context.newRecord.type as string) !== SETTINGS.type) return;
  const turnedOn = asBoolean(context.newRecord.getValue({ fieldId: SETTINGS.pardotAutoCreate }));
  const wasOn = context.oldRecord === null ? false : asBoolean(context.oldRecord.getValue({ fieldId: SETTINGS.pardotAutoCreate }));
  const since = autoCreateSince(wasOn, turnedOn, asText(context.newRecord.getValue({ fieldId: SETTINGS.pardotAutoCreateSince })), new Date());
  context.newRecord.setValue({ fieldId: SETTINGS.pardotAutoCreateSince, value: since ?? '' });
};

/** New settings and field mappings apply to the next script run, not after the cache expires. */
export const afterSubmit: EntryPoints.UserEvent.afterSubmit = () => {
  forgetCachedConfig();
};
