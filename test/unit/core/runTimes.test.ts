import assert from 'node:assert/strict';
import { nextRunTimes, zoneName } from '../../../src/core/cron';

describe('core/cron run times', () => {
  // 2026-12-01 10:00:00 UTC is 18:00 in China Standard Time.
  const now = new Date(Date.UTC(2026, 11, 1, 10, 0, 0));

  it('reads a daily 02:00 timer in China Standard Time, whatever zone the reader is in', () => {
    const [first, second] = nextRunTimes('0 0 2 * * * *', now, 2, 480);
    assert.deepEqual(first, { chinaTime: '2026-12-02 02:00:00' });
    assert.deepEqual(second, { chinaTime: '2026-12-03 02:00:00' });
  });

  it('adds the reader’s own time when their zone is not UTC+8', () => {
    const [inBerlin] = nextRunTimes('0 0 2 * * * *', now, 1, 60);
    assert.deepEqual(inBerlin, { chinaTime: '2026-12-02 02:00:00', localTime: '2026-12-01 19:00:00' });
    const [inNewYork] = nextRunTimes('0 0 2 * * * *', now, 1, -300);
    assert.equal(inNewYork?.localTime, '2026-12-01 13:00:00');
  });

  it('names zones by their offset', () => {
    assert.equal(zoneName(480), 'UTC+8');
    assert.equal(zoneName(0), 'UTC');
    assert.equal(zoneName(-210), 'UTC-3:30');
    assert.equal(zoneName(345), 'UTC+5:45');
  });
});
