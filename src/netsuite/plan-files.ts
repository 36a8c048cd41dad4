/**
 * The plan of a preview as a CSV file in the File Cabinet (N/file): written line by line with File.appendLine — N/file
 * holds at most 10 MB in memory per create or getContents, while appendLine and File.save stream ("File.save() streams
 * files of any size"), so a 100,000-record plan fits. Costs (SuiteScript 2.x API Governance): file.load 10 units,
 * File.save 20, file.delete 20; file.create and appendLine none.
 */
import * as file from 'N/file';
import { PLAN_FILES } from '../ids';
import { errorName } from '../core/errors';

export interface SavedPlanFile {
  id: string;
  url: string;
  lines: number;
}

/** The shipped plans folder's internal id, from its marker file (10 units). */
export function planFolderId(): number {
  return file.load({ id: PLAN_FILES.folderMarker }).folder;
}

/**
 * Writes a CSV file into the plans folder: `header`, then each line `fill` appends. About 50 units: the folder (10),
 * the save (20), and a load of the saved file for its URL (10).
 */
export function writePlanFile(name: string, header: string, fill: (append: (line: string) => void) => void): SavedPlanFile {
  const csv = file.create({ name: name.replace(/[^\w.-]/g, '-'), fileType: file.Type.CSV, folder: planFolderId(), description: 'CRM Sync preview plan' });
  csv.appendLine({ value: header });
  let lines = 0;
  fill((line) => {
    csv.appendLine({ value: line });
    lines += 1;
  });
  const id = csv.save();
  return { id: String(id), url: file.load({ id }).url, lines };
}

/** 20 units. A file already gone (deleted by hand, or by a retention run cut short) is not an error. */
export function deletePlanFile(id: string): boolean {
  try {
    file.delete({ id });
    return true;
  } catch (error) {
    if (errorName(error) === 'RCRD_DSNT_EXIST') return false;
    throw error;
  }
}
