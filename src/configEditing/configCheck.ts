import * as vscode from 'vscode';
import { validateCron } from '../core/cron';
import { VARIABLE_FIELDS } from '../core/functionConfigWrite';
import type { FunctionConfigType } from '../core/types';

/** What is wrong with an edited config, and where (a JSON path), for the message and the diagnostics. */
export interface ConfigProblem {
  message: string;
  path: Array<string | number>;
}

export const TIMEOUT_SECONDS = { min: 1, max: 900 } as const;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => Boolean(v) && typeof v === 'object' && !Array.isArray(v);

export function cronLocale(): 'zh-cn' | 'en' {
  return vscode.env.language.toLowerCase().startsWith('zh') ? 'zh-cn' : 'en';
}

/** The checks made before anything is sent; the JSON schema says the same to the editor as you type. */
export function checkConfig(type: FunctionConfigType, value: unknown): ConfigProblem[] {
  if (!isObject(value)) return [{ message: vscode.l10n.t('The config must be a JSON object.'), path: [] }];
  if (type === 1) return checkPermissions(value);
  if (type === 2) return checkTriggers(value);
  return checkEnvironment(value);
}

function checkPermissions(value: Json): ConfigProblem[] {
  const permissions = value.permissions;
  if (!isObject(permissions)) return [{ message: vscode.l10n.t('“permissions” must be an object, for example {"openapi": []}.'), path: ['permissions'] }];
  const openapi = permissions.openapi;
  if (openapi !== undefined && (!Array.isArray(openapi) || openapi.some((a) => typeof a !== 'string'))) {
    return [{ message: vscode.l10n.t('“openapi” must be a list of API names, for example "subscribeMessage.send".'), path: ['permissions', 'openapi'] }];
  }
  return [];
}

function checkTriggers(value: Json): ConfigProblem[] {
  const triggers = value.triggers;
  if (!Array.isArray(triggers)) return [{ message: vscode.l10n.t('“triggers” must be a list.'), path: ['triggers'] }];
  const problems: ConfigProblem[] = [];
  const names = new Set<string>();
  triggers.forEach((t: unknown, i) => {
    if (!isObject(t)) return problems.push({ message: vscode.l10n.t('Each trigger must be an object with name, type and config.'), path: ['triggers', i] });
    if (typeof t.name !== 'string' || !t.name) problems.push({ message: vscode.l10n.t('A trigger needs a name.'), path: ['triggers', i, 'name'] });
    else if (names.has(t.name)) problems.push({ message: vscode.l10n.t('Two triggers are named “{0}”.', t.name), path: ['triggers', i, 'name'] });
    else names.add(t.name);
    if (t.type !== 'timer') problems.push({ message: vscode.l10n.t('A trigger’s type must be "timer".'), path: ['triggers', i, 'type'] });
    if (typeof t.config !== 'string') return problems.push({ message: vscode.l10n.t('A timer’s config must be a cron string.'), path: ['triggers', i, 'config'] });
    const cron = validateCron(t.config, cronLocale());
    if (cron) problems.push({ message: vscode.l10n.t('Invalid cron “{0}”: {1}', t.config, cron), path: ['triggers', i, 'config'] });
    return undefined;
  });
  return problems;
}

function checkEnvironment(value: Json): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const { timeout } = value;
  if (timeout !== undefined && (typeof timeout !== 'number' || !Number.isInteger(timeout) || timeout < TIMEOUT_SECONDS.min || timeout > TIMEOUT_SECONDS.max)) {
    problems.push({ message: vscode.l10n.t('“timeout” must be a whole number of seconds from {0} to {1}.', TIMEOUT_SECONDS.min, TIMEOUT_SECONDS.max), path: ['timeout'] });
  }
  for (const field of VARIABLE_FIELDS) {
    const vars = value[field];
    if (vars === undefined || isObject(vars)) continue;
    if (!Array.isArray(vars)) {
      problems.push({ message: vscode.l10n.t('“{0}” must be a list of {"key": …, "value": …}.', field), path: [field] });
      continue;
    }
    const keys = new Set<string>();
    vars.forEach((v: unknown, i) => {
      if (!isObject(v) || typeof v.key !== 'string' || typeof v.value !== 'string') {
        problems.push({ message: vscode.l10n.t('Each variable needs a string "key" and a string "value".'), path: [field, i] });
      } else if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(v.key)) {
        problems.push({ message: vscode.l10n.t('“{0}” is not a variable name: start with a letter; use letters, digits and _.', v.key), path: [field, i, 'key'] });
      } else if (keys.has(v.key)) {
        problems.push({ message: vscode.l10n.t('The variable “{0}” is given twice.', v.key), path: [field, i, 'key'] });
      } else keys.add(v.key);
    });
  }
  return problems;
}
