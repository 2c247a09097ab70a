import assert from 'node:assert/strict';
import { CronSyntaxError, describeCron, nextFireTimes, parseCron, validateCron } from '../../../src/core/cron';

const iso = (dates: Date[]) => dates.map((d) => d.toISOString());

describe('core/cron', () => {
  describe('parse and validate', () => {
    it('accepts the seed example and every documented form', () => {
      for (const expr of ['0 0 2 1 * * *', '*/5 * * * * * *', '0 0-30/10 8-18 1,15 JAN-MAR mon-fri 2026', '0 0 0 * * SUN 2025-2030', '0 0 12 * DEC SAT *']) {
        assert.equal(validateCron(expr), undefined, expr);
      }
      const { fields } = parseCron('0 0-30/10 8-18 1,15 JAN-MAR MON-FRI 2026');
      assert.deepEqual(fields.minute.values, [0, 10, 20, 30]);
      assert.deepEqual(fields.month.values, [1, 2, 3]);
      assert.deepEqual(fields.weekday.values, [1, 2, 3, 4, 5]);
      assert.deepEqual(fields.day.values, [1, 15]);
      assert.equal(parseCron('* * * * * * *').fields.day.any, true);
      assert.equal(parseCron('*/2 * * * * * *').fields.second.any, false);
    });

    it('explains what is wrong, in English and Chinese', () => {
      assert.equal(validateCron('0 0 2 1 * *'), 'Expected 7 fields (second minute hour day month weekday year), found 6.');
      assert.equal(validateCron('0 0 2 1 * *', 'zh-cn'), '需要 7 个字段（秒 分 时 日 月 星期 年），实际为 6 个。');
      assert.equal(validateCron('0 0 24 * * * *'), 'The hour field: 24 is outside 0-23.');
      assert.equal(validateCron('0 0 0 * * 7 *'), 'The weekday field: 7 is outside 0-6.');
      assert.equal(validateCron('0 0 0 0 * * *'), 'The day field: 0 is outside 1-31.');
      assert.equal(validateCron('0 x 0 * * * *'), 'The minute field: "x" is not a number, list, range or step.');
      assert.equal(validateCron('0 0 0 * * FRI-MON *'), 'The weekday field: the range 5-1 runs backwards.');
      assert.equal(validateCron('*/0 * * * * * *'), 'The second field: the step in "*/0" must be a whole number of at least 1.');
      assert.equal(validateCron('0 0 0 * * * 1969', 'zh-cn'), '年字段：1969 超出 1970-2099 的范围。');
      for (const bad of ['', '0 0 0 * * * * *', '0 0 0 * * ? *', '5/10 * * * * * *', '0 0 0 1, * * *', '0 0 0 1--2 * * *']) {
        assert.ok(validateCron(bad), `should reject "${bad}"`);
      }
      assert.throws(() => parseCron('bad'), CronSyntaxError);
      assert.throws(() => describeCron('bad'), CronSyntaxError);
    });
  });

  describe('describeCron', () => {
    const cases: Array<[string, string, string]> = [
      ['0 0 2 1 * * *', 'At 02:00:00, on day 1 of the month', '每月1日 02:00:00'],
      ['30 15 10 * * * *', 'At 10:15:30, every day', '每天 10:15:30'],
      ['0 */5 * * * * *', 'Every 5 minutes', '每5分钟'],
      ['*/10 * * * * * *', 'Every 10 seconds', '每10秒'],
      ['* * * * * * *', 'Every second', '每秒'],
      ['0 0 * * * * *', 'At minute 0, every hour', '每小时 第0分'],
      ['0 0 */2 * * * *', 'At minute 0, every 2 hours', '每2小时 第0分'],
      ['0 30 9-17 * * 1-5 *', 'At minute 30, at hours 9 through 17, on Monday through Friday', '每周一至周五 9至17点 第30分'],
      ['0 0 8 * * MON,WED,FRI *', 'At 08:00:00, on Monday, Wednesday and Friday', '每周一、三、五 08:00:00'],
      ['0 0 9 1,15 * 1 *', 'At 09:00:00, on days 1 and 15 of the month or on Monday', '每月1、15日或每周一 09:00:00'],
      ['0 0 0 1 JAN * 2030', 'At 00:00:00, on day 1 of the month, in January, in 2030', '2030年 1月 1日 00:00:00'],
    ];
    for (const [expr, en, zh] of cases) {
      it(`"${expr}"`, () => {
        assert.equal(describeCron(expr, 'en'), en);
        assert.equal(describeCron(expr, 'zh-cn'), zh);
      });
    }
    it('defaults to English', () => assert.equal(describeCron('0 0 2 1 * * *'), 'At 02:00:00, on day 1 of the month'));
  });

  describe('nextFireTimes', () => {
    it('evaluates in UTC+8 by default, strictly after `from`', () => {
      // 02:00 on the 1st in China is 18:00 UTC on the last day of the month before.
      assert.deepEqual(iso(nextFireTimes('0 0 2 1 * * *', new Date('2026-11-24T00:00:00Z'), 3)), [
        '2026-11-30T18:00:00.000Z',
        '2026-12-31T18:00:00.000Z',
        '2027-01-31T18:00:00.000Z',
      ]);
      assert.deepEqual(iso(nextFireTimes('0 0 2 1 * * *', new Date('2026-11-30T18:00:00Z'), 1)), ['2026-12-31T18:00:00.000Z']);
    });

    it('takes another UTC offset', () => {
      assert.deepEqual(iso(nextFireTimes('0 0 2 1 * * *', new Date('2026-11-24T00:00:00Z'), 1, { utcOffsetMinutes: 0 })), ['2026-12-01T02:00:00.000Z']);
    });

    it('steps through seconds, minutes and weekdays', () => {
      const from = new Date('2026-01-01T00:00:00Z');
      assert.deepEqual(iso(nextFireTimes('*/20 * * * * * *', from, 3, { utcOffsetMinutes: 0 })), ['2026-01-01T00:00:20.000Z', '2026-01-01T00:00:40.000Z', '2026-01-01T00:01:00.000Z']);
      // 2026-01-01 is a Thursday; the next Monday and Friday at 09:30.
      assert.deepEqual(iso(nextFireTimes('0 30 9 * * MON,FRI *', from, 3, { utcOffsetMinutes: 0 })), ['2026-01-02T09:30:00.000Z', '2026-01-05T09:30:00.000Z', '2026-01-09T09:30:00.000Z']);
    });

    it('matches day or weekday when both are restricted', () => {
      const times = nextFireTimes('0 0 0 13 * 5 *', new Date('2026-02-01T00:00:00Z'), 4, { utcOffsetMinutes: 0 });
      assert.deepEqual(iso(times), ['2026-02-06T00:00:00.000Z', '2026-02-13T00:00:00.000Z', '2026-02-20T00:00:00.000Z', '2026-02-27T00:00:00.000Z']);
    });

    it('skips months without the day, and stops when the years run out', () => {
      assert.deepEqual(iso(nextFireTimes('0 0 0 31 * * *', new Date('2026-01-31T12:00:00Z'), 2, { utcOffsetMinutes: 0 })), ['2026-03-31T00:00:00.000Z', '2026-05-31T00:00:00.000Z']);
      assert.deepEqual(nextFireTimes('0 0 0 30 2 * *', new Date('2026-01-01T00:00:00Z'), 2), []);
      assert.deepEqual(iso(nextFireTimes('0 0 0 1 1 * 2027', new Date('2026-06-01T00:00:00Z'), 5, { utcOffsetMinutes: 0 })), ['2027-01-01T00:00:00.000Z']);
    });
  });
});
