/**
 * Every virtual-document scheme of the extension, in one place: `package.json` activates on
 * each (`onFileSystem:<scheme>`), and each has one module with its `toUri` / `fromUri`.
 */
export const Schemes = {
  /** One invocation's result: `src/invoke/resultDocument.ts`. */
  result: 'wxcloud-result',
  /** A function's `getfuncconfig` answer of one type: `src/documents/configDocument.ts`. */
  config: 'wxcloud-config',
  /** Facts about an environment, its static website or a function's triggers: `src/documents/infoDocument.ts`. */
  info: 'wxcloud-info',
  /** A function's deployed code as read-only files, and deploy results: `src/deployedCode/codeFileSystem.ts`. */
  code: 'wxcloud-code',
  /** A database document, read-only: `src/documents/databaseDocument.ts`. */
  document: 'wxcloud-document',
  /** A database document opened for editing; saving writes it: `src/documents/databaseDocument.ts`. */
  documentEdit: 'wxcloud-document-edit',
  /** A text held for the left side of a diff: `src/documents/snapshots.ts`. */
  snapshot: 'wxcloud-snapshot',
  /** One query file's run: `src/cloudDatabase/queries/queryResult.ts`. */
  queryResult: 'wxcloud-query-result',
  /** A function config opened for editing, and the snapshots its diffs compare: `src/configEditing/editUri.ts`. */
  configEdit: 'wxcloud-config-edit',
} as const;
