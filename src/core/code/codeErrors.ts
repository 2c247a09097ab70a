// The failures of deployed code that are not an API answer: a zip that is too large, unsafe or
// unreadable, a checksum that does not match, a refused address, and a deploy step that failed.
import { WxCloudError, type MessageArg } from '../errors';
import type { ErrorCategory, MessageKey } from '../messages';

export class CodeError extends WxCloudError {
  constructor(init: { endpoint: string; messageKey: MessageKey; messageArgs: readonly MessageArg[]; category?: ErrorCategory; secrets?: readonly (string | undefined)[] }) {
    super({ code: 'CODE', category: 'input', ...init });
    this.name = 'CodeError';
  }
}

/** The deploy steps, in order; a failure names the one it happened in. */
export type DeployStep = 'zip' | 'createFunction' | 'getCodeSecret' | 'getUploadSignature' | 'upload' | 'batchUpload';

/**
 * A deploy that stopped at `step`: the message names the step and what WeChat (or the code
 * host) answered; the errcode and rid are the cause's, so the one-line form still shows them.
 */
export class DeployStepError extends WxCloudError {
  constructor(
    readonly step: DeployStep,
    readonly functionName: string,
    readonly failure: unknown,
  ) {
    const inner = failure instanceof WxCloudError ? failure : undefined;
    super({
      code: inner?.code ?? 'CODE',
      endpoint: inner?.endpoint ?? step,
      rid: inner?.rid,
      messageKey: 'deployStepFailed',
      messageArgs: [functionName, step, inner ? inner.message : failure instanceof Error ? failure.message : String(failure)],
      category: inner?.category ?? 'server',
    });
    this.name = 'DeployStepError';
  }
}
