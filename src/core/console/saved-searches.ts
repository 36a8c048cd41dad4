/** The integration-log saved searches as data; src/netsuite/saved-searches.ts creates them with N/search. */
import { LOG, SAVED_SEARCHES } from '../../ids';

export interface SearchColumnSpec {
  name: string;
  summary?: 'GROUP' | 'COUNT' | 'MAX';
  sort?: 'ASC' | 'DESC';
}

export interface SavedSearchSpec {
  id: string;
  title: string;
  filters: unknown[];
  columns: SearchColumnSpec[];
}

const DETAIL: SearchColumnSpec[] = [
  { name: 'created', sort: 'DESC' }, { name: LOG.status }, { name: LOG.reason }, { name: LOG.recordType }, { name: LOG.recordId },
  { name: LOG.contact }, { name: LOG.customer }, { name: LOG.externalId }, { name: LOG.message }, { name: LOG.runId },
];

export const SAVED_SEARCH_SPECS: readonly SavedSearchSpec[] = [
  {
    id: SAVED_SEARCHES.failures24h,
    title: 'CRM Sync: Failures in the Last 24 Hours',
    filters: [[LOG.status, 'is', 'Failed'], 'AND', ['created', 'onorafter', 'hoursago24']],
    columns: DETAIL,
  },
  {
    id: SAVED_SEARCHES.skippedByReason,
    title: 'CRM Sync: Skipped Records by Reason',
    filters: [[LOG.status, 'is', 'Skipped']],
    columns: [{ name: LOG.reason, summary: 'GROUP', sort: 'ASC' }, { name: 'internalid', summary: 'COUNT' }, { name: 'created', summary: 'MAX' }],
  },
  {
    id: SAVED_SEARCHES.byRun,
    title: 'CRM Sync: Log by Run',
    filters: [[LOG.runId, 'isnotempty', '']],
    columns: [{ name: LOG.runId, summary: 'GROUP', sort: 'DESC' }, { name: LOG.status, summary: 'GROUP' }, { name: 'internalid', summary: 'COUNT' }],
  },
  {
    id: SAVED_SEARCHES.byRecord,
    title: 'CRM Sync: Log by Record',
    filters: [[LOG.recordId, 'isnotempty', '']],
    columns: [{ name: LOG.recordType, sort: 'ASC' }, { name: LOG.recordId, sort: 'ASC' }, ...DETAIL.filter((c) => c.name !== LOG.recordType && c.name !== LOG.recordId)],
  },
];
