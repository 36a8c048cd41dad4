/**
 * The console Suitelet's work. GET never changes anything: it renders the page, or for the record buttons
 * (?action=syncnow|pullnow) a confirmation page. POST acts — retry, install searches, sync or pull one record —
 * after the request guard (same origin, the user's request token) and the role check. A record button's POST ends
 * with a redirect back to the record (redirect.toRecord), which shows the result (jobs/record-buttons.ts).
 */
import { readQuotaState } from './quota';
import type * as http from 'N/http';
import type * as serverWidget from 'N/ui/serverWidget';
import * as log from 'N/log';
import * as redirect from 'N/redirect';
import * as url from 'N/url';
import { ADMIN_SCRIPT_PARAMS, ADMIN_SCRIPTS, SETTINGS } from '../ids';
import { currentUser, scriptParameter } from '../netsuite/script-context';
import { mayRetry, parseConsoleAction, parseSyncNow, type RecordRef } from '../core/console/requests';
import { buildConsoleView, type Notice } from '../core/console/view-model';
import { actionForm, confirmForm, consoleForm, consoleParameters, detailForm } from './console-form';
import { FORM_PAGE_CSP, refuseStateChange, SECURITY_HEADERS, TOKEN_FIELD, type Refusal } from '../core/console/request-guard';
import { applicationHost, requestToken } from '../netsuite/request-token';
import { SAVED_SEARCH_SPECS } from '../core/console/saved-searches';
import { explain } from '../core/reasons';
import { errorName, errorText } from '../core/errors';
import { connectionHealth, directionSettings, orgPrerequisites, pardotEnabled } from './console-status';
import { activeSettingsId, failureRows, outcomeRows, queueDepth, runSummaries } from '../netsuite/console-reads';
import { DEFAULT_FAILURE_QUERY, failuresCsv, matchingFailures, parseFailureQuery } from '../core/console/failures';
import { lastRetryTask, rearm, startFullSync, startRetrySelected, startRetryTask } from './retry';
import { recordLogRows, resolveFailure } from '../netsuite/sync-log';
import { retryable, retryTaskLine } from '../core/console/retry-task';
import { setupChecklist } from '../core/console/checklist';
import { runFigures } from '../core/console/runs';
import type { PushRequest } from './queue-change';
import { findTargets, type RetryTarget } from '../netsuite/retry-targets';
import { installedSearches, installSearches } from '../netsuite/saved-searches';
import { pullOne, startImport } from './pull';
import { reconcilePage } from './reconcile-page';
import { previewPage } from './preview-page';
import { keepActionResult } from '../netsuite/action-result';
import { RESULT_PARAM } from '../core/console/action-result';

interface Viewer {
  canRetry: boolean;
  roleLabel: string;
}

function viewer(): Viewer {
  const user = currentUser();
  const allowed = scriptParameter(ADMIN_SCRIPT_PARAMS.retryRoles);
  return {
    canRetry: mayRetry({ id: user.role, scriptId: user.roleId }, typeof allowed === 'string' ? allowed : null),
    roleLabel: `${user.roleId} (${user.role})`,
  };
}

function consoleUrl(): string {
  return url.resolveScript({ scriptId: ADMIN_SCRIPTS.slConsole.scriptId, deploymentId: ADMIN_SCRIPTS.slConsole.deploymentId });
}

/** The active settings record in edit mode, or a new one when none exists. */
function settingsUrl(id: string | null): string {
  return id === null ? url.resolveRecord({ recordType: SETTINGS.type }) : url.resolveRecord({ recordType: SETTINGS.type, recordId: id, isEditMode: true });
}

/** PUSH_PAUSED in the words of an action's result. */
const SENDING_PAUSED = 'sending is paused in the CRM Sync settings ("Pause Sending"), so it goes once that is unchecked.';

/** What happened to the request to run the push, in plain words: never "asked to run now" unless NetSuite accepted it. */
function pushSentence(push: PushRequest | null): string {
  if (push === null) return 'the scheduled push sends it.';
  switch (push.state) {
    case 'submitted': return 'the push was asked to run now.';
    case 'recently': return 'a push was asked to run moments ago and picks it up.';
    case 'paused': return SENDING_PAUSED;
    case 'refused':
      if (push.code === 'MAP_REDUCE_ALREADY_RUNNING') return 'a push is already queued or running; it, or the next scheduled push, sends it.';
      if (push.code === 'INSUFFICIENT_PERMISSION') {
        return 'NetSuite did not let this page start the push (the CRM Sync Integration role needs the SuiteScript Scheduling permission), so the next scheduled push sends it.';
      }
      return `NetSuite did not start the push (${push.code}), so the next scheduled push sends it.`;
  }
}

