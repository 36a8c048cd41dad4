/**
 * N/file over the account's File Cabinet (file-cabinet.ts), as Oracle's Help Center describes it (N/file Module):
 * - file.create(options): name and fileType required; "Content held in memory is limited to 10MB"; governance none.
 * - File.save(): 20 units; SSS_MISSING_REQD_ARGUMENT "Please enter value(s) for: Folder" when File.folder is not set,
 *   INVALID_KEY_OR_REF "Invalid folder reference key <id>." when the folder does not exist; returns the id (a number).
 * - file.load(options): 10 units; options.id is an internal id (number or string) or a File Cabinet path (absolute, or
 *   relative to the script's folder with ./ or ../); RCRD_DSNT_EXIST "That record does not exist. path: …" for a path,
 *   INSUFFICIENT_PERMISSION "You do not have access to the media item you selected." for an id that is not a file.
 * - file.delete(options): 20 units.
 * - File.getContents(): governance none; SSS_FILE_CONTENT_SIZE_EXCEEDED above 10 MB ("You can access CSV or text files
 *   (including files over 10MB) using File.appendLine(options) or File.lines.iterator()").
 * - File.appendLine(options): "insert a line to the end of a file", text or .csv files only, each line under 10 MB;
 *   YOU_CANNOT_WRITE_TO_A_FILE_AFTER_YOU_BEGAN_READING_FROM_IT after File.lines.iterator() until File.resetStream() or a
 *   save; governance none.
 * - File.url: "The URL of a file", read-only (READ_ONLY_PROPERTY on an assignment).
 * Role permission: Documents and Files (LIST_FILECABINET) — View to load, Create to save a new file, Edit to save over
 * one, Full to delete — checked for the project's custom roles like record permissions (data.ts).
 * Guesses (README): lines appended are separated by "\n" (no separator before the first line of an empty file); the
 * error name for appendLine on a binary file type; the URL's form (file-cabinet.ts).
 */
import { str } from '../text';
import { ERR, nsError } from '../errors';
import type { Execution } from '../execution';
import { COSTS } from '../governance';
import type { FileCabinet, StoredFile } from '../file-cabinet';
import type * as fileApi from 'N/file';
import type { ModuleSurface } from './surface';

type Opts = Record<string, unknown>;

/** 10 MB as N/file counts it (the File.getContents() sample compares File.size with 10485760). */
export const FILE_MEMORY_LIMIT_BYTES = 10_485_760;

const TYPES = [
  'APPCACHE', 'AUTOCAD', 'BMPIMAGE', 'CERTIFICATE', 'CONFIG', 'CSV', 'EXCEL', 'FLASH', 'FREEMARKER', 'GIFIMAGE', 'GZIP', 'HTMLDOC', 'ICON',
  'JAVASCRIPT', 'JPGIMAGE', 'JSON', 'MESSAGERFC', 'MP3', 'MPEGMOVIE', 'MSPROJECT', 'PDF', 'PJPGIMAGE', 'PLAINTEXT', 'PNGIMAGE', 'POSTSCRIPT',
  'POWERPOINT', 'QUICKTIME', 'RTF', 'SCSS', 'SMS', 'STYLESHEET', 'SVG', 'TAR', 'TIFFIMAGE', 'VISIO', 'WEBAPPPAGE', 'WEBAPPSCRIPT', 'WORD',
  'XMLDOC', 'XSD', 'ZIP',
] as const;
const Type = Object.fromEntries(TYPES.map((t) => [t, t])) as Record<(typeof TYPES)[number], string>;
const Encoding = { UTF_8: 'UTF-8', WINDOWS_1252: 'windows-1252', ISO_8859_1: 'ISO-8859-1', GB18030: 'GB18030', SHIFT_JIS: 'SHIFT_JIS', MAC_ROMAN: 'MacRoman', GB2312: 'GB2312', BIG5: 'Big5' };
const TEXT_TYPES: ReadonlySet<string> = new Set(['CSV', 'PLAINTEXT']);
const LEVELS = ['NONE', 'VIEW', 'CREATE', 'EDIT', 'FULL'];

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

