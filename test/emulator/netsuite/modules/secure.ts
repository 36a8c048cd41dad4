/**
 * N/https, N/crypto and N/crypto/certificate. Secrets and private keys stay on the host side: SecureString and
 * SecretKey objects carry no readable value, and the http log is redacted.
 */
import { str } from '../text';
import { createHash, createHmac, createSign, createVerify, randomBytes, randomInt, randomUUID } from 'node:crypto';
import { EmulatedTimeout, type EmulatedHttpRequest } from '../../http';
import { ERR, nsError } from '../errors';
import type { Execution } from '../execution';
import { COSTS } from '../governance';
import { fromBuffer, toBuffer } from './basic';
import type { HttpLogEntry, ServiceGateway } from '../ports';
import type * as httpsApi from 'N/https';
import type * as cryptoApi from 'N/crypto';
import type * as certificateApi from 'N/crypto/certificate';
import type { ModuleSurface } from './surface';

type Opts = Record<string, unknown>;

interface SecureValue {
  value: string;
  /** What the script wrote (placeholders unresolved): safe to log. */
  template: string;
}

/** Host-side store of secure values, keyed by the raw object and by the proxy the script holds. */
const secureValues = new WeakMap<object, SecureValue>();

const SECRET_PATTERN = /\{(custsecret[\w]*)\}/gi;

export function resolveSecrets(gateway: ServiceGateway, text: string): string {
  return text.replace(SECRET_PATTERN, (_, id: string) => {
    const value = gateway.secret(id.toLowerCase());
    if (value === undefined) throw nsError('INVALID_SECRET_KEY', `The API secret ${id} does not exist or this script may not use it.`);
    return value;
  });
}

export function redact(gateway: ServiceGateway, text: string): string {
  let out = text;
  for (const [id, value] of gateway.secrets()) if (value) out = out.split(value).join(`{${id}}`);
  return out;
}

export class SecureStringImpl {
  appendString(options: unknown): this {
    const input = str((options as Opts | undefined)?.input, '');
    const sv = secureValues.get(this)!;
    sv.value += input;
    sv.template += input;
    return this;
  }
  appendSecureString(options: unknown): this {
    const other = secureValues.get((options as Opts | undefined)?.secureString as object);
    if (!other) throw ERR.missingArg('SecureString.appendSecureString', 'options.secureString');
    const sv = secureValues.get(this)!;
    sv.value += other.value;
    sv.template += other.template;
    return this;
  }
  convertEncoding(options: unknown): this {
    const o = (options ?? {}) as Opts;
    const sv = secureValues.get(this)!;
    sv.value = fromBuffer(toBuffer(sv.value, str(o.fromEncoding, 'UTF_8')), str(o.toEncoding, 'UTF_8'));
    sv.template = `convert(${sv.template})`;
    return this;
  }
  hash(options: unknown): this {
    const sv = secureValues.get(this)!;
    sv.value = createHash(nodeHash(str((options as Opts | undefined)?.algorithm, 'SHA256'))).update(sv.value).digest('hex');
    sv.template = `hash(${sv.template})`;
    return this;
  }
  hmac(options: unknown): this {
    const o = (options ?? {}) as Opts;
    const key = secureValues.get(o.key as object);
    if (!key) throw ERR.missingArg('SecureString.hmac', 'options.key');
    const sv = secureValues.get(this)!;
    sv.value = createHmac(nodeHash(str(o.algorithm, 'SHA256')), key.value).update(sv.value).digest('hex');
    sv.template = `hmac(${sv.template})`;
    return this;
  }
  toString(): string {
    return '[object SecureString]';
  }
  toJSON(): Record<string, never> {
    return {};
  }
}

export class SecretKeyImpl {
  toJSON(): Record<string, never> {
    return {};
  }
}

function registerSecure<T extends object>(x: Execution, raw: T, value: SecureValue): T {
  secureValues.set(raw, value);
  const proxy = x.expose(raw);
  secureValues.set(proxy, value);
  return proxy;
}