/**
 * "Retry selected": the failed records among the selection go to the background retry task (as "Retry these N" does);
 * what cannot be retried is said at once. The Suitelet re-arms nothing itself; the console shows the task's progress.
 */
function retryNotice(targets: readonly RetryTarget[], asked: readonly RecordRef[], invalid: readonly string[], now: Date): Notice {
  const found = new Set(targets.map((t) => `${t.recordType}:${t.id}`));
  const unknown = asked.filter((r) => !found.has(`${r.recordType}:${r.id}`)).map((r) => `${r.recordType} ${r.id}: no such record, nothing was done.`);
  const failed = targets.filter(retryable);
  const notFailed = targets.filter((t) => !retryable(t));
  const left = [
    ...notFailed.map((t) => `${t.name} (${t.recordType} ${t.id}) is not in Failed status (${t.status ?? 'never synced'}), so it was left alone; use "Sync now" on the record.`),
    ...unknown,
    ...invalid.map((key) => `Ignored an invalid selection (${key}): record ids must be numbers.`),
  ];
  if (failed.length === 0) return { kind: 'error', title: 'Nothing was retried.', lines: left };
  const started = startRetrySelected(failed, now);
  if (!started.submitted) return retryInPage(failed, started.code, left, now);
  const paused = directionSettings().pausePush ? [`Their queue entries are re-armed, but ${SENDING_PAUSED}`] : [];
  return {
    kind: left.length === 0 ? 'success' : 'info',
    title: `Retry queued for ${failed.length.toLocaleString('en-US')} record(s) in the background.`,
    lines: ['A background task re-arms their queue entries, then asks the push to run; this page shows its progress.', ...paused, ...left],
  };
}

/**
 * When NetSuite does not start the background task (another retry is running, or the integration role lacks
 * SuiteScript Scheduling), the page re-arms the selection itself, as far as its governance goes (at most
 * MAX_SELECTIONS records), so a retry never silently does nothing.
 */
function retryInPage(failed: readonly RetryTarget[], code: string, left: readonly string[], now: Date): Notice {
  const result = rearm(failed, now);
  const why = code === 'MAP_REDUCE_ALREADY_RUNNING' ? 'a background retry is still running' : `NetSuite did not start the background retry (${code})`;
  const lines = [
    `This page re-armed them itself: ${why}.`,
    ...result.rearmed.map((t) => `${t.name} (${t.recordType} ${t.id}) is queued again.`),
    ...left,
    ...(result.postponed > 0 ? [`${result.postponed} record(s) were not queued because this page ran out of governance; click again.`] : []),
  ];
  const ok = result.rearmed.length > 0;
  return {
    kind: ok && left.length === 0 && result.postponed === 0 ? 'success' : ok ? 'info' : 'error',
    title: ok ? `Retry queued for ${result.rearmed.length} record(s); ${directionSettings().pausePush ? SENDING_PAUSED : pushSentence(result.push)}` : 'Nothing was retried.',
    lines,
  };
}

/** Resolve with a note: the failed statuses become Resolved and the note goes to the log on the record. */
function resolveNotice(targets: readonly RetryTarget[], note: string, now: Date): Notice {
  const user = currentUser();
  const by = `${user.name} (${user.roleId})`;
  const resolved: string[] = [];
  const left: string[] = [];
  for (const t of targets) {
    const salesforceFailed = t.status === 'Failed';
    const pardotFailed = t.pardotStatus === 'Failed';
    if (!salesforceFailed && !pardotFailed) {
      left.push(`${t.name} (${t.recordType} ${t.id}) is not Failed, so there is nothing to resolve.`);
      continue;
    }
    resolveFailure({ recordType: t.recordType, id: t.id, salesforceFailed, pardotFailed }, note, by, `console-${now.toISOString()}`);
    resolved.push(`${t.name} (${t.recordType} ${t.id}) is resolved.`);
  }
  return { kind: resolved.length > 0 ? 'success' : 'error', title: resolved.length > 0 ? `Resolved ${resolved.length} record(s); the note is kept in the integration log.` : 'Nothing was resolved.', lines: [...resolved, ...left] };
}

