/** Reads the SDF object XML (Objects/**.xml) that defines scripts, deployments, custom fields, records and lists. */
import { str } from './text';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';

export type ScriptKind = 'usereventscript' | 'mapreducescript' | 'suitelet' | 'restlet' | 'scheduledscript' | 'clientscript';

/** The @NScriptType each SDF script object requires. */
export const SCRIPT_TYPE_BY_KIND: Record<ScriptKind, string> = {
  usereventscript: 'UserEventScript',
  mapreducescript: 'MapReduceScript',
  suitelet: 'Suitelet',
  restlet: 'Restlet',
  scheduledscript: 'ScheduledScript',
  clientscript: 'ClientScript',
};

export interface FieldXmlDef {
  id: string;
  fieldType: string;
  label: string;
  selectRecordType?: string;
  maxLength?: number;
  mandatory: boolean;
  defaultValue?: string;
}

export interface DeploymentDef {
  id: string;
  scriptId: string;
  status: string;
  isDeployed: boolean;
  recordType?: string;
  logLevel: string;
  executionContexts?: string[];
  /** `<runasrole>`: the Execute As Role (ADMINISTRATOR, or a role script id), when the deployment sets one. */
  runAsRole?: string;
  params: Record<string, string>;
  internalId: number;
  /** `<concurrencylimit>` of a map/reduce deployment: how many map or reduce invocations may run at once. */
  concurrencyLimit?: number;
}

export interface ScriptDef {
  id: string;
  kind: ScriptKind;
  name: string;
  scriptFile: string;
  params: FieldXmlDef[];
  deployments: DeploymentDef[];
  internalId: number;
  sourceFile: string;
}

export interface EntityFieldDef extends FieldXmlDef {
  appliesTo: string[];
}

export interface CustomRecordDef {
  id: string;
  name: string;
  fields: FieldXmlDef[];
}

export interface CustomListDef {
  id: string;
  name: string;
  values: { scriptId: string; label: string; isInactive: boolean }[];
}

export interface ObjectsIndex {
  scripts: Map<string, ScriptDef>;
  entityFields: EntityFieldDef[];
  customRecords: Map<string, CustomRecordDef>;
  customLists: Map<string, CustomListDef>;
  /** Custom roles: permkey (LIST_CONTACT, [scriptid=customrecord_x]) → permlevel (VIEW, CREATE, EDIT, FULL). */
  roles: Map<string, Map<string, string>>;
  /** Object types seen but not modelled (savedsearch, role, …), for the README's "missing" list. */
  ignored: { file: string; type: string }[];
}

const SCRIPT_KINDS = new Set<string>(Object.keys(SCRIPT_TYPE_BY_KIND));
const ARRAY_TAGS = new Set(['scriptdeployment', 'scriptcustomfield', 'customrecordcustomfield', 'customvalue']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => ARRAY_TAGS.has(name),
});

type XmlNode = Record<string, unknown>;

function text(node: XmlNode, key: string): string | undefined {
  const value = node[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && '#text' in (value as XmlNode)) return str((value as XmlNode)['#text']);
  return str(value);
}

const bool = (value: string | undefined, fallback: boolean): boolean => (value === undefined ? fallback : value.toUpperCase() === 'T');

/** SDF references look like `[customlist_x]` or `[scriptid=customlist_x]`; paths like `[/SuiteScripts/x.js]`. */
export function stripRef(value: string): string {
  const inner = value.replace(/^\[|\]$/g, '');
  return inner.replace(/^scriptid=/, '');
}

function children(node: XmlNode, container: string, child: string): XmlNode[] {
  const holder = node[container];
  if (holder === undefined || holder === null || typeof holder !== 'object') return [];
  const items = (holder as XmlNode)[child];
  return Array.isArray(items) ? (items as XmlNode[]) : [];
}

function fieldDef(node: XmlNode): FieldXmlDef {
  const def: FieldXmlDef = {
    id: str(node['@_scriptid']),
    fieldType: (text(node, 'fieldtype') ?? 'TEXT').toUpperCase(),
    label: text(node, 'label') ?? str(node['@_scriptid']),
    mandatory: bool(text(node, 'ismandatory'), false),
  };
  const select = text(node, 'selectrecordtype');
  if (select) def.selectRecordType = select;
  const max = text(node, 'maxlength');
  if (max && /^\d+$/.test(max)) def.maxLength = Number(max);
  const dflt = text(node, 'defaultvalue');
  if (dflt !== undefined && dflt !== '') def.defaultValue = dflt;
  return def;
}

