/**
 * Offline SDF project validation (`npm run validate`). The SuiteCloud CLI's own validation needs Java and an
 * account; this catches, without either, the mistakes that make a deploy fail or a script misbehave.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
// XMLValidator is deprecated in favour of a separate package; it still validates well-formedness, which is all we ask.
/* eslint-disable @typescript-eslint/no-deprecated */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** SDF object types this project may ship, with the script-id prefix each requires. */
const OBJECT_PREFIXES: Readonly<Record<string, string>> = {
  usereventscript: 'customscript_',
  mapreducescript: 'customscript_',
  scheduledscript: 'customscript_',
  suitelet: 'customscript_',
  restlet: 'customscript_',
  clientscript: 'customscript_',
  entitycustomfield: 'custentity_',
  customrecordtype: 'customrecord_',
  customlist: 'customlist_',
  savedsearch: 'customsearch_',
  role: 'customrole_',
  subtab: 'custtab_',
  entryform: 'custform_',
};

/** @NScriptType each script object's entry file must declare. */
const SCRIPT_TYPES: Readonly<Record<string, string>> = {
  usereventscript: 'UserEventScript',
  mapreducescript: 'MapReduceScript',
  scheduledscript: 'ScheduledScript',
  suitelet: 'Suitelet',
  restlet: 'Restlet',
  clientscript: 'ClientScript',
};

/** Prefixes of nested ids declared inside an object (deployments, parameters, record fields, list values). */
const NESTED_PREFIXES = ['customdeploy_', 'custscript_', 'custrecord_', 'val_', 'custtab_'];

/** Ids the source may use that SDF objects must declare. */
const SOURCE_ID_PATTERN = /\b(custentity_crmsync_\w+|customrecord_crmsync_\w+|custrecord_crmsync_\w+|customlist_crmsync_\w+|customscript_crmsync_\w+|customdeploy_crmsync_\w+|custscript_crmsync_\w+|customsearch_crmsync_\w+)\b/g;

const MAX_SCRIPT_ID_LENGTH = 40;

export interface ValidationResult {
  errors: string[];
  declaredIds: Set<string>;
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false });

function listFiles(dir: string, suffix: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return listFiles(path, suffix);
    return name.endsWith(suffix) ? [path] : [];
  });
}

/** Walks a parsed XML tree and yields every `@_scriptid` attribute value. */
function collectScriptIds(node: unknown, into: string[]): void {
  if (Array.isArray(node)) {
    for (const child of node) collectScriptIds(child, into);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if (key === '@_scriptid' && typeof value === 'string') into.push(value);
    else collectScriptIds(value, into);
  }
}

/** Walks a parsed XML tree and yields every `[/SuiteScripts/...]` file reference. */
function collectFileRefs(node: unknown, into: string[]): void {
  if (typeof node === 'string') {
    for (const match of node.matchAll(/\[(\/SuiteScripts\/[^\]]+)\]/g)) if (match[1]) into.push(match[1]);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  for (const value of Object.values(node)) collectFileRefs(value, into);
}

function readHeader(path: string): string | undefined {
  const text = readFileSync(path, 'utf8');
  return text.startsWith('/**') ? text.slice(0, text.indexOf('*/') + 2) : undefined;
}

