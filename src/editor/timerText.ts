import * as vscode from 'vscode';
import { describeCron, nextRunTimes, zoneName, TIMER_ZONE_OFFSET_MINUTES } from '../core/cron';

export interface TimerText {
  /** The cron read aloud, with the zone it runs in. */
  runs: string;
  /** The next five runs: China Standard Time, and the reader's time beside it when it differs. */
  nextRuns: string[];
}

/**
 * How a timer trigger reads in the tree's tooltip and in the triggers document: one home for
 * the wording, the zone and the next runs. A cron string that cannot be read says why.
 */
export function timerText(cron: string, now = new Date(), localOffsetMinutes = -now.getTimezoneOffset()): TimerText {
  const locale = vscode.env.language.toLowerCase().startsWith('zh') ? 'zh-cn' : 'en';
  try {
    const china = zoneName(TIMER_ZONE_OFFSET_MINUTES);
    const local = zoneName(localOffsetMinutes);
    return {
      runs: vscode.l10n.t('{0} (China Standard Time, {1})', describeCron(cron, locale), china),
      nextRuns: nextRunTimes(cron, now, 5, localOffsetMinutes).map((run) =>
        run.localTime ? vscode.l10n.t('{0} {1} ({2} your time, {3})', run.chinaTime, china, run.localTime, local) : `${run.chinaTime} ${china}`,
      ),
    };
  } catch (error) {
    return { runs: vscode.l10n.t('Cannot read this cron string: {0}', error instanceof Error ? error.message : String(error)), nextRuns: [] };
  }
}
