/**
 * The console's drift report page (?page=reconcile): the last reconcile's findings with both values per field and the
 * side a repair takes each from, and the actions — run reconcile now, Repair the ticked records, Repair all. Actions
 * only start the reconcile map/reduce (repairs re-read both sides first, so a stale page never repairs the wrong way).
 * Both report pages are NetSuite pages (N/ui/serverWidget): the summary in a field group, the findings in a LIST
 * sublist with a Repair checkbox and Mark All, the actions in one select posted with Submit. `reportForm` and
 * `ReportPageContext` are shared with the preview page.
 */
import * as serverWidget from 'N/ui/serverWidget';
import { REPORT_SCRIPT_PARAMS, REPORT_SCRIPTS } from '../ids';
import type { DriftEntry } from '../core/drift';
import { explain } from '../core/reasons';
import type { Notice } from '../core/console/view-model';
import { latestSummaries, runPages } from '../netsuite/reports';
import { submitMapReduce } from '../netsuite/tasks';
import { loadSettings } from '../netsuite/config';
import type { ReconcileSummary } from './reconcile';
import { ACTION_FIELD, addFigure, addHidden, addList, addNotice, addSelect, REPORT_PAGE_FIELD, TOKEN_FORM_FIELD, userDate } from './ui-form';

/** What the console hands a report page: the request, whether a POST was refused, who is asking. */
export interface ReportPageContext {
  params: Readonly<Record<string, string>>;
  posted: boolean;
  /** The request guard's refusal of this POST, as a notice (null: allowed, or a GET). */
  refused: Notice | null;
  canChange: boolean;
  roleLabel: string;
  postUrl: string;
  token: string;
}

export interface ReportPageResult {
  /** Absent: text/html. */
  contentType?: string;
  headers?: { name: string; value: string }[];
  /** A file (CSV) the page answers with; or */
  body?: string;
  /** the page itself, a NetSuite form (response.writePage). */
  form?: serverWidget.Form;
}

/** A report page as a NetSuite form: title, the notice as a page message, the way back, the token and the action select. */
export function reportForm(title: string, notice: Notice | null, ctx: ReportPageContext, consoleUrl: string, actions: readonly (readonly [string, string])[]): serverWidget.Form {
  const form = serverWidget.createForm({ title });
  addNotice(form, notice);
  form.addPageLink({ type: serverWidget.FormPageLinkType.BREADCRUMB, title: 'CRM Sync Console', url: consoleUrl });
  form.addSubmitButton({ label: 'Submit' });
  addHidden(form, TOKEN_FORM_FIELD, ctx.token);
  addHidden(form, REPORT_PAGE_FIELD, ctx.params.page ?? '');
  form.addFieldGroup({ id: 'custpage_actions', label: 'Actions' });
  if (ctx.canChange) addSelect(form, ACTION_FIELD, 'Action', '', [['', 'Show the report'], ...actions], 'custpage_actions');
  else {
    addHidden(form, ACTION_FIELD, '');
    addFigure(form, 'custpage_view_only', 'Your role', `${ctx.roleLabel} may view this page but not run, start or repair anything.`, 'custpage_actions', serverWidget.FieldType.TEXTAREA);
  }
  return form;
}

export interface ReconcileView {
  summary: ReconcileSummary | null;
  drifts: DriftEntry[];
  every: string;
  autoRepair: boolean;
}

/** Most drifted records one page lists (the rest are counted; Repair all repairs them too). */
const MAX_LISTED = 500;

export function reconcileView(): ReconcileView {
  const settings = loadSettings();
  const latest = latestSummaries('reconcile', 1)[0];
  const summary = latest === undefined ? null : JSON.parse(latest.body) as ReconcileSummary;
  const drifts = latest === undefined ? [] : runPages('reconcile', latest.runId).flatMap((p) => JSON.parse(p.body) as DriftEntry[]).slice(0, MAX_LISTED);
  return { summary, drifts, every: settings.reconcile.every, autoRepair: settings.reconcile.autoRepair };
}

const KIND_CODE = { differs: 'DRIFT_FOUND', missing: 'COUNTERPART_MISSING', linked_twice: 'COUNTERPART_LINKED_TWICE' } as const;

export const DRIFT_LIST = 'custpage_drift';
/** Most records one "Repair selected" takes: their keys travel in one TEXT script parameter (300 characters). */
export const MAX_REPAIR_SELECTION = 10;

