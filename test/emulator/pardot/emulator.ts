/**
 * PardotEmulator: the request pipeline (faults → host/business unit → token → concurrency → daily allocation →
 * route) plus the test/ops API. See README.md for which behaviours are documented and which are assumptions.
 */
import { EmulatedTimeout, FaultInjector, header, type EmulatedHttpRequest, type EmulatedHttpResponse, type EmulatedService, type FaultRule } from '../http';
import { CallCounter, classify, type PardotCounters } from './counters';
import { jsonResponse, PardotApiError, PardotCode, pardotMessage, xmlErrorResponse } from './errors';
import { ProspectSchema } from './fields';
import { routeAccount, routeCampaigns, routeUsers } from './object-routes';
import { resolveOptions, type PardotEmulatorOptions, type ResolvedOptions } from './options';
import { fullView, type ProjectionContext, type ProspectView } from './projection';
import { routeProspects } from './prospect-routes';
import { isV4Path, routeV4Batch, v4ErrorResponse } from './batch-routes';
import { ProspectService } from './service';
import { Directory, ProspectStore } from './store';
import { Clock, dayIndex, type TimeFormat } from './time';
import { API_PREFIX, type ParsedRequest } from './wire';

export class PardotEmulator implements EmulatedService {
  private readonly options: ResolvedOptions;
  private readonly clock: Clock;
  private readonly time: TimeFormat;
  private readonly schema: ProspectSchema;
  private readonly store: ProspectStore;
  private readonly directory = new Directory();
  private readonly service: ProspectService;
  private readonly projection: ProjectionContext;
  private readonly calls = new CallCounter();
  private readonly faults = new FaultInjector();

  private usageDay: number;
  private usedToday = 0;
  private simulatedInFlight: number | undefined;
  private timeoutsAfterProcessing = 0;

  constructor(options: PardotEmulatorOptions) {
    this.options = resolveOptions(options);
    this.clock = new Clock(this.options.now);
    this.time = { precision: this.options.timestampPrecision, offsetMinutes: this.options.timeZoneOffsetMinutes };
    this.schema = new ProspectSchema(this.options);
    this.store = new ProspectStore(this.options.readLagMs);
    this.service = new ProspectService({
      options: this.options,
      schema: this.schema,
      store: this.store,
      directory: this.directory,
      clock: this.clock,
    });
    this.projection = { directory: this.directory, time: this.time };
    this.usageDay = dayIndex(this.clock.nowMs(), this.time.offsetMinutes);
    if (this.options.seedDefaults) {
      this.seedCampaign({ id: 1, name: 'Website' });
      this.seedCampaign({ id: 2, name: 'NetSuite Sync' });
      this.seedUser({ id: 1, email: 'marketing.admin@example.com', firstName: 'Marketing', lastName: 'Admin' });
    }
  }

  // ---------------------------------------------------------------- wire

  handle(request: EmulatedHttpRequest): EmulatedHttpResponse {
    const parsed = parseRequest(request);
    const entry = this.calls.record({
      method: request.method,
      path: parsed?.url.pathname ?? request.url,
      query: parsed?.url.search.replace(/^\?/, '') ?? '',
      kind: parsed ? classify(request.method, isV4Path(parsed.url.pathname) ? ['v4-batch'] : parsed.segments) : 'other',
      status: 0,
    });

    const fault = this.faults.check(request);
    if (fault === 'timeout') {
      entry.status = 'timeout';
      throw new EmulatedTimeout();
    }
    if (fault !== undefined) {
      entry.status = fault.code;
      return fault;
    }

    let response: EmulatedHttpResponse;
    const reached = { account: false };
    try {
      response = this.process(request, parsed, reached);
    } catch (error) {
      if (!(error instanceof PardotApiError)) throw error;
      // v4 calls with format=json get v4's envelope; a business-unit failure stays XML as for v5 (§2.5).
      response = parsed !== undefined && isV4Path(parsed.url.pathname) && error.format === 'json' ? v4ErrorResponse(error.status, error.code, error.message, error.headers) : error.toResponse();
    }
    if (reached.account && header(request.headers, 'X-Return-Api-Usage')?.trim() === '1') {
      // Opt-in usage report: calls counted today (this one included when it passed the limits) over the daily maximum.
      response = { ...response, headers: { ...response.headers, 'x-api-usage': `${this.apiCallsUsedToday()}/${this.options.dailyLimit}` } };
    }
    entry.status = response.code;
    if (this.timeoutsAfterProcessing > 0) {
      // The server did the work but the caller never hears back: the case that makes retries create duplicates.
      this.timeoutsAfterProcessing -= 1;
      entry.status = 'timeout';
      throw new EmulatedTimeout();
    }
    return response;
  }

