import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** The feature folders: each is one use case over the layers below it. */
const FEATURES = ['invoke', 'cloudDatabase', 'deployedCode', 'configEditing'];

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.cache/**', 'demo-project/**', 'test/unit/emulator/sdk-project/**', 'artifacts/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { console: 'readonly', process: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', URL: 'readonly', Buffer: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', fetch: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', performance: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: "CallExpression[callee.property.name='showErrorMessage'] > MemberExpression[property.name='message']", message: 'Errors reach the user through the one error wrapper.' }],
    },
  },
  // Dependencies point one way: core → editor services → tree → documents → features
  // (invoke, cloudDatabase, deployedCode, configEditing) → commands → extension.ts. Each folder may not import
  // the folders above it, and a feature may not import another: what two share moves down.
  ...layer('src/core/**', ['vscode', 'editor', 'tree', 'documents', ...FEATURES, 'commands', 'emulator']),
  ...layer('src/emulator/**', ['vscode', 'core', 'editor', 'tree', 'documents', ...FEATURES, 'commands']),
  ...layer('src/editor/**', ['tree', 'documents', ...FEATURES, 'commands']),
  ...layer('src/tree/**', ['documents', ...FEATURES, 'commands']),
  ...layer('src/documents/**', [...FEATURES, 'commands']),
  ...FEATURES.flatMap((feature) => layer(`src/${feature}/**`, [...FEATURES.filter((f) => f !== feature), 'commands'])),
);

/** A lint rule that keeps `files` from importing the listed folders of `src/` (and, for `vscode`, the editor API). */
function layer(files, forbidden) {
  const folders = forbidden.filter((f) => f !== 'vscode');
  const patterns = folders.flatMap((f) => [`../${f}`, `../${f}/*`, `../../${f}`, `../../${f}/*`, `../../../${f}/*`]);
  const paths = forbidden.includes('vscode') ? ['vscode'] : [];
  return [{ files: [files], rules: { 'no-restricted-imports': ['error', { paths, patterns: [{ group: patterns, message: `${files} may not import from ${forbidden.join(', ')}: dependencies point one way (docs/architecture.md).` }] }] } }];
}
