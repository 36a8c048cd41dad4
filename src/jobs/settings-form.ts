/**
 * The settings record's user event: validates a save with plain-language messages, stamps when "Automatically
 * Create Prospects" was turned on (the setting is not retroactive), and makes new settings and field mappings
 * apply to the next script run rather than after the cache expires.
 */
import type { EntryPoints } from 'N/types';
import * as error from 'N/error';
import { FIELD_MAP, SETTINGS } from '../ids';
import { autoCreateSince, settingsProblems } from '../core/settings';
import { featureNeededBy, featureNotEnabled, subsidiarySettingProblem } from '../core/account-features';
import { accountFeatures } from '../netsuite/script-context';
import { forgetCachedConfig } from '../netsuite/config';
import { asBoolean, asText } from '../netsuite/values';
import { otherActiveSettings } from '../netsuite/console-reads';

/** A field mapping whose NetSuite field needs a feature this account lacks is refused with FEATURE_NOT_ENABLED. */
function validateFieldMapSave(context: EntryPoints.UserEvent.beforeSubmitContext): void {
  const source = asText(context.newRecord.getValue({ fieldId: FIELD_MAP.netsuiteField })) ?? '';
  const feature = featureNeededBy(source);
  if (feature === null || accountFeatures()[feature]) return;
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- as below: NetSuite shows a SuiteScriptError's message on the form.
  throw error.create({ name: 'CRMSYNC_INVALID_SETTINGS', message: `CRM Sync field mapping was not saved: ${featureNotEnabled(feature, `The NetSuite field ${source}`)}`, notifyOff: true });
}

export function validateSettingsSave(context: EntryPoints.UserEvent.beforeSubmitContext): void {
  if (String(context.type) === 'delete') return;
  if ((context.newRecord.type as string) === FIELD_MAP.type) {
    validateFieldMapSave(context);
    return;
  }
  if ((context.newRecord.type as string) !== SETTINGS.type) return;
  const rec = context.newRecord;
  // An inline edit's newRecord holds only the edited fields: the record as it will be stored is those over the old values.
  const edited = String(context.type) === 'xedit' ? rec.getFields() : null;
  // A record created in the UI comes without an oldRecord at all (not null): NetSuite gives none on create.
  const old = (context.oldRecord as typeof context.oldRecord | undefined) ?? null;
  const stored = (fieldId: string): unknown => (edited === null || edited.includes(fieldId) || old === null ? rec.getValue({ fieldId }) : old.getValue({ fieldId }));
  const problems = settingsProblems(stored);
  const subsidiaryProblem = subsidiarySettingProblem(asText(stored(SETTINGS.pardotSubsidiary)), accountFeatures());
  if (subsidiaryProblem !== null) problems.push(subsidiaryProblem);
  // One active settings record: with two, whichever a search returned first would win.
  if (!asBoolean(stored('isinactive'))) {
    // A new record has no internal id yet (NetSuite gives null or -1 before the save).
    const selfId = Number(rec.id) > 0 ? String(rec.id) : null;
    const others = otherActiveSettings(selfId);
    if (others.length > 0) {
      problems.push(`Only one CRM Sync Settings record may be active, and "${others[0]?.name ?? ''}" (internal id ${others[0]?.id ?? ''}) already is: edit that one, or make it inactive first.`);
    }
  }
  // Throwing in beforeSubmit stops the save and shows the message on the form: nothing half-valid is stored.
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- NetSuite shows a SuiteScriptError's message on the form; its typings do not extend Error.
  if (problems.length > 0) throw error.create({ name: 'CRMSYNC_INVALID_SETTINGS', message: `CRM Sync settings were not saved: ${problems.join(' ')}`, notifyOff: true });
  const turnedOn = asBoolean(stored(SETTINGS.pardotAutoCreate));
  const wasOn = old === null ? false : asBoolean(old.getValue({ fieldId: SETTINGS.pardotAutoCreate }));
  const since = autoCreateSince(wasOn, turnedOn, asText(stored(SETTINGS.pardotAutoCreateSince)), new Date());
  if (edited === null || since !== asText(stored(SETTINGS.pardotAutoCreateSince))) rec.setValue({ fieldId: SETTINGS.pardotAutoCreateSince, value: since ?? '' });
}

export function settingsSaved(): void {
  forgetCachedConfig();
}