function handlePost(params: Record<string, string>, who: Viewer, now: Date): Notice {
  if (!who.canRetry) {
    return { kind: 'error', title: 'Your role may not retry syncs.', lines: [`Role ${who.roleLabel} can view this console but not change anything. Ask an administrator to add its internal id to "Roles That May Retry" on the CRM Sync Console deployment.`] };
  }
  const action = parseConsoleAction(params);
  switch (action.kind) {
    case 'invalid': return { kind: 'error', title: action.message, lines: [] };
    case 'install_searches': {
      const created = installSearches();
      return { kind: 'success', title: created.length === 0 ? 'The saved searches were already installed.' : `Installed ${created.length} saved search(es).`, lines: created };
    }
    case 'import_salesforce': {
      const result = startImport(who.roleLabel);
      const lines = ['Each pull run reads up to 10,000 Contacts and Accounts and keeps its place; the run summaries in the log show its progress.', 'Records deleted in NetSuite are not brought back (their tombstones keep them out).'];
      if (result.started) return { kind: 'success', title: 'Import from Salesforce started: the pull now reads everything Salesforce holds.', lines };
      return { kind: 'info', title: `Import from Salesforce is set; NetSuite did not start the pull now (${result.code ?? 'not submitted'}), so the next scheduled pull begins it.`, lines };
    }
    case 'full_sync': {
      if (directionSettings().pausePush) return { kind: 'error', title: 'Sending is paused in the CRM Sync settings ("Pause Sending"): the full sync was not started.', lines: [] };
      const started = startFullSync();
      return started.submitted
        ? { kind: 'success', title: 'The full sync was started: every contact and customer is sent once.', lines: ['Last runs shows it when it has finished; the checklist marks the step done.'] }
        : { kind: 'error', title: `NetSuite did not start the full sync (${started.code}).`, lines: [started.code === 'MAP_REDUCE_ALREADY_RUNNING' ? 'A push is queued or running: try again once it has finished.' : 'Nothing was changed.'] };
    }
    case 'retry_matching': {
      const started = startRetryTask(action.everything ? DEFAULT_FAILURE_QUERY : parseFailureQuery(params), now);
      if (started.submitted) {
        return { kind: 'success', title: `Retrying ${started.asked.toLocaleString('en-US')} record(s) in the background.`, lines: ['Their queue entries are re-armed by a background task; this page shows its progress, and the push sends them.'] };
      }
      return started.code === 'NOTHING_MATCHES'
        ? { kind: 'info', title: 'No record matches the filter: nothing was retried.', lines: [] }
        : { kind: 'error', title: `NetSuite did not start the background retry (${started.code}).`, lines: [started.code === 'MAP_REDUCE_ALREADY_RUNNING' ? 'A retry is still running: wait until it has finished.' : 'Nothing was changed.'] };
    }
    case 'resolve_selected':
      return resolveNotice(action.selections.length === 0 ? [] : findTargets(action.selections), action.note, now);
    case 'retry_selected':
      return retryNotice(action.selections.length === 0 ? [] : findTargets(action.selections), action.selections, action.invalid, now);
  }
}

function syncNow(target: RetryTarget, who: Viewer, now: Date): Notice {
  if (!who.canRetry) return { kind: 'error', title: 'Your role may not start a sync.', lines: [`Role ${who.roleLabel} is not allowed to use "Sync now". Ask an administrator to add it to "Roles That May Retry" on the CRM Sync Console deployment.`] };
  const result = rearm([target], now);
  if (result.rearmed.length === 0) return { kind: 'error', title: 'Not queued: not enough governance left. Try again.', lines: [] };
  if (directionSettings().pausePush) return { kind: 'info', title: `${target.name} is queued; ${SENDING_PAUSED}`, lines: [] };
  const started = result.push?.state === 'submitted' || result.push?.state === 'recently';
  return {
    kind: started ? 'success' : 'info',
    title: `${target.name} is queued; ${pushSentence(result.push)}`,
    lines: ['The CRM Sync Status on the record shows the outcome once the push has run.'],
  };
}

/** A NetSuite page: its own scripts need the looser policy (FORM_PAGE_CSP) the hand-written pages did not. */
function writeForm(response: http.ServerResponse, form: serverWidget.Form): void {
  response.setHeader(FORM_PAGE_CSP);
  response.writePage({ pageObject: form });
}

/** "Update from Salesforce": pulls this one record now, with the same rules as the scheduled pull. */
function pullNow(ref: RecordRef, who: Viewer): Notice {
  if (!who.canRetry) return { kind: 'error', title: 'Your role may not start a sync.', lines: [`Role ${who.roleLabel} is not allowed to update records from Salesforce.`] };
  if (directionSettings().pausePull) return { kind: 'error', title: 'Receiving is paused in the CRM Sync settings.', lines: [explain('PULL_PAUSED')] };
  const result = pullOne(ref.recordType, ref.id);
  return { kind: result.ok ? 'success' : 'error', title: result.title, lines: result.lines };
}