export function reconcileForm(view: ReconcileView, notice: Notice | null, ctx: ReportPageContext, consoleUrl: string): serverWidget.Form {
  const s = view.summary;
  const repairs: (readonly [string, string])[] = view.drifts.length === 0 ? [] : [['reconcile_repair_selected', 'Repair selected'], ['reconcile_repair_all', 'Repair all']];
  const form = reportForm('CRM Sync — Drift report', notice, ctx, consoleUrl, [['reconcile_run', 'Run reconcile now'], ...repairs]);
  const g = 'custpage_summary';
  form.addFieldGroup({ id: g, label: 'Last reconcile' });
  if (s === null) addFigure(form, 'custpage_none', 'Status', 'No reconcile has run yet.', g);
  else {
    addFigure(form, 'custpage_run', 'Run', s.runId, g);
    addFigure(form, 'custpage_finished', 'Finished', userDate(s.finishedAt), g);
    addFigure(form, 'custpage_checked', 'Linked records compared', s.checked, g, serverWidget.FieldType.INTEGER);
    addFigure(form, 'custpage_differs', 'Differ', s.differs, g, serverWidget.FieldType.INTEGER);
    addFigure(form, 'custpage_missing', 'Missing counterparts', s.missing, g, serverWidget.FieldType.INTEGER);
    addFigure(form, 'custpage_linked_twice', 'Linked twice', s.linkedTwice, g, serverWidget.FieldType.INTEGER);
    addFigure(form, 'custpage_repaired', 'Repaired', s.repaired, g, serverWidget.FieldType.INTEGER);
    addFigure(form, 'custpage_calls', 'API calls', `${s.salesforceCalls} Salesforce, ${s.pardotCalls} Pardot`, g);
  }
  addFigure(form, 'custpage_schedule', 'Schedule', `${view.every}${view.autoRepair ? ', repairs automatically' : ', repairs only when you choose Repair'}. A repair copies each field the way ownership says: NetSuite-owned fields from NetSuite (through the push queue), fields Salesforce changed since the two last agreed (or Salesforce-owned ones) from Salesforce, Pardot-owned fields from Pardot.`, g, serverWidget.FieldType.TEXTAREA);
  const crm = (d: DriftEntry): string => (d.system === 'pardot' ? 'Pardot' : 'Salesforce');
  const blank = (v: string): string => (v === '' ? '(blank)' : v);
  const rows = view.drifts.map((d) => ({
    custpage_select: 'F',
    custpage_key: `${d.recordType}:${d.recordId}`,
    custpage_record: `${d.recordType} ${d.recordId}`,
    custpage_counterpart: `${d.system} ${d.externalId}`,
    custpage_finding: KIND_CODE[d.kind],
    custpage_fields: d.kind === 'differs'
      ? d.fields.map((f) => `${f.field}: NetSuite ${blank(f.netsuite)} · ${crm(d)} ${blank(f.crm)} → repair from ${f.from}`).join('\n')
      : d.kind === 'missing' ? explain('COUNTERPART_MISSING') : `Also linked: ${d.others.join(', ')}. ${explain('COUNTERPART_LINKED_TWICE')}`,
  }));
  const list = addList(form, DRIFT_LIST, `Records that differ (${view.drifts.length})`, [
    ...(ctx.canChange ? [{ id: 'custpage_select', label: 'Repair', type: serverWidget.FieldType.CHECKBOX }] : []),
    { id: 'custpage_key', label: 'Key', hidden: true },
    { id: 'custpage_record', label: 'NetSuite' }, { id: 'custpage_counterpart', label: 'Counterpart' }, { id: 'custpage_finding', label: 'Finding' },
    { id: 'custpage_fields', label: 'Fields', type: serverWidget.FieldType.TEXTAREA },
  ], rows);
  if (ctx.canChange && rows.length > 0) list.addMarkAllButtons();
  return form;
}

/** Repair all, or the records named ("contact:12,customer:3", as the drift list's ticked lines post them). */
function repair(record: string): Notice {
  const keys = record === 'all' ? [] : record.split(',').filter((k) => k !== '');
  if (record !== 'all' && keys.length === 0) return { kind: 'error', title: 'Select at least one record to repair, or choose "Repair all".', lines: [] };
  if (keys.length > MAX_REPAIR_SELECTION) return { kind: 'error', title: `Select at most ${MAX_REPAIR_SELECTION} records to repair at a time, or choose "Repair all".`, lines: [] };
  if (!keys.every((k) => /^(contact|customer):\d{1,12}$/.test(k))) return { kind: 'error', title: 'Nothing was repaired: the record to repair is not valid.', lines: [] };
  const result = submitMapReduce(REPORT_SCRIPTS.mrReconcile.scriptId, REPORT_SCRIPTS.mrReconcile.onDemandDeploymentId, 'reconcile repair', { [REPORT_SCRIPT_PARAMS.repair]: record });
  return result.submitted
    ? { kind: 'success', title: record === 'all' ? 'Repair of every drifted record started.' : `Repair of ${keys.map((k) => k.replace(':', ' ')).join(', ')} started.`, lines: ['Reconcile reads both sides again and repairs what still differs; each repair is logged with DRIFT_REPAIRED. NetSuite values reach the CRM with the next push.'] }
    : { kind: 'error', title: `NetSuite did not start the repair (${result.code}).`, lines: ['A reconcile may already be running: try again when it has finished.'] };
}

function act(ctx: ReportPageContext): Notice {
  if (ctx.refused !== null) return ctx.refused;
  if (!ctx.canChange) return { kind: 'error', title: 'Your role may not run or repair reconcile.', lines: [`Role ${ctx.roleLabel} can view this report but not change anything.`] };
  const action = ctx.params.action;
  if (action === 'reconcile_run') {
    const result = submitMapReduce(REPORT_SCRIPTS.mrReconcile.scriptId, REPORT_SCRIPTS.mrReconcile.onDemandDeploymentId, 'reconcile');
    return result.submitted ? { kind: 'success', title: 'Reconcile was asked to run now; reload this page when it has finished.', lines: [] }
      : { kind: 'error', title: `NetSuite did not start reconcile (${result.code}).`, lines: ['A reconcile may already be running: reload this page in a few minutes.'] };
  }
  if (action === 'reconcile_repair_all') return repair('all');
  if (action === 'reconcile_repair' || action === 'reconcile_repair_selected') return repair(ctx.params.record ?? '');
  return { kind: 'error', title: 'Unknown action: nothing was changed.', lines: [] };
}

/** The page, or null when the request is not for it. */
export function reconcilePage(ctx: ReportPageContext, consoleUrl: string): ReportPageResult | null {
  if (ctx.params.page !== 'reconcile') return null;
  const notice = ctx.posted ? act(ctx) : null;
  return { form: reconcileForm(reconcileView(), notice, ctx, consoleUrl) };
}
