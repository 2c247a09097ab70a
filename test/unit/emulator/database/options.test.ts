// The database's options as the command line spells them.
import * as assert from 'node:assert/strict';
import { parseArgs } from '../../../../src/emulator/cli';

describe('emulator database: CLI options', () => {
  it('--data-dir, --reset-data and --synthetic-documents become dataDir, resetData and syntheticDocuments', () => {
    assert.deepEqual(parseArgs(['--data-dir', '/tmp/wx', '--reset-data', '--synthetic-documents', '5000']), { dataDir: '/tmp/wx', resetData: true, syntheticDocuments: 5000 });
    assert.throws(() => parseArgs(['--data-dir']), /--data-dir needs a value/);
  });
});
