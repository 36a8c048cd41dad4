/**
 * Report pages of reconcile and preview runs (customrecord_crmsync_report): a batch that found something writes one
 * page (a JSON body of up to 200 records), each run one summary. At 100,000 records that is at most 500 pages of
 * about 6 units each, spread over the map invocations that found them; a batch that found nothing writes nothing.
 */
import * as record from 'N/record';
import * as search from 'N/search';
import { REPORT } from '../ids';
import { asText } from './values';

export type ReportJob = 'reconcile' | 'preview' | 'import-preview';
export type ReportKind = 'page' | 'summary' | 'twice';

export interface ReportPage {
  id: string;
  runId: string;
  kind: ReportKind;
  body: string;
}

/** About 6 units. Returns the page's id. */
export function writeReportPage(runId: string, job: ReportJob, kind: ReportKind, body: string): string {
  const page = record.create({ type: REPORT.type });
  page.setValue({ fieldId: 'name', value: `${job} ${kind} ${runId}`.slice(0, 300) });
  page.setValue({ fieldId: REPORT.runId, value: runId });
  page.setValue({ fieldId: REPORT.job, value: job });
  page.setValue({ fieldId: REPORT.kind, value: kind });
  page.setValue({ fieldId: REPORT.body, value: body });
  return String(page.save());
}

/** One page's body, whole (2 units: a custom record load; a search column of a long text field may be cut short). */
export function reportBody(id: string): string {
  return asText(record.load({ type: REPORT.type, id }).getValue({ fieldId: REPORT.body })) ?? '';
}

function toPage(result: search.Result): ReportPage {
  const kind = asText(result.getValue({ name: REPORT.kind }));
  return {
    id: result.id,
    runId: asText(result.getValue({ name: REPORT.runId })) ?? '',
    kind: kind === 'summary' || kind === 'twice' ? kind : 'page',
    body: asText(result.getValue({ name: REPORT.body })) ?? '',
  };
}

/** The newest summaries of a job (newest first), 10 units. */
export function latestSummaries(job: ReportJob, count: number): ReportPage[] {
  return search.create({
    type: REPORT.type,
    filters: [[REPORT.job, 'is', job], 'AND', [REPORT.kind, 'is', 'summary']],
    columns: [search.createColumn({ name: 'internalid', sort: search.Sort.DESC }), REPORT.runId, REPORT.kind, REPORT.body],
  }).run().getRange({ start: 0, end: count }).map(toPage);
}

/** Every page of one run (not its summary), oldest first: 10 units per 1,000. */
export function runPages(job: ReportJob, runId: string): ReportPage[] {
  const pages: ReportPage[] = [];
  eachRunPage(job, runId, 1000, (page) => { pages.push(page); });
  return pages;
}

/**
 * Each page of one run, oldest first, `pageSize` (5 to 1,000) search results in memory at a time: 5 units for the
 * search and 5 per fetch (Search.runPaged, PagedData.fetch).
 */
export function eachRunPage(job: ReportJob, runId: string, pageSize: number, visit: (page: ReportPage) => void): void {
  const paged = search.create({
    type: REPORT.type,
    filters: [[REPORT.job, 'is', job], 'AND', [REPORT.runId, 'is', runId], 'AND', [REPORT.kind, 'isnot', 'summary']],
    columns: [search.createColumn({ name: 'internalid', sort: search.Sort.ASC }), REPORT.runId, REPORT.kind, REPORT.body],
  }).runPaged({ pageSize });
  for (const range of paged.pageRanges) for (const result of paged.fetch({ index: range.index }).data) visit(toPage(result));
}
