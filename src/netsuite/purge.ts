/** Deleting old custom records (integration log rows, finished queue entries) page by page, within governance. */
import * as record from 'N/record';
import * as search from 'N/search';
import { unitsLeftFor } from './governance';

const SEARCH_UNITS = 10;
const DELETE_UNITS = 4;
/** Units kept in reserve: a search page (10) and the reschedule (20) must still fit after the last delete. */
export const PURGE_RESERVE_UNITS = 100;

/** Deletes every record of `type` matching `filters`; false when it stopped for governance (the rest stays). */
export function purge(type: string, filters: unknown[], onDelete: () => void): boolean {
  for (;;) {
    if (!unitsLeftFor(SEARCH_UNITS + DELETE_UNITS + PURGE_RESERVE_UNITS)) return false;
    const page = search.create({ type, filters, columns: ['internalid'] }).run().getRange({ start: 0, end: 1000 });
    if (page.length === 0) return true;
    for (const result of page) {
      if (!unitsLeftFor(DELETE_UNITS + PURGE_RESERVE_UNITS)) return false;
      record.delete({ type, id: result.id });
      onDelete();
    }
  }
}
