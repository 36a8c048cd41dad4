/** Deleting old custom records (integration log rows, finished queue entries) page by page, within governance. */
import * as record from 'N/record';
import * as search from 'N/search';
import { unitsLeftFor } from './governance';

const SEARCH_UNITS = 10;
const DELETE_UNITS = 4;
/** Units kept in reserve: a search page (10) and the reschedule (20) must still fit after the last delete. */
export const PURGE_RESERVE_UNITS = 100;

/** What a purge must do before it deletes each record (the plan file of a preview report), and what that costs. */
export interface PurgeCompanion {
  units: number;
  beforeDelete: (id: string) => void;
}

/**
 * Deletes every record of `type` matching `filters`; false when it stopped for governance (the rest stays). With a
 * companion, its work runs before each delete: a record is deleted only after it, so a run cut short redoes it.
 */
export function purge(type: string, filters: unknown[], onDelete: () => void, companion?: PurgeCompanion): boolean {
  const perRecord = DELETE_UNITS + (companion?.units ?? 0);
  for (;;) {
    if (!unitsLeftFor(SEARCH_UNITS + perRecord + PURGE_RESERVE_UNITS)) return false;
    const page = search.create({ type, filters, columns: ['internalid'] }).run().getRange({ start: 0, end: 1000 });
    if (page.length === 0) return true;
    for (const result of page) {
      if (!unitsLeftFor(perRecord + PURGE_RESERVE_UNITS)) return false;
      companion?.beforeDelete(result.id);
      record.delete({ type, id: result.id });
      onDelete();
    }
  }
}
