// `npm run emulator -- --project DIR [--port N] [--host H] ...`: starts the emulator, prints
// one line of JSON (url, credentials, envs, authorizers, controlKey) once ready, stops on
// SIGINT/SIGTERM. The credentials and the control key are made per start.
import { startEmulator } from './index';
import type { EmulatorOptions, Faults } from './types';

const USAGE = `usage: npm run emulator -- [--project DIR] [--port N] [--host H] [--token-ttl S]
  [--authorizers N | --synthetic-authorizers N] [--synthetic-envs N] [--synthetic-functions N] [--mp-can-list]
  [--latency MS] [--jitter MS] [--busy-rate R] [--reset-rate R] [--html502-rate R] [--truncate-rate R]
  [--quirks] [--seed N] [--function-timeout-cap MS] [--data-dir DIR | --data DIR] [--reset-data] [--synthetic-documents N]
  [--code-mode deployed|live] [--corrupt-code-checksum]`;

export function parseArgs(argv: string[]): EmulatorOptions {
  const o: EmulatorOptions = {};
  const faults: Partial<Faults> = {};
  const synthetic: NonNullable<EmulatorOptions['synthetic']> = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const num = (): number => {
      const v = Number(value());
      if (!Number.isFinite(v) || v < 0) throw new Error(`${flag} needs a number ≥ 0`);
      return v;
    };
    switch (flag) {
      case '--project': o.projectDir = value(); break;
      case '--port': o.port = num(); break;
      case '--host': o.host = value(); break;
      case '--token-ttl': o.tokenTtlSeconds = num(); break;
      case '--mp-can-list': o.mpCanList = true; break;
      case '--function-timeout-cap': o.functionTimeoutCapMs = num(); break;
      case '--authorizers':
      case '--synthetic-authorizers': synthetic.authorizers = num(); break;
      case '--synthetic-envs': synthetic.envs = num(); break;
      case '--synthetic-functions': synthetic.functions = num(); break;
      case '--data-dir':
      case '--data': o.dataDir = value(); break;
      case '--reset-data': o.resetData = true; break;
      case '--synthetic-documents': o.syntheticDocuments = num(); break;
      case '--latency': faults.latencyMs = num(); break;
      case '--jitter': faults.jitterMs = num(); break;
      case '--busy-rate': faults.busyRate = num(); break;
      case '--reset-rate': faults.resetRate = num(); break;
      case '--html502-rate': faults.html502Rate = num(); break;
      case '--truncate-rate': faults.truncateRate = num(); break;
      case '--quirks': faults.quirks = true; break;
      case '--seed': faults.seed = num(); break;
      case '--code-mode': {
        const mode = value();
        if (mode !== 'deployed' && mode !== 'live') throw new Error('--code-mode takes deployed or live');
        o.codeMode = mode;
        break;
      }
      case '--corrupt-code-checksum': faults.codeChecksumCorrupt = true; break;
      case '-h':
      case '--help':
        process.stdout.write(`${USAGE}\n`);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${flag}\n${USAGE}`);
    }
  }
  if (Object.keys(synthetic).length) o.synthetic = synthetic;
  if (Object.keys(faults).length) o.faults = faults;
  return o;
}

async function main(): Promise<void> {
  let options: EmulatorOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(2);
  }
  const emulator = await startEmulator(options);
  const stop = () => {
    void emulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const { url, credentials, envs, authorizers, controlKey, codeMode } = emulator;
  process.stdout.write(`${JSON.stringify({ url, credentials, envs, authorizers, controlKey, codeMode })}\n`);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`emulator: ${(e as Error)?.stack ?? String(e)}\n`);
    process.exit(1);
  });
}