  /** `reached.account` is set once the caller is known (token and business unit good): from then on x-api-usage may be reported. */
  private process(request: EmulatedHttpRequest, parsed: ParsedRequest | undefined, reached: { account: boolean }): EmulatedHttpResponse {
    const bu = this.options.businessUnitErrors;
    const businessUnitError = (status: number, code: typeof PardotCode.MISSING_HEADER | typeof PardotCode.INVALID_BUSINESS_UNIT, detail?: string): PardotApiError =>
      new PardotApiError(status, code, detail, { format: bu.format });

    if (!parsed) throw new PardotApiError(404, PardotCode.INVALID_ACTION, request.url);
    // Wrong host (pi vs pi.demo) is reported like an unknown business unit [S70 code 201].
    if (parsed.url.hostname !== this.options.host) throw businessUnitError(bu.invalidStatus, PardotCode.INVALID_BUSINESS_UNIT);
    const businessUnit = header(request.headers, 'Pardot-Business-Unit-Id');
    if (businessUnit === undefined || businessUnit.trim() === '') {
      throw businessUnitError(bu.missingStatus, PardotCode.MISSING_HEADER, 'Pardot-Business-Unit-Id');
    }
    this.authenticate(request);
    if (businessUnit.trim() !== this.options.businessUnitId) throw businessUnitError(bu.invalidStatus, PardotCode.INVALID_BUSINESS_UNIT);
    reached.account = true;

    const inFlight = this.simulatedInFlight ?? 0;
    this.simulatedInFlight = undefined;
    if (inFlight >= this.options.concurrentLimit) throw new PardotApiError(this.options.limitErrorStatus, PardotCode.CONCURRENT_LIMIT);

    this.rollUsageDay();
    if (this.usedToday >= this.options.dailyLimit) throw new PardotApiError(this.options.limitErrorStatus, PardotCode.DAILY_LIMIT);
    this.usedToday += 1;

    if (isV4Path(parsed.url.pathname)) {
      if (request.method !== 'POST') throw new PardotApiError(405, PardotCode.INVALID_HTTP_METHOD, request.method);
      return routeV4Batch(parsed.url.pathname, request.body, parsed.url.searchParams, { options: this.options, schema: this.schema, store: this.store, service: this.service, clock: this.clock, projection: this.projection });
    }
    if (!parsed.url.pathname.startsWith(API_PREFIX)) throw new PardotApiError(404, PardotCode.INVALID_ACTION, parsed.url.pathname);
    switch (parsed.segments[0]) {
      case 'prospects':
        return routeProspects(parsed, {
          options: this.options,
          schema: this.schema,
          store: this.store,
          service: this.service,
          clock: this.clock,
          projection: this.projection,
        });
      case 'account':
        return routeAccount(parsed, { maximumDailyApiCalls: this.options.dailyLimit, apiCallsUsed: this.usedToday });
      case 'campaigns':
        return routeCampaigns(parsed, this.directory, this.time);
      case 'users':
        return routeUsers(parsed, this.directory);
      default:
        throw new PardotApiError(404, PardotCode.INVALID_ACTION, parsed.url.pathname);
    }
  }

