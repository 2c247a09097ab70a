import type { CommandContext } from './commandContext';

export function showLog(ctx: CommandContext): void {
  ctx.log.show(true);
}