function nodeHash(algorithm: string): string {
  const a = algorithm.toUpperCase().replace('-', '');
  const map: Record<string, string> = { SHA1: 'sha1', SHA256: 'sha256', SHA384: 'sha384', SHA512: 'sha512', MD5: 'md5' };
  const out = map[a];
  if (!out) throw nsError('SSS_INVALID_ALGORITHM', `Unsupported hash algorithm: ${algorithm}`);
  return out;
}

/** Secure text of a request part: SecureString → its value; plain strings get `{custsecret_…}` resolved. */
function secureText(gateway: ServiceGateway, value: unknown): SecureValue {
  if (value !== null && typeof value === 'object') {
    const sv = secureValues.get(value);
    if (sv) return { ...sv };
  }
  const text = typeof value === 'string' ? value : str(value);
  return { value: resolveSecrets(gateway, text), template: text };
}

/** Request headers NetSuite drops silently. */
const BLOCKED_HEADERS = new Set(['connection', 'content-length', 'host', 'jsessionid', 'trailer', 'transfer-encoding', 'upgrade', 'via']);

export const HttpMethod = { GET: 'GET', POST: 'POST', PUT: 'PUT', DELETE: 'DELETE', HEAD: 'HEAD', PATCH: 'PATCH' } as const;

export function createHttpsModule(x: Execution): object {
  const gateway = x.env.gateway;
  const request = (method: string, options: unknown): unknown => {
    const o = (options ?? {}) as Opts;
    if (o.url === undefined || o.url === null || o.url === '') throw ERR.missingArg(`https.${method.toLowerCase()}`, 'options.url');
    const m = str(o.method ?? method).toUpperCase();
    if (!(m in HttpMethod)) throw nsError('SSS_INVALID_HTTP_METHOD', `Invalid HTTP method: ${m}`);
    return x.gov('https.request', COSTS['https.request'], () => {
      const url = secureText(gateway, o.url);
      let parsed: URL;
      try {
        parsed = new URL(url.value);
      } catch {
        throw nsError('SSS_INVALID_URL', `The URL must be a fully qualified HTTPS URL: ${url.template}`);
      }
      if (parsed.protocol !== 'https:') throw nsError('SSS_INVALID_URL', `The URL must be a fully qualified HTTPS URL: ${url.template}`);
      const headers: Record<string, string> = {};
      const loggedHeaders: Record<string, string> = {};
      for (const [name, value] of Object.entries((o.headers ?? {}) as Opts)) {
        if (BLOCKED_HEADERS.has(name.toLowerCase()) || value === undefined || value === null) continue;
        const sv = secureText(gateway, value);
        headers[name] = sv.value;
        loggedHeaders[name] = redact(gateway, sv.template);
      }
      let body = { value: '', template: '' };
      if (o.body !== undefined && o.body !== null) {
        if (typeof o.body === 'object' && !secureValues.has(o.body)) {
          // NetSuite form-encodes object bodies.
          const form = new URLSearchParams();
          for (const [k, v] of Object.entries(o.body as Opts)) form.append(k, resolveSecrets(gateway, str(v)));
          body = { value: form.toString(), template: redact(gateway, form.toString()) };
          if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/x-www-form-urlencoded';
        } else if (typeof o.body === 'object') {
          // https.request documents options.body as string or Object; a SecureString is documented only as
          // options.credentials and in headers ("Create an Authentication Header Using a Secure String", Oracle Help
          // Center). NetSuite's behaviour with one as the body is not documented, so the emulator refuses it.
          throw nsError('SSS_INVALID_TYPE_ARG', 'https.request: options.body must be a string or an Object; a SecureString goes in options.headers.');
        } else body = secureText(gateway, o.body);
      }
      const entry = {
        method: m, url: redact(gateway, url.template), headers: loggedHeaders, body: redact(gateway, body.template),
        scriptId: x.script.id, deploymentId: x.deployment.id, at: x.env.info.clock.now(),
      } as HttpLogEntry;
      x.env.outbox.httpLog.push(entry);
      const service = gateway.service(parsed.host) ?? gateway.service(parsed.hostname);
      if (!service) {
        entry.error = 'SSS_UNKNOWN_HOST';
        throw nsError('SSS_UNKNOWN_HOST', `The host you requested ${parsed.hostname} is unknown or cannot be found.`);
      }
      const req: EmulatedHttpRequest = { method: m as EmulatedHttpRequest['method'], url: url.value, headers, body: body.value };
      let res;
      try {
        res = service.handle(req);
      } catch (error) {
        if (error instanceof EmulatedTimeout) {
          entry.error = 'SSS_REQUEST_TIME_EXCEEDED';
          throw nsError('SSS_REQUEST_TIME_EXCEEDED', 'The host you are trying to connect to has exceeded the maximum allowed response time.');
        }
        throw error;
      }
      entry.response = { code: res.code, headers: { ...res.headers }, body: redact(gateway, res.body) };
      return x.expose({ code: res.code, headers: { ...res.headers }, body: res.body, type: 'http.ClientResponse' });
    });
  };
  return {
    Method: HttpMethod,
    CacheDuration: { LONG: 'LONG', MEDIUM: 'MEDIUM', SHORT: 'SHORT', UNIQUE: 'UNIQUE' },
    Encoding: { UTF_8: 'UTF_8', BASE_64: 'BASE_64', BASE_64_URL_SAFE: 'BASE_64_URL_SAFE', HEX: 'HEX' },
    request: (options: unknown) => request(str((options as Opts | undefined)?.method, 'GET'), options),
    get: (options: unknown) => request('GET', options),
    post: (options: unknown) => request('POST', options),
    put: (options: unknown) => request('PUT', options),
    delete: (options: unknown) => request('DELETE', options),
    createSecureString(options: unknown) {
      const input = (options as Opts | undefined)?.input;
      if (typeof input !== 'string') throw ERR.missingArg('https.createSecureString', 'options.input');
      return registerSecure(x, new SecureStringImpl(), { value: resolveSecrets(gateway, input), template: input });
    },
    createSecretKey(options: unknown) {
      return createSecretKey(x, options);
    },
  } satisfies ModuleSurface<typeof httpsApi>;
}