function validateObjects(root: string, errors: string[], declared: Set<string>): void {
  const objectsDir = join(root, 'Objects');
  const files = listFiles(objectsDir, '.xml');
  if (files.length === 0) errors.push('Objects/: no SDF objects found');
  for (const file of files) {
    const where = relative(root, file);
    const xml = readFileSync(file, 'utf8');
    const wellFormed = XMLValidator.validate(xml);
    if (wellFormed !== true) {
      errors.push(`${where}: not well-formed XML (${wellFormed.err.msg}, line ${wellFormed.err.line})`);
      continue;
    }
    const tree = parser.parse(xml) as Record<string, unknown>;
    const rootNames = Object.keys(tree).filter((k) => !k.startsWith('?'));
    const rootName = rootNames[0];
    if (rootNames.length !== 1 || rootName === undefined) {
      errors.push(`${where}: expected exactly one root element`);
      continue;
    }
    const prefix = OBJECT_PREFIXES[rootName];
    const body = tree[rootName] as Record<string, unknown>;
    const scriptId = body['@_scriptid'];
    if (prefix === undefined) {
      errors.push(`${where}: <${rootName}> is not an SDF object type this project knows`);
      continue;
    }
    if (typeof scriptId !== 'string' || !scriptId.startsWith(prefix)) {
      errors.push(`${where}: <${rootName}> scriptid must start with ${prefix} (found ${String(scriptId)})`);
      continue;
    }
    if (basename(file) !== `${scriptId}.xml`) errors.push(`${where}: file must be named ${scriptId}.xml`);
    const ids: string[] = [];
    collectScriptIds(body, ids);
    for (const id of ids) {
      if (id !== scriptId && !NESTED_PREFIXES.some((p) => id.startsWith(p))) {
        errors.push(`${where}: nested scriptid ${id} has an unexpected prefix`);
      }
      if (id.length > MAX_SCRIPT_ID_LENGTH) errors.push(`${where}: scriptid ${id} is longer than ${MAX_SCRIPT_ID_LENGTH} characters`);
      if (declared.has(id) && !id.startsWith('val_')) errors.push(`${where}: scriptid ${id} is declared twice`);
      declared.add(id);
    }
    const refs: string[] = [];
    collectFileRefs(body, refs);
    for (const ref of refs) {
      const path = join(root, 'FileCabinet', ref);
      if (!existsSync(path)) errors.push(`${where}: references ${ref}, which does not exist (run npm run build)`);
    }
    const scriptType = SCRIPT_TYPES[rootName];
    if (scriptType !== undefined) {
      const scriptFile = body.scriptfile;
      const ref = typeof scriptFile === 'string' ? /\[(\/SuiteScripts\/[^\]]+)\]/.exec(scriptFile)?.[1] : undefined;
      if (ref === undefined) {
        errors.push(`${where}: script object needs <scriptfile>[/SuiteScripts/…]</scriptfile>`);
      } else if (existsSync(join(root, 'FileCabinet', ref))) {
        const header = readHeader(join(root, 'FileCabinet', ref));
        if (header === undefined) errors.push(`${where}: ${ref} does not start with a /** @NApiVersion … */ header`);
        else {
          if (!/@NApiVersion\s+2\.1\b/.test(header)) errors.push(`${where}: ${ref} header must declare @NApiVersion 2.1`);
          const declaredType = /@NScriptType\s+(\w+)/.exec(header)?.[1];
          if (declaredType !== scriptType) errors.push(`${where}: ${ref} declares @NScriptType ${String(declaredType)}, expected ${scriptType}`);
        }
      }
    }
  }
}

function validateManifestAndDeploy(root: string, errors: string[]): void {
  for (const name of ['manifest.xml', 'deploy.xml']) {
    const path = join(root, name);
    if (!existsSync(path)) {
      errors.push(`${name}: missing`);
      continue;
    }
    const xml = readFileSync(path, 'utf8');
    const wellFormed = XMLValidator.validate(xml);
    if (wellFormed !== true) {
      errors.push(`${name}: not well-formed XML (${wellFormed.err.msg})`);
      continue;
    }
    const tree = parser.parse(xml) as Record<string, Record<string, unknown> | undefined>;
    if (name === 'manifest.xml') {
      const manifest = tree.manifest;
      if (manifest?.['@_projecttype'] !== 'ACCOUNTCUSTOMIZATION') errors.push('manifest.xml: <manifest projecttype="ACCOUNTCUSTOMIZATION"> expected');
      if (typeof manifest?.projectname !== 'string') errors.push('manifest.xml: <projectname> missing');
      if (manifest?.frameworkversion !== '1.0') errors.push('manifest.xml: <frameworkversion>1.0</frameworkversion> expected');
    } else {
      const deploy = tree.deploy;
      const text = JSON.stringify(deploy ?? {});
      if (!text.includes('~/FileCabinet/SuiteScripts/crmsync')) errors.push('deploy.xml: must deploy ~/FileCabinet/SuiteScripts/crmsync/*');
      if (!text.includes('~/Objects/')) errors.push('deploy.xml: must deploy ~/Objects/*');
    }
  }
}

function validateSourceIds(root: string, errors: string[], declared: Set<string>): void {
  for (const file of listFiles(join(root, 'src'), '.ts')) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(SOURCE_ID_PATTERN)) {
      const id = match[1];
      if (id !== undefined && !declared.has(id)) errors.push(`${relative(root, file)}: uses ${id}, which no Objects/*.xml declares`);
    }
  }
}

export function validateProject(root: string): ValidationResult {
  const errors: string[] = [];
  const declaredIds = new Set<string>();
  validateManifestAndDeploy(root, errors);
  validateObjects(root, errors, declaredIds);
  validateSourceIds(root, errors, declaredIds);
  return { errors: [...new Set(errors)], declaredIds };
}

const invokedDirectly = process.argv[1]?.endsWith('validate-sdf.ts') ?? false;
if (invokedDirectly) {
  const { errors, declaredIds } = validateProject(process.cwd());
  if (errors.length > 0) {
    console.error(`SDF validation failed (${errors.length} problem${errors.length === 1 ? '' : 's'}):`);
    for (const error of errors) console.error(`  - ${error}`);
    process.exit(1);
  }
  console.log(`SDF validation passed: ${declaredIds.size} object ids, manifest.xml and deploy.xml OK.`);
}