function listXmlFiles(dir: string): string[] {
  let out: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const entry of entries.sort()) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) out = out.concat(listXmlFiles(full));
    else if (entry.endsWith('.xml')) out.push(full);
  }
  return out;
}

export function readObjects(projectRoot: string): ObjectsIndex {
  const index: ObjectsIndex = { scripts: new Map(), entityFields: [], customRecords: new Map(), customLists: new Map(), roles: new Map(), ignored: [] };
  let scriptSeq = 100;
  let deploySeq = 1;
  for (const file of listXmlFiles(join(projectRoot, 'Objects'))) {
    const doc = parser.parse(readFileSync(file, 'utf8')) as XmlNode;
    for (const [rootName, rootValue] of Object.entries(doc)) {
      if (rootName.startsWith('?') || typeof rootValue !== 'object' || rootValue === null) continue;
      const node = rootValue as XmlNode;
      const scriptId = str(node['@_scriptid'], '');
      if (SCRIPT_KINDS.has(rootName)) {
        const script: ScriptDef = {
          id: scriptId,
          kind: rootName as ScriptKind,
          name: text(node, 'name') ?? scriptId,
          scriptFile: stripRef(text(node, 'scriptfile') ?? ''),
          params: children(node, 'scriptcustomfields', 'scriptcustomfield').map(fieldDef),
          deployments: [],
          internalId: scriptSeq++,
          sourceFile: file,
        };
        for (const dep of children(node, 'scriptdeployments', 'scriptdeployment')) {
          const params: Record<string, string> = {};
          for (const [key, value] of Object.entries(dep)) {
            if (key.startsWith('custscript')) params[key] = typeof value === 'string' ? value : str(value);
          }
          const deployment: DeploymentDef = {
            id: str(dep['@_scriptid']),
            scriptId,
            status: (text(dep, 'status') ?? 'RELEASED').toUpperCase(),
            isDeployed: bool(text(dep, 'isdeployed'), true),
            logLevel: (text(dep, 'loglevel') ?? 'DEBUG').toUpperCase(),
            params,
            internalId: deploySeq++,
          };
          const recordType = text(dep, 'recordtype');
          if (recordType) deployment.recordType = stripRef(recordType).toLowerCase();
          const limit = Number(text(dep, 'concurrencylimit') ?? '');
          if (Number.isInteger(limit) && limit > 0) deployment.concurrencyLimit = limit;
          const runAsRole = text(dep, 'runasrole');
          if (runAsRole) deployment.runAsRole = stripRef(runAsRole);
          const contexts = text(dep, 'executioncontext');
          if (contexts) deployment.executionContexts = contexts.split('|').map((c) => c.trim().toUpperCase()).filter(Boolean);
          script.deployments.push(deployment);
        }
        index.scripts.set(scriptId, script);
      } else if (rootName === 'entitycustomfield') {
        const def = fieldDef(node);
        const appliesTo: string[] = [];
        for (const [key, value] of Object.entries(node)) {
          const m = /^appliesto(\w+)$/.exec(key);
          if (m && str(value).toUpperCase() === 'T') appliesTo.push(m[1]!);
        }
        index.entityFields.push({ ...def, appliesTo });
      } else if (rootName === 'customrecordtype') {
        index.customRecords.set(scriptId, {
          id: scriptId,
          name: text(node, 'recordname') ?? scriptId,
          fields: children(node, 'customrecordcustomfields', 'customrecordcustomfield').map(fieldDef),
        });
      } else if (rootName === 'customlist') {
        index.customLists.set(scriptId, {
          id: scriptId,
          name: text(node, 'name') ?? scriptId,
          values: children(node, 'customvalues', 'customvalue').map((v) => ({
            scriptId: str(v['@_scriptid'], ''),
            label: text(v, 'value') ?? '',
            isInactive: bool(text(v, 'isinactive'), false),
          })),
        });
      } else if (rootName === 'role') {
        const permissions = new Map<string, string>();
        const list = (node.permissions as XmlNode | undefined)?.permission;
        for (const p of (Array.isArray(list) ? list : list === undefined ? [] : [list]) as XmlNode[]) permissions.set(text(p, 'permkey') ?? '', (text(p, 'permlevel') ?? 'NONE').toUpperCase());
        index.roles.set(scriptId, permissions);
      } else {
        index.ignored.push({ file, type: rootName });
      }
    }
  }
  return index;
}