/** GET of a record button: "Sync <name> now?" with the form whose POST acts; nothing is changed here. */
function confirmation(ref: RecordRef, pull: boolean, who: Viewer): serverWidget.Form {
  const back = { label: 'Back to the record', url: url.resolveRecord({ recordType: ref.recordType, recordId: ref.id }) };
  const links = [back, { label: 'Open the CRM Sync console', url: consoleUrl() }];
  if (!who.canRetry) return actionForm({ kind: 'error', title: 'Your role may not start a sync.', lines: [`Role ${who.roleLabel} is not allowed to use "${pull ? 'Update from Salesforce' : 'Sync now'}". Ask an administrator to add it to "Roles That May Retry" on the CRM Sync Console deployment.`] }, links);
  const [target] = findTargets([ref]);
  if (target === undefined) return actionForm({ kind: 'error', title: `There is no ${ref.recordType} with internal id ${ref.id}.`, lines: [] }, links);
  return confirmForm({
    question: pull ? `Update ${target.name} from Salesforce now?` : `Sync ${target.name} now?`,
    detail: pull ? 'The values Salesforce holds for this record are applied to it, with the same rules as the scheduled pull.' : 'The record is queued again and the push is asked to run now.',
    button: pull ? 'Update from Salesforce' : 'Sync now',
    action: pull ? 'pullnow' : 'syncnow',
    recordType: ref.recordType,
    id: ref.id,
    token: requestToken(),
  }, links);
}

/** An action that throws says so on the page (never NetSuite's error page); a permission refusal says which one. */
function guarded(action: () => Notice): Notice {
  try {
    return action();
  } catch (error) {
    const name = errorName(error);
    const message = errorText(error);
    log.error({ title: 'crmsync console action failed', details: `${name ?? ''} ${message}`.trim() });
    if (name === 'INSUFFICIENT_PERMISSION') {
      return { kind: 'error', title: 'NetSuite refused this action: the CRM Sync Integration role lacks a permission it needs.', lines: [message, 'Nothing more was changed.'] };
    }
    return { kind: 'error', title: 'The action failed; nothing more was changed.', lines: [message] };
  }
}

function refusalNotice(refusal: Refusal): Notice {
  log.audit({ title: `crmsync console refused a change: ${refusal.code}`, details: refusal.lines.join(' ') });
  return { kind: 'error', title: refusal.title, lines: refusal.lines };
}