function createSecretKey(x: Execution, options: unknown): unknown {
  const o = (options ?? {}) as Opts;
  const id = str(o.secret ?? o.guid ?? '').replace(/^\{|\}$/g, '');
  if (!id) throw ERR.missingArg('createSecretKey', 'options.secret');
  const value = x.env.gateway.secret(id.toLowerCase());
  if (value === undefined) throw nsError('INVALID_SECRET_KEY', `The API secret ${id} does not exist or this script may not use it.`);
  return registerSecure(x, new SecretKeyImpl(), { value, template: `{${id}}` });
}

/** crypto.HashAlg as Oracle's stub declares it (SHA384 is certificate.HashAlg's, not crypto's). */
export const HashAlg = { SHA1: 'SHA1', SHA256: 'SHA256', SHA512: 'SHA512', MD5: 'MD5' } as const;

export function createCryptoModule(x: Execution): object {
  return {
    HashAlg,
    EncryptionAlg: { AES: 'AES' },
    Padding: { NoPadding: 'NoPadding', PKCS5Padding: 'PKCS5Padding' },
    createHash(options: unknown) {
      const algorithm = nodeHash(str((options as Opts | undefined)?.algorithm, 'SHA256'));
      const hash = createHash(algorithm);
      return x.expose({
        update(o: Opts) {
          hash.update(toBuffer(str(o.input, ''), str(o.inputEncoding, 'UTF_8')));
        },
        digest(o?: Opts) {
          return fromBuffer(hash.digest(), str(o?.outputEncoding, 'HEX'));
        },
      });
    },
    createHmac(options: unknown) {
      const o = (options ?? {}) as Opts;
      const key = secureValues.get(o.key as object);
      if (!key) throw ERR.missingArg('crypto.createHmac', 'options.key');
      const hmac = createHmac(nodeHash(str(o.algorithm, 'SHA256')), key.value);
      return x.expose({
        update(u: Opts) {
          hmac.update(toBuffer(str(u.input, ''), str(u.inputEncoding, 'UTF_8')));
        },
        digest(d?: Opts) {
          return fromBuffer(hmac.digest(), str(d?.outputEncoding, 'HEX'));
        },
      });
    },
    createSecretKey(options: unknown) {
      return createSecretKey(x, options);
    },
  } satisfies ModuleSurface<typeof cryptoApi>;
}

