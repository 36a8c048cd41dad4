/**
 * Plan entries that are not work — a held-back run's gate, the pull's API usage — ride from getInputData to
 * summarize (the only way a map/reduce hands data across stages): map and reduce pass them on unchanged.
 */
const NOTE_PREFIX = 'note:';

export function noteKey(name: string): string {
  return `${NOTE_PREFIX}${name}`;
}

export function isRunNote(key: string): boolean {
  return key.startsWith(NOTE_PREFIX);
}