  private authenticate(request: EmulatedHttpRequest): void {
    const authorization = header(request.headers, 'Authorization') ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) throw new PardotApiError(401, PardotCode.INVALID_TOKEN);
    if (!this.options.validateToken(match[1]!)) throw new PardotApiError(401, PardotCode.INVALID_TOKEN, 'Inactive token');
  }

  private rollUsageDay(): void {
    const today = dayIndex(this.clock.nowMs(), this.time.offsetMinutes);
    if (today !== this.usageDay) {
      this.usageDay = today;
      this.usedToday = 0;
    }
  }

  // ---------------------------------------------------------------- test / ops API: data

  /** Creates a prospect directly (no API call counted). Read-only fields such as grade may be set. Returns its id. */
  seedProspect(fields: Readonly<Record<string, unknown>>): number {
    const values = this.service.coerceOps(fields);
    if (typeof values['email'] !== 'string') throw new Error('seedProspect needs an email');
    return this.service.create(values).id;
  }

  /** Primary (non-lagged) state including deleted prospects; undefined when the id never existed. */
  getProspect(id: number): ProspectView | undefined {
    const state = this.store.primary(id);
    return state ? fullView(state, this.schema, this.projection) : undefined;
  }

  /** Every prospect, deleted ones included, in id order. */
  allProspects(): ProspectView[] {
    return this.store
      .primaryAll()
      .sort((a, b) => a.id - b.id)
      .map((s) => fullView(s, this.schema, this.projection));
  }

  /** Prospects whose email equals `email` exactly (case-sensitive, deleted included), in id order. */
  findByEmail(email: string): ProspectView[] {
    return this.allProspects().filter((p) => p.email === email);
  }

  /**
   * Simulates a change made inside Pardot (scoring, grading, campaign, comments, assignment, opt-out, CRM ids).
   * Always bumps updatedAt so a watermark-based sync notices it.
   */
  updateAsMarketer(id: number, fields: Readonly<Record<string, unknown>>): ProspectView {
    const state = this.store.primary(id);
    if (!state) throw new Error(`prospect ${id} does not exist`);
    const updated = this.service.update(state, this.service.coerceOps(fields), { force: true });
    return fullView(updated, this.schema, this.projection);
  }

  /** Moves a prospect to the recycle bin from the Pardot side. */
  deleteAsMarketer(id: number): void {
    const state = this.store.primary(id);
    if (!state) throw new Error(`prospect ${id} does not exist`);
    if (!state.isDeleted) this.service.softDelete(state);
  }

  seedCampaign(input: { id?: number; name: string; isDeleted?: boolean }): number {
    // Campaigns take wall time, not a write stamp, so seeding them never shifts prospect timestamps.
    return this.directory.addCampaign(input, this.clock.nowMs());
  }

  seedUser(input: { id?: number; email: string; firstName?: string; lastName?: string }): number {
    return this.directory.addUser(input);
  }

  // ---------------------------------------------------------------- test / ops API: accounting and clock

  counters(): PardotCounters {
    return this.calls.snapshot();
  }

  resetCounters(): void {
    this.calls.reset();
  }

  /** Calls counted against today's allocation (what `apiCallsUsed` reports). */
  apiCallsUsedToday(): number {
    this.rollUsageDay();
    return this.usedToday;
  }

  /** Pretends `n` more calls were made today, e.g. to approach the daily limit without making them. */
  consumeDailyCalls(n: number): void {
    this.rollUsageDay();
    this.usedToday += n;
  }

  /** Advances emulator time (on top of the `now` option). */
  advanceTime(ms: number): void {
    this.clock.advance(ms);
  }

  // ---------------------------------------------------------------- test / ops API: faults

  injectFault(rule: FaultRule): void {
    this.faults.add(rule);
  }

  clearFaults(): void {
    this.faults.clear();
    this.simulatedInFlight = undefined;
    this.timeoutsAfterProcessing = 0;
  }

  /** The next call that passes authentication sees `n` requests already in flight (≥ concurrentLimit → code 66). */
  simulateConcurrent(n: number): void {
    this.simulatedInFlight = n;
  }

  concurrencyLimitNext(): void {
    this.faults.add({ respond: this.limitError(PardotCode.CONCURRENT_LIMIT) });
  }

  dailyLimitNext(): void {
    this.faults.add({ respond: this.limitError(PardotCode.DAILY_LIMIT) });
  }

  invalidTokenNext(): void {
    this.faults.add({ respond: jsonResponse(401, { code: PardotCode.INVALID_TOKEN, message: pardotMessage(PardotCode.INVALID_TOKEN, 'Inactive token') }) });
  }

  /**
   * The next call throws EmulatedTimeout. With `afterProcessing` the request is applied first and only the response
   * is lost, so a retry of a create makes a duplicate.
   */
  timeoutNext(options: { afterProcessing?: boolean } = {}): void {
    if (options.afterProcessing === true) this.timeoutsAfterProcessing += 1;
    else this.faults.add({ respond: 'timeout' });
  }

  /** The next call fails like a bad business unit: text/xml, the configured invalid status, code 201. */
  xmlAuthFailureNext(): void {
    const bu = this.options.businessUnitErrors;
    this.faults.add({ respond: xmlErrorResponse(bu.invalidStatus, PardotCode.INVALID_BUSINESS_UNIT, pardotMessage(PardotCode.INVALID_BUSINESS_UNIT)) });
  }

  private limitError(code: typeof PardotCode.CONCURRENT_LIMIT | typeof PardotCode.DAILY_LIMIT): EmulatedHttpResponse {
    return jsonResponse(this.options.limitErrorStatus, { code, message: pardotMessage(code) });
  }
}

function parseRequest(request: EmulatedHttpRequest): ParsedRequest | undefined {
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return undefined;
  }
  const segments = url.pathname.startsWith(API_PREFIX) ? url.pathname.slice(API_PREFIX.length).split('/').filter((s) => s !== '') : [];
  return { method: request.method, url, segments, body: request.body };
}

