import * as vscode from 'vscode';
import { packCode, type CodeFiles } from '../core/code/codeZip';
import { deployToEnvironment, deployToEnvironments, type BatchOutcome } from '../core/code/deployedCode';
import type { DeployStep } from '../core/code/codeErrors';
import { TokenKindError } from '../core/errors';
import type { LocalFunctions } from '../editor/localFunctions';
import { confirm, pickMany } from '../editor/prompts';
import { settings } from '../editor/settings';
import type { FunctionTarget } from '../tree/navigation';
import type { CodeFileSystem } from './codeFileSystem';
import { codeUri } from './codeFileSystem';
import { withCancellableProgress } from './progress';
import { localFunctionFolder, readLocalCode } from './localCode';
import { sizeText } from './sizeText';

const SHOWN_FILES = 12;

export interface Package {
  files: CodeFiles;
  zip: Uint8Array;
  folder: vscode.Uri;
  includeNodeModules: boolean;
  unpacked: number;
}

/** The workspace's folder of the function, zipped as a deploy sends it. */
export async function packageFunction(localFunctions: LocalFunctions, name: string): Promise<Package> {
  const local = await localFunctionFolder(localFunctions, name);
  const includeNodeModules = settings.deployIncludesNodeModules();
  const files = await readLocalCode(local.folder, includeNodeModules);
  const zip = packCode(name, files);
  const unpacked = [...files.values()].reduce((n, d) => n + d.length, 0);
  return { files, zip, folder: local.folder, includeNodeModules, unpacked };
}

/** What will be uploaded, for the confirmation: counts, sizes, the folder and the first files. */
export function packageDetail(p: Package, target: string): string {
  const names = [...p.files.keys()].sort();
  const shown = names.slice(0, SHOWN_FILES).join('\n');
  const more = names.length > SHOWN_FILES ? `\n${vscode.l10n.t('… and {0} more', names.length - SHOWN_FILES)}` : '';
  return [
    vscode.l10n.t('Target: {0}', target),
    vscode.l10n.t('From: {0}', vscode.workspace.asRelativePath(p.folder)),
    vscode.l10n.t('{0} files, {1} ({2} zipped)', names.length, sizeText(p.unpacked), sizeText(p.zip.length)),
    p.includeNodeModules ? vscode.l10n.t('node_modules is included.') : vscode.l10n.t('node_modules is left out (setting wxcloud.deploy.includeNodeModules).'),
    '',
    `${shown}${more}`,
  ].join('\n');
}

const STEP_TEXT: Record<DeployStep, () => string> = {
  zip: () => vscode.l10n.t('zipping'),
  createFunction: () => vscode.l10n.t('creating the function'),
  getCodeSecret: () => vscode.l10n.t('getting the code secret'),
  getUploadSignature: () => vscode.l10n.t('signing the upload'),
  upload: () => vscode.l10n.t('uploading'),
  batchUpload: () => vscode.l10n.t('uploading to every environment'),
};

/** Where signed uploads go: the emulator's own code host for its connection, else the application setting. */
export function codeHostUrl(target: FunctionTarget): string {
  const connection = target.scope.connection;
  return connection.kind === 'emulator' ? `${connection.baseUrl}/_scf/` : settings.codeHostUrl();
}

async function functionExists(target: FunctionTarget, signal: AbortSignal): Promise<boolean> {
  try {
    const all = await target.scope.client.listAllFunctions({ env: target.env, signal, fresh: true });
    return all.functions.some((f) => f.name === target.functionName);
  } catch (error) {
    // A token that cannot list: the function is taken to exist, and the upload says if it does not.
    if (error instanceof TokenKindError) return true;
    throw error;
  }
}

