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
  /** Columns to read with each record; `value` gets them as text. */
  columns: string[];
  /** Records read at a time (1 to 1,000): fewer when the columns are large. */
  pageSize: number;
  units: number;
  beforeDelete: (value: (column: string) => string) => void;
}

/**
 * Deletes every record of `type` matching `filters`; false when it stopped for governance (the rest stays). With a
 * companion, its work runs before each delete: a record is deleted only after it, so a run cut short redoes it.
 */
export function purge(type: string, filters: unknown[], onDelete: () => void, companion?: PurgeCompanion): boolean {
  const perRecord = DELETE_UNITS + (companion?.units ?? 0);
  for (;;) {
    if (!unitsLeftFor(SEARCH_UNITS + perRecord + PURGE_RESERVE_UNITS)) return false;
    const page = search.create({ type, filters, columns: ['internalid', ...(companion?.columns ?? [])] }).run().getRange({ start: 0, end: companion?.pageSize ?? 1000 });
    if (page.length === 0) return true;
    for (const result of page) {
      if (!unitsLeftFor(perRecord + PURGE_RESERVE_UNITS)) return false;
      companion?.beforeDelete((column) => {
        const value = result.getValue({ name: column });
        return typeof value === 'string' ? value : String(value);
      });
      record.delete({ type, id: result.id });
      onDelete();
    }
  }
}