/**
 * certificate.HashAlg. The typings declare only SHA256 and SHA512; the emulator also takes SHA1 and SHA384 (a named
 * constant, so the surface check sees its keys without refusing the two the typings lack).
 */
const CERTIFICATE_HASH_ALG = { SHA1: 'SHA1', SHA256: 'SHA256', SHA384: 'SHA384', SHA512: 'SHA512' } as const;

/** N/crypto/random (SuiteScript 2.1): cryptographically strong values from node:crypto; no governance. */
export function createRandomModule(): object {
  return {
    generateUUID: () => randomUUID(),
    generateBytes(options: unknown) {
      const size = Number((options as Opts | undefined)?.size);
      if (!Number.isInteger(size) || size < 1) throw ERR.missingArg('random.generateBytes', 'options.size');
      return Uint8Array.from(randomBytes(size));
    },
    generateInt(options: unknown) {
      const o = (options ?? {}) as Opts;
      return randomInt(Number(o.min ?? 0), Number(o.max));
    },
  };
}

export function createCertificateModule(x: Execution): object {
  const cert = (options: unknown, method: string) => {
    const o = (options ?? {}) as Opts;
    if (typeof o.certId !== 'string') throw ERR.missingArg(method, 'options.certId');
    const c = x.env.gateway.certificate(o.certId);
    if (!c) throw nsError('INVALID_CERTIFICATE_ID', `The certificate ${o.certId} does not exist or this script may not use it.`);
    return { c, algorithm: `RSA-${nodeHash(str(o.algorithm, 'SHA256')).toUpperCase()}`, raw: o.useRawFormatForECDSA === true };
  };
  return {
    HashAlg: CERTIFICATE_HASH_ALG,
    createSigner(options: unknown) {
      const { c, algorithm, raw } = cert(options, 'certificate.createSigner');
      return x.gov('certificate.createSigner', COSTS['certificate.createSigner'], () => {
        const signer = createSign(algorithm);
        return x.expose({
          update(o: Opts) {
            signer.update(toBuffer(str(o.input, ''), str(o.inputEncoding, 'UTF_8')));
          },
          sign(o?: Opts) {
            const sig = signer.sign(raw ? { key: c.privateKeyPem, dsaEncoding: 'ieee-p1363' } : c.privateKeyPem);
            return fromBuffer(sig, str(o?.outputEncoding, 'HEX'));
          },
        });
      });
    },
    createVerifier(options: unknown) {
      const { c, algorithm } = cert(options, 'certificate.createVerifier');
      return x.gov('certificate.createVerifier', COSTS['certificate.createVerifier'], () => {
        const verifier = createVerify(algorithm);
        return x.expose({
          update(o: Opts) {
            verifier.update(toBuffer(str(o.input, ''), str(o.inputEncoding, 'UTF_8')));
          },
          verify(o: Opts) {
            const ok = verifier.verify(c.certificatePem ?? c.privateKeyPem, toBuffer(str(o.signature, ''), str(o.inputEncoding, 'HEX')));
            if (!ok) throw nsError('SSS_SIGNATURE_VERIFICATION_FAILED', 'Signature verification failed.');
          },
        });
      });
    },
  } satisfies ModuleSurface<typeof certificateApi>;
}