function tooLarge(what: string): Error {
  return nsError('SSS_FILE_CONTENT_SIZE_EXCEEDED', `The ${what} you are attempting to access exceeds the maximum allowed size of 10 MB.`);
}

export function createFileModule(x: Execution): object {
  const cabinet: FileCabinet = x.env.fileCabinet;

  const allow = (level: 'VIEW' | 'CREATE' | 'EDIT' | 'FULL'): void => {
    const role = x.context.effectiveRole;
    x.env.noteAccess(x.script.id, `${role} LIST_FILECABINET ${level}`);
    const granted = x.env.roleGrants(role);
    if (granted === undefined) return;
    const has = granted.get('LIST_FILECABINET') ?? 'NONE';
    if (LEVELS.indexOf(has) < LEVELS.indexOf(level)) throw nsError('INSUFFICIENT_PERMISSION', `Permission Violation: ${role} needs LIST_FILECABINET (Documents and Files) at ${level} or higher (has ${has}).`);
  };

  class EmulatedFile {
    private fileId: number | null;
    name: string;
    readonly fileType: string;
    /** Scripts may assign a number or a numeric string. */
    folder: number | string | null;
    description: string;
    isOnline: boolean;
    isInactive: boolean;
    encoding: string;
    private contents: string;
    private reading = false;

    constructor(o: { id: number | null; name: string; fileType: string; folder: number | null; description: string; isOnline: boolean; isInactive: boolean; encoding: string; contents: string }) {
      this.fileId = o.id;
      this.name = o.name;
      this.fileType = o.fileType;
      this.folder = o.folder;
      this.description = o.description;
      this.isOnline = o.isOnline;
      this.isInactive = o.isInactive;
      this.encoding = o.encoding;
      this.contents = o.contents;
    }

    get id(): number | null {
      return this.fileId;
    }

    get size(): number {
      return bytes(this.contents);
    }

    get isText(): boolean {
      return TEXT_TYPES.has(this.fileType) || ['JSON', 'XMLDOC', 'HTMLDOC', 'JAVASCRIPT', 'STYLESHEET'].includes(this.fileType);
    }

    get path(): string {
      return this.fileId === null || this.folder === null ? '' : `${cabinet.folderPath(Number(this.folder))}/${this.name}`;
    }

    get url(): string {
      const stored = this.fileId === null ? undefined : cabinet.file(this.fileId);
      return stored === undefined ? '' : cabinet.url(stored);
    }

    set url(_value: string) {
      throw nsError('READ_ONLY_PROPERTY', 'File.url is read-only.');
    }

    getContents(): string {
      if (this.size > FILE_MEMORY_LIMIT_BYTES) throw tooLarge('file content');
      return this.contents;
    }

    appendLine(options: unknown): unknown {
      const o = (options ?? {}) as Opts;
      if (o.value === undefined || o.value === null) throw ERR.missingArg('File.appendLine', 'value');
      if (!TEXT_TYPES.has(this.fileType)) throw nsError('SSS_INVALID_TYPE_ARG', `File.appendLine can be used on text or .csv files only (this file is ${this.fileType}).`);
      if (this.reading) throw nsError('YOU_CANNOT_WRITE_TO_A_FILE_AFTER_YOU_BEGAN_READING_FROM_IT', 'You cannot write to a file after you began reading from it.');
      const line = str(o.value);
      if (bytes(line) > FILE_MEMORY_LIMIT_BYTES) throw tooLarge('content');
      this.contents = this.contents === '' ? line : `${this.contents}\n${line}`;
      return this;
    }

    get lines(): { iterator: () => { each: (fn: (line: { value: string }) => unknown) => void } } {
      return {
        iterator: () => {
          this.reading = true;
          const all = this.contents === '' ? [] : this.contents.split(/\r?\n/);
          return {
            each: (fn) => {
              for (const value of all) {
                if (bytes(value) > FILE_MEMORY_LIMIT_BYTES) throw tooLarge('content');
                if (fn({ value }) === false) break;
              }
            },
          };
        },
      };
    }

    resetStream(): void {
      this.reading = false;
    }

    save(): number {
      return x.gov('File.save', COSTS['File.save'], () => {
        if (this.folder === null || str(this.folder) === '') throw nsError('SSS_MISSING_REQD_ARGUMENT', 'Please enter value(s) for: Folder');
        const folder = Number(this.folder);
        if (!Number.isInteger(folder) || cabinet.folder(folder) === undefined) throw nsError('INVALID_KEY_OR_REF', `Invalid folder reference key ${str(this.folder)}.`);
        allow(this.fileId === null ? 'CREATE' : 'EDIT');
        const id = cabinet.save(this.fileId, {
          name: this.name, folder, fileType: this.fileType, description: this.description, isOnline: this.isOnline, isInactive: this.isInactive,
          encoding: this.encoding, contents: this.contents,
        });
        this.fileId = id;
        this.reading = false;
        return id;
      });
    }
  }

  const fromStored = (f: StoredFile): EmulatedFile => new EmulatedFile({
    id: f.id, name: f.name, fileType: f.fileType, folder: f.folder, description: f.description, isOnline: f.isOnline, isInactive: f.isInactive, encoding: f.encoding,
    contents: cabinet.contents(f),
  });

  /** An id, or a path: absolute ("SuiteScripts/a.txt", "/SuiteScripts/a.txt") or relative to the script's folder. */
  const find = (idOrPath: unknown): StoredFile => {
    const raw = str(idOrPath);
    if (/^\d+$/.test(raw)) {
      const f = cabinet.file(Number(raw));
      if (f === undefined) throw nsError('INSUFFICIENT_PERMISSION', 'You do not have access to the media item you selected.');
      return f;
    }
    let path = raw;
    if (raw.startsWith('./') || raw.startsWith('../')) {
      const parts = (x.script.scriptFile ?? '').replace(/^\/+/, '').split('/').slice(0, -1);
      for (const part of raw.split('/')) {
        if (part === '..') parts.pop();
        else if (part !== '.') parts.push(part);
      }
      path = parts.join('/');
    }
    const f = cabinet.byPath(path);
    if (f === undefined) throw nsError('RCRD_DSNT_EXIST', `That record does not exist. path: ${raw}`);
    return f;
  };

  return {
    Type,
    Encoding,
    create(options: unknown) {
      const o = (options ?? {}) as Opts;
      if (typeof o.name !== 'string' || o.name === '') throw ERR.missingArg('file.create', 'name');
      if (typeof o.fileType !== 'string' || o.fileType === '') throw ERR.missingArg('file.create', 'fileType');
      if (!(TYPES as readonly string[]).includes(o.fileType)) throw ERR.invalidTypeArg(o.fileType, 'fileType');
      const contents = o.contents === undefined || o.contents === null ? '' : str(o.contents);
      if (bytes(contents) > FILE_MEMORY_LIMIT_BYTES) throw tooLarge('file content');
      return x.expose(new EmulatedFile({
        id: null, name: o.name, fileType: o.fileType, folder: o.folder === undefined || o.folder === null ? null : Number(o.folder),
        description: typeof o.description === 'string' ? o.description : '', isOnline: o.isOnline === true, isInactive: o.isInactive === true,
        encoding: typeof o.encoding === 'string' ? o.encoding : Encoding.UTF_8, contents,
      }));
    },
    load(options: unknown) {
      const id = options !== null && typeof options === 'object' ? (options as Opts).id : options;
      if (id === undefined || id === null || str(id) === '') throw ERR.missingArg('file.load', 'id');
      return x.gov('file.load', COSTS['file.load'], () => {
        allow('VIEW');
        return x.expose(fromStored(find(id)));
      });
    },
    delete(options: unknown) {
      const id = (options ?? {}) as Opts;
      if (id.id === undefined || id.id === null || str(id.id) === '') throw ERR.missingArg('file.delete', 'id');
      x.gov('file.delete', COSTS['file.delete'], () => {
        allow('FULL');
        const f = cabinet.file(Number(id.id));
        if (f === undefined || !cabinet.delete(f.id)) throw ERR.recordDoesNotExist();
      });
    },
  } satisfies ModuleSurface<typeof fileApi>;
}
