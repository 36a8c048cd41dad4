/**
 * beforeLoad on contact and customer: "Open in Salesforce" / "Open in Account Engagement" links on the CRM Sync
 * subtab. No HTTP on a form load: the Salesforce host is the instance URL kept at the last sign-in. Cost: 0 units
 * when the record has neither id, else 1–2 units (cache reads; 12 each when a cache entry was lost).
 */
import type { EntryPoints } from 'N/types';
import * as log from 'N/log';
import * as serverWidget from 'N/ui/serverWidget';
import { ENTITY_FIELDS, SUBTABS } from '../ids';
import type { NsRecordType } from '../core/model';
import { recordLinks, renderRecordLinks } from '../core/record-links';
import { errorMessage } from '../core/errors';
import { loadSettings } from '../netsuite/config';
import { storedInstanceUrl } from '../netsuite/instance-url';
import { openedInUi } from './record-buttons';
import { asText } from '../netsuite/values';

/** custpage_ ids live only on the form NetSuite renders; they are not SDF objects. */
const LINKS_FIELD = 'custpage_crmsync_links';
const LINKS_GROUP = 'custpage_crmsync_links_group';

/**
 * Where the links go. Form.addField's container is "the internal ID of the tab or field group" on the form, and
 * Form.getTabs() returns "the internal IDs of all tabs in a form" (Oracle Help Center). No page says that a custom
 * subtab's script id (custtab_crmsync) is its id on the form, so it is used only when the form lists it; otherwise
 * the links get a field group of their own (Form.addFieldGroup, documented for beforeLoad).
 */
function linksContainer(form: EntryPoints.UserEvent.beforeLoadContext['form']): string {
  if (form.getTabs().includes(SUBTABS.crmSync)) return SUBTABS.crmSync;
  form.addFieldGroup({ id: LINKS_GROUP, label: 'CRM Sync' });
  return LINKS_GROUP;
}

export function addCrmLinks(recordType: NsRecordType, context: EntryPoints.UserEvent.beforeLoadContext): void {
  try {
    if (openedInUi(context) === null) return;
    const salesforceId = asText(context.newRecord.getValue({ fieldId: ENTITY_FIELDS.salesforceId }));
    const pardotId = asText(context.newRecord.getValue({ fieldId: ENTITY_FIELDS.pardotId }));
    if (salesforceId === null && pardotId === null) return;
    const instanceUrl = salesforceId === null ? null : storedInstanceUrl();
    // Settings (1 unit, cached) only when they matter: the Pardot host, or the login URL as a fallback.
    const settings = pardotId !== null || (salesforceId !== null && instanceUrl === null) ? loadSettings() : null;
    const links = recordLinks({
      recordType, salesforceId, pardotId, instanceUrl,
      loginUrl: settings?.connection.loginUrl ?? '',
      pardotHost: settings?.pardot.host ?? '',
    });
    if (links.length === 0) return;
    const field = context.form.addField({ id: LINKS_FIELD, label: 'CRM links', type: serverWidget.FieldType.INLINEHTML, container: linksContainer(context.form) });
    field.defaultValue = renderRecordLinks(links);
  } catch (error) {
    log.error({ title: `crmsync could not add the CRM links on ${recordType}`, details: errorMessage(error) });
  }
}
