import { DEFAULT_SETTINGS } from '../../src/core/model';
import { intervalMinutes, runGate, type DirectionSettings } from '../../src/core/schedule';

const base: DirectionSettings = { ...DEFAULT_SETTINGS, pushEveryMinutes: 15, pullEveryMinutes: 60 };
const now = new Date('2026-11-22T12:00:00.000Z');
const minutesAgo = (m: number): string => new Date(now.getTime() - m * 60_000).toISOString();

describe('runGate', () => {
  it('holds a paused direction whoever started the run, and leaves the other direction alone', () => {
    expect(runGate('push', { ...base, pausePush: true }, false, null, now)).toMatchObject({ run: false, code: 'PUSH_PAUSED' });
    expect(runGate('push', { ...base, pausePush: true }, true, null, now)).toMatchObject({ run: false, code: 'PUSH_PAUSED' });
    expect(runGate('pull', { ...base, pausePush: true }, true, null, now)).toEqual({ run: true });
    expect(runGate('pull', { ...base, pausePull: true }, false, null, now)).toMatchObject({ run: false, code: 'PULL_PAUSED' });
    expect(runGate('push', { ...base, pausePull: true }, false, null, now)).toEqual({ run: true });
  });

  it('runs a scheduled pull every fourth 15-minute firing when the interval is 60, despite start-time jitter', () => {
    expect(runGate('pull', base, true, null, now)).toEqual({ run: true });
    expect(runGate('pull', base, true, minutesAgo(15), now)).toMatchObject({ run: false, code: 'RUN_NOT_DUE' });
    expect(runGate('pull', base, true, minutesAgo(45), now)).toMatchObject({ run: false, code: 'RUN_NOT_DUE' });
    expect(runGate('pull', base, true, minutesAgo(59.9), now)).toEqual({ run: true });
    expect(runGate('pull', base, true, minutesAgo(60), now)).toEqual({ run: true });
    // A run that started 10 minutes late does not push the next one a whole period later.
    expect(runGate('pull', base, true, minutesAgo(50), now)).toMatchObject({ run: false });
    expect(runGate('pull', base, true, minutesAgo(53), now)).toEqual({ run: true });
  });

  it('never holds back a run someone asked for (save, Sync now, retry, follow-up)', () => {
    expect(runGate('pull', base, false, minutesAgo(1), now)).toEqual({ run: true });
    expect(runGate('push', { ...base, pushEveryMinutes: 1440 }, false, minutesAgo(1), now)).toEqual({ run: true });
  });

  it('runs when the stored time is unreadable rather than stopping the sync', () => {
    expect(runGate('push', base, true, 'not a date', now)).toEqual({ run: true });
  });
});

describe('intervalMinutes', () => {
  it('keeps valid intervals and falls back to 15 for anything else', () => {
    expect(intervalMinutes(60)).toBe(60);
    expect(intervalMinutes(1440)).toBe(1440);
    expect(intervalMinutes(null)).toBe(15);
    expect(intervalMinutes(20)).toBe(15);
    expect(intervalMinutes(0)).toBe(15);
    expect(intervalMinutes(3000)).toBe(15);
  });
});