export function handleConsoleRequest(request: http.ServerRequest, response: http.ServerResponse): void {
  const now = new Date();
  // The page's form posts custpage_ fields and the ticked lines of the error list; posted without an action it is a view.
  const { params, formView } = consoleParameters(request);
  const who = viewer();
  response.setHeader({ name: 'Content-Type', value: 'text/html; charset=utf-8' });
  for (const h of SECURITY_HEADERS) response.setHeader(h);
  const posted = request.method === 'POST' && !formView;
  // Checked before anything else a POST does; a GET changes nothing, so it needs no check.
  const refusal = posted
    ? refuseStateChange({ method: request.method, headers: request.headers, sentToken: params[TOKEN_FIELD], expectedToken: requestToken(), appHost: applicationHost() })
    : null;

  // The drift report and the preview have their own pages (src/jobs/reconcile-page.ts, src/jobs/preview-page.ts).
  if (params.page === 'reconcile' || params.page === 'preview') {
    const context = { params, posted, refused: refusal === null ? null : refusalNotice(refusal), canChange: who.canRetry, roleLabel: who.roleLabel, postUrl: consoleUrl(), token: requestToken() };
    const page = reconcilePage(context, consoleUrl()) ?? previewPage(context, consoleUrl());
    if (page !== null) {
      if (page.contentType !== undefined) response.setHeader({ name: 'Content-Type', value: page.contentType });
      for (const header of page.headers ?? []) response.setHeader(header);
      if (page.form === undefined) response.write({ output: page.body ?? '' });
      else {
        writeForm(response, page.form);
      }
      return;
    }
  }

  const pullRef = parseSyncNow(params, 'pullnow');
  const syncRef = parseSyncNow(params) ?? pullRef;
  if (syncRef !== null) {
    const links = [{ label: 'Open the CRM Sync console', url: consoleUrl() }];
    if ('error' in syncRef) {
      writeForm(response, actionForm({ kind: 'error', title: syncRef.error, lines: [] }, links));
      return;
    }
    if (!posted) {
      writeForm(response, confirmation(syncRef, pullRef !== null, who));
      return;
    }
    const back = { label: 'Back to the record', url: url.resolveRecord({ recordType: syncRef.recordType, recordId: syncRef.id }) };
    if (refusal !== null) {
      // A forged or stale request gets this page, not a trip back to the record: nothing was done there.
      writeForm(response, actionForm(refusalNotice(refusal), [back, ...links]));
      return;
    }
    // The record must exist to go back to it (and "Sync now" re-arms what this read found).
    const [target] = findTargets([syncRef]);
    if (target === undefined) {
      writeForm(response, actionForm({ kind: 'error', title: `There is no ${syncRef.recordType} with internal id ${syncRef.id}.`, lines: [] }, links));
      return;
    }
    const notice = guarded(() => (pullRef === null ? syncNow(target, who, now) : pullNow(syncRef, who)));
    // Back to the record, which shows the result as NetSuite's page message; the URL carries only a one-time key.
    const key = keepActionResult({ recordType: syncRef.recordType, id: syncRef.id, notice });
    redirect.toRecord({ type: syncRef.recordType, id: syncRef.id, parameters: { [RESULT_PARAM]: key } });
    return;
  }

  if (!posted && params.action === 'detail') {
    const ref = parseSyncNow({ ...params, action: 'syncnow' });
    const system = params.system === 'pardot' ? 'pardot' : 'salesforce';
    const links = [{ label: 'Back to the CRM Sync console', url: consoleUrl() }];
    if (ref === null || 'error' in ref) {
      writeForm(response, actionForm({ kind: 'error', title: ref === null ? 'No record was named.' : ref.error, lines: [] }, links));
      return;
    }
    links.unshift({ label: 'Open the record', url: url.resolveRecord({ recordType: ref.recordType, recordId: ref.id }) });
    writeForm(response, detailForm(`${ref.recordType} ${ref.id}: ${system === 'pardot' ? 'Pardot' : 'Salesforce'} log`, recordLogRows(ref.recordType, ref.id, system), links));
    return;
  }
  const failureQuery = parseFailureQuery(params);
  if (!posted && params.export === 'csv') {
    // Every matching row, all pages; the values are the records' own (already redacted when they were stored).
    response.setHeader({ name: 'Content-Type', value: 'text/csv; charset=utf-8' });
    response.setHeader({ name: 'Content-Disposition', value: `attachment; filename="crmsync-failures-${now.toISOString().slice(0, 10)}.csv"` });
    response.write({ output: failuresCsv(matchingFailures(failureRows(), failureQuery, now)) });
    return;
  }

  let notice: Notice | null = null;
  if (posted && refusal !== null) notice = refusalNotice(refusal);
  else if (posted) {
    notice = guarded(() => handlePost(params, who, now));
  }
  const installed = installedSearches();
  const settingsId = activeSettingsId();
  const settingsLink = settingsUrl(settingsId);
  const connection = connectionHealth();
  const prerequisites = orgPrerequisites();
  const runs = runSummaries();
  const queue = queueDepth();
  const retryTask = lastRetryTask();
  const savedSearches = SAVED_SEARCH_SPECS.map((s) => ({ id: s.id, title: s.title, installed: installed.has(s.id) }));
  const checklist = setupChecklist({
    settingsExists: settingsId !== null, settingsUrl: settingsLink, connection, prerequisites,
    searches: { installed: savedSearches.filter((s) => s.installed).length, total: savedSearches.length },
    fullSyncAt: runs.map(runFigures).filter((r) => r.fullSync).map((r) => r.startedAt ?? r.created).sort().pop() ?? null,
    canAct: who.canRetry,
  });
  const view = buildConsoleView({
    now, notice, canRetry: who.canRetry, roleLabel: who.roleLabel, postUrl: consoleUrl(),
    queue, runs, retryTask: retryTask === null ? null : retryTaskLine(retryTask, queue.pending), outcomeRows: outcomeRows(), failures: failureRows(), failureQuery, markAll: !posted && params.markall === 'T', connection, settingsUrl: settingsLink, pardotEnabled: pardotEnabled(), directions: directionSettings(), quota: readQuotaState(),
    prerequisites, checklist, savedSearches,
  });
  writeForm(response, consoleForm(view, requestToken()));
}
