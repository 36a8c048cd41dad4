/**
 * The File Cabinet of the emulated account: folders and files. What the SDF project deploys (everything under the
 * project's FileCabinet/ folder, after the build) is there from the start, in folders named as on disk — SDF's
 * uploadfiles: "If the folder with the files doesn't already exist in the File Cabinet, it gets added to your account"
 * (SuiteCloud CLI for Java, uploadfiles). Files scripts save with N/file (modules/file.ts) are added here.
 *
 * Guesses (README): the SuiteScripts folder's internal id is -15 (the id Oracle's N/file samples save to, "Create and
 * Save a File to the File Cabinet"; the Help Center does not say it is SuiteScripts); other folder and file ids are
 * assigned in order; a file's URL has the form NetSuite shows for a file in the UI
 * (`/core/media/media.nl?id=…&c=<account>&h=<hash>&_xt=.<extension>`).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const SUITESCRIPTS_FOLDER_ID = -15;

export interface StoredFolder {
  id: number;
  name: string;
  parent: number | null;
}

export interface StoredFile {
  id: number;
  name: string;
  folder: number;
  fileType: string;
  description: string;
  isOnline: boolean;
  isInactive: boolean;
  encoding: string;
  /** Text content (binary content base64, as N/file takes it); read from disk on first use for deployed files. */
  contents: string | null;
  diskPath?: string;
  created: Date;
  modified: Date;
}

export class FileCabinet {
  private readonly folders = new Map<number, StoredFolder>();
  private readonly files = new Map<number, StoredFile>();
  private nextFolderId = 100;
  private nextFileId = 1000;
  private scanned = false;
  private readonly root: string;
  private readonly accountId: string;
  private readonly now: () => Date;

  constructor(projectRoot: string, accountId: string, now: () => Date) {
    this.root = join(projectRoot, 'FileCabinet');
    this.accountId = accountId;
    this.now = now;
    this.folders.set(SUITESCRIPTS_FOLDER_ID, { id: SUITESCRIPTS_FOLDER_ID, name: 'SuiteScripts', parent: null });
  }

  /** What the project deployed: read once, on first use (the build writes FileCabinet/ before tests run scripts). */
  private scan(): void {
    if (this.scanned) return;
    this.scanned = true;
    const walk = (dir: string, folder: number): void => {
      if (!existsSync(dir)) return;
      for (const name of readdirSync(dir).sort()) {
        const path = join(dir, name);
        if (name === '.attributes') continue;
        if (statSync(path).isDirectory()) walk(path, this.folderNamed(name, folder));
        else {
          const id = this.nextFileId++;
          const at = this.now();
          this.files.set(id, { id, name, folder, fileType: typeOf(name), description: '', isOnline: false, isInactive: false, encoding: 'UTF-8', contents: null, diskPath: path, created: at, modified: at });
        }
      }
    };
    walk(join(this.root, 'SuiteScripts'), SUITESCRIPTS_FOLDER_ID);
  }

  private folderNamed(name: string, parent: number): number {
    for (const f of this.folders.values()) if (f.parent === parent && f.name === name) return f.id;
    const id = this.nextFolderId++;
    this.folders.set(id, { id, name, parent });
    return id;
  }

  folder(id: number): StoredFolder | undefined {
    this.scan();
    return this.folders.get(id);
  }

  /** "SuiteScripts/crmsync/x.js" (a leading slash allowed). */
  folderPath(id: number): string {
    const parts: string[] = [];
    for (let f = this.folder(id); f !== undefined; f = f.parent === null ? undefined : this.folder(f.parent)) parts.unshift(f.name);
    return parts.join('/');
  }

  pathOf(file: StoredFile): string {
    return `${this.folderPath(file.folder)}/${file.name}`;
  }

  file(id: number): StoredFile | undefined {
    this.scan();
    return this.files.get(id);
  }

  byPath(path: string): StoredFile | undefined {
    this.scan();
    const wanted = path.replace(/^\/+/, '');
    for (const f of this.files.values()) if (this.pathOf(f) === wanted) return f;
    return undefined;
  }

  inFolder(folder: number): StoredFile[] {
    this.scan();
    return [...this.files.values()].filter((f) => f.folder === folder).sort((a, b) => a.id - b.id);
  }

  contents(file: StoredFile): string {
    if (file.contents === null) file.contents = file.diskPath === undefined ? '' : readFileSync(file.diskPath, 'utf8');
    return file.contents;
  }

  /**
   * Saves a new file (id null) or an existing one. A new file named as one already in the folder replaces it and keeps
   * its id (guess: NetSuite's File.save page does not say; this is what the UI's upload does with "overwrite").
   */
  save(id: number | null, values: Omit<StoredFile, 'id' | 'created' | 'modified' | 'diskPath'>): number {
    this.scan();
    const at = this.now();
    const existing = id !== null ? this.files.get(id) : [...this.files.values()].find((f) => f.folder === values.folder && f.name === values.name);
    const fileId = existing?.id ?? this.nextFileId++;
    this.files.set(fileId, { ...values, id: fileId, created: existing?.created ?? at, modified: at });
    return fileId;
  }

  delete(id: number): boolean {
    this.scan();
    return this.files.delete(id);
  }

  url(file: StoredFile): string {
    const hash = createHash('sha256').update(`${this.accountId}:${String(file.id)}:${file.name}`).digest('hex').slice(0, 20);
    const dot = file.name.lastIndexOf('.');
    const ext = dot < 0 ? '' : `&_xt=${encodeURIComponent(file.name.slice(dot))}`;
    return `/core/media/media.nl?id=${String(file.id)}&c=${encodeURIComponent(this.accountId)}&h=${hash}${ext}`;
  }

  /** The file a File.url names (the console link a test follows), or undefined. */
  byUrl(url: string): StoredFile | undefined {
    const id = /[?&]id=(\d+)/.exec(url)?.[1];
    const file = id === undefined ? undefined : this.file(Number(id));
    return file !== undefined && this.url(file) === url.replace(/^https?:\/\/[^/]+/, '') ? file : undefined;
  }
}

const TYPES_BY_EXTENSION: Readonly<Record<string, string>> = {
  js: 'JAVASCRIPT', csv: 'CSV', txt: 'PLAINTEXT', json: 'JSON', xml: 'XMLDOC', html: 'HTMLDOC', htm: 'HTMLDOC', pdf: 'PDF', css: 'STYLESHEET',
};

function typeOf(name: string): string {
  const ext = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
  return TYPES_BY_EXTENSION[ext] ?? 'PLAINTEXT';
}