/** One environment with an authorizer token: asks, then create (when missing), code secret, signature, upload. */
export async function deployOne(localFunctions: LocalFunctions, target: FunctionTarget): Promise<void> {
  const p = await packageFunction(localFunctions, target.functionName);
  const where = `${target.scope.connection.name} · ${target.env}`;
  await confirm(vscode.l10n.t('Deploy {0} to {1}?', target.functionName, target.env), {
    detail: `${packageDetail(p, where)}\n\n${vscode.l10n.t('The function’s deployed code is replaced.')}`,
    action: vscode.l10n.t('Deploy'),
  });
  await withCancellableProgress(vscode.l10n.t('Deploying {0} to {1}', target.functionName, target.env), async (signal, progress) => {
    const exists = await functionExists(target, signal);
    await deployToEnvironment(target.scope.client, {
      env: target.env,
      functionName: target.functionName,
      zip: p.zip,
      exists,
      codeHostUrl: codeHostUrl(target),
      signal,
      onStep: (step) => progress.report({ message: STEP_TEXT[step]() }),
    });
  });
}

/** The environments to deploy to, the target's own picked first. */
async function pickEnvironments(target: FunctionTarget): Promise<string[]> {
  const envs = await target.scope.client.describeEnvs();
  const items = envs.map((e) => ({ label: e.env, description: e.alias, picked: e.env === target.env }));
  if (!items.some((i) => i.label === target.env)) items.unshift({ label: target.env, description: '', picked: true });
  const chosen = await pickMany(items, { title: vscode.l10n.t('Deploy {0} to which environments?', target.functionName), placeHolder: vscode.l10n.t('One zip is uploaded to every environment chosen') });
  return chosen.map((c) => c.label);
}

let resultCount = 0;

/** The outcome of a batch deploy as a read-only Markdown document, one row per environment. */
function resultDocument(files: CodeFileSystem, target: FunctionTarget, outcomes: BatchOutcome[]): vscode.Uri {
  const failed = outcomes.filter((o) => !o.ok).length;
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  const lines = [
    `# ${vscode.l10n.t('Deploy {0} to {1} environments', target.functionName, outcomes.length)}`,
    '',
    failed ? vscode.l10n.t('{0} of {1} environments failed.', failed, outcomes.length) : vscode.l10n.t('Deployed to every environment.'),
    '',
    `| ${vscode.l10n.t('Environment')} | ${vscode.l10n.t('Outcome')} |`,
    '|---|---|',
    ...outcomes.map((o) =>
      o.ok
        ? `| ${cell(o.env)} | ${vscode.l10n.t('deployed')} |`
        : `| ${cell(o.env)} | ${cell(vscode.l10n.t('failed: {0} (errcode {1})', o.errmsg ?? '', o.errcode ?? '?'))} |`,
    ),
    '',
  ];
  const key = ['_', 'deploy-results', String(++resultCount)] as const;
  files.put(key, new Map([[`${target.functionName}.md`, new TextEncoder().encode(lines.join('\n'))]]));
  return codeUri(key, `${target.functionName}.md`);
}

/** Many environments with the platform's token: pick them, ask, upload once, show each outcome. */
export async function deployMany(localFunctions: LocalFunctions, files: CodeFileSystem, target: FunctionTarget): Promise<{ uri: vscode.Uri; outcomes: BatchOutcome[] }> {
  const p = await packageFunction(localFunctions, target.functionName);
  const envs = await pickEnvironments(target);
  await confirm(vscode.l10n.t('Deploy {0} to {1} environments?', target.functionName, envs.length), {
    detail: `${packageDetail(p, `${target.scope.connection.name} · ${envs.join(', ')}`)}\n\n${vscode.l10n.t('The function’s deployed code is replaced in every environment chosen.')}`,
    action: vscode.l10n.t('Deploy'),
  });
  const outcomes = await withCancellableProgress(vscode.l10n.t('Deploying {0} to {1} environments', target.functionName, envs.length), (signal) =>
    deployToEnvironments(target.scope.client, { envs, functionName: target.functionName, zip: p.zip, signal }),
  );
  const uri = resultDocument(files, target, outcomes);
  await vscode.window.showTextDocument(uri, { preview: false });
  const failed = outcomes.filter((o) => !o.ok);
  if (failed.length) void vscode.window.showWarningMessage(vscode.l10n.t('{0} of {1} environments failed: {2}', failed.length, outcomes.length, failed.map((f) => f.env).join(', ')));
  return { uri, outcomes };
}
