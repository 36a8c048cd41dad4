/** Maps request paths onto the REST resources the emulator serves, and names each kind of call for counters. */

export const REQUEST_KINDS = [
  'token',
  'versions',
  'limits',
  'describeGlobal',
  'sobjectInfo',
  'describe',
  'query',
  'queryAll',
  'queryMore',
  'collectionsCreate',
  'collectionsUpdate',
  'collectionsUpsert',
  'collectionsDelete',
  'collectionsRetrieve',
  'composite',
  'singleCreate',
  'singleRead',
  'singleUpdate',
  'singleDelete',
  'singleUpsert',
  'singleReadByExternalId',
  'singleDeleteByExternalId',
  'unknown',
] as const;

export type RequestKind = (typeof REQUEST_KINDS)[number];

export interface Route {
  readonly kind: RequestKind;
  /** "62.0" for /services/data/v62.0/…; absent for the token and versions resources. */
  readonly version?: string;
  readonly type?: string;
  readonly id?: string;
  readonly extField?: string;
  readonly extValue?: string;
  readonly locator?: string;
  readonly offset?: number;
  /** Set when the path exists but not for this method. */
  readonly allowed?: readonly string[];
}

type MethodMap = Partial<Record<string, RequestKind>>;

function byMethod(method: string, map: MethodMap, base: Omit<Route, 'kind'>): Route {
  const kind = map[method];
  if (kind) return { ...base, kind };
  return { ...base, kind: 'unknown', allowed: Object.keys(map) };
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function route(method: string, pathname: string): Route {
  const path = pathname.replace(/\/+$/, '');
  if (path === '/services/oauth2/token') return byMethod(method, { POST: 'token' }, {});
  if (path === '/services/data') return byMethod(method, { GET: 'versions' }, {});

  const versioned = /^\/services\/data\/v(\d+\.\d)(\/.*)?$/.exec(path);
  if (!versioned) return { kind: 'unknown' };
  const version = versioned[1]!;
  const rest = (versioned[2] ?? '').split('/').slice(1).map(decode);
  const [head, a, b, c, ...extra] = rest;
  const base = { version };

  if (extra.length > 0) return { kind: 'unknown', version };
  if (head === 'limits' && a === undefined) return byMethod(method, { GET: 'limits' }, base);
  if (head === 'sobjects') {
    if (a === undefined) return byMethod(method, { GET: 'describeGlobal' }, base);
    if (b === undefined) return byMethod(method, { GET: 'sobjectInfo', POST: 'singleCreate' }, { ...base, type: a });
    if (c === undefined && b === 'describe') return byMethod(method, { GET: 'describe' }, { ...base, type: a });
    if (c === undefined) {
      return byMethod(method, { GET: 'singleRead', PATCH: 'singleUpdate', DELETE: 'singleDelete' }, { ...base, type: a, id: b });
    }
    return byMethod(
      method,
      { GET: 'singleReadByExternalId', PATCH: 'singleUpsert', DELETE: 'singleDeleteByExternalId' },
      { ...base, type: a, extField: b, extValue: c },
    );
  }
  if ((head === 'query' || head === 'queryAll') && b === undefined) {
    if (a === undefined) return byMethod(method, { GET: head }, base);
    const more = /^([a-zA-Z0-9]{15,18})-(\d+)$/.exec(a);
    if (more) return byMethod(method, { GET: 'queryMore' }, { ...base, locator: more[1]!, offset: Number(more[2]) });
    return { kind: 'unknown', version };
  }
  if (head === 'composite' && a === undefined) return byMethod(method, { POST: 'composite' }, base);
  if (head === 'composite' && a === 'sobjects') {
    if (b === undefined) {
      return byMethod(
        method,
        { POST: 'collectionsCreate', PATCH: 'collectionsUpdate', DELETE: 'collectionsDelete' },
        base,
      );
    }
    if (c === undefined) return byMethod(method, { GET: 'collectionsRetrieve', POST: 'collectionsRetrieve' }, { ...base, type: b });
    return byMethod(method, { PATCH: 'collectionsUpsert' }, { ...base, type: b, extField: c });
  }
  return { kind: 'unknown', version };
}

export function isCollectionKind(kind: RequestKind): boolean {
  return kind.startsWith('collections');
}

/** Kinds that write records, whose sizes go into counters().recordsPerRequest. */
export const WRITE_KINDS: ReadonlySet<RequestKind> = new Set<RequestKind>([
  'collectionsCreate',
  'collectionsUpdate',
  'collectionsUpsert',
  'collectionsDelete',
  'singleCreate',
  'singleUpdate',
  'singleDelete',
  'singleUpsert',
  'singleDeleteByExternalId',
]);
