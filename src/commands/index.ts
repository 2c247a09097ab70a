import * as vscode from 'vscode';
import type { CommandContext, CommandHandler } from './commandContext';
import { addConnection } from './addConnection';
import { connectMiniProgram } from './connectMiniProgram';
import { connectPlatform } from './connectPlatform';
import { pasteToken } from './pasteToken';
import { startEmulator, stopEmulator } from './startEmulator';
import { signOut } from './signOut';
import { replaceToken } from './replaceToken';
import { setRefreshToken } from './setRefreshToken';
import { addEnvironmentId } from './addEnvironmentId';
import { refresh } from './refresh';
import { loadMore } from './loadMore';
import { clearFunctionFilter, filterFunctions } from './filterFunctions';
import { openStaticWebsite } from './openStaticWebsite';
import { selectEnvironment } from './selectEnvironment';
import { showLog } from './showLog';
import { invokeFunction } from './invokeFunction';
import { invokeLocally } from './invokeLocally';
import { newEvent } from './newEvent';
import { renameEvent } from './renameEvent';
import { deleteEvent } from './deleteEvent';
import { openEvent } from './openEvent';
import { showHistory } from './showHistory';
import { openFunctionConfig } from './openFunctionConfig';
import { openEnvironmentInfo } from './openEnvironmentInfo';
import { openStaticWebsiteInfo } from './openStaticWebsiteInfo';
import { openTriggers } from './openTriggers';
import { revealSecretValues } from './revealSecretValues';
import { openDeployedCode } from './openDeployedCode';
import { compareDeployedCode } from './compareDeployedCode';
import { deployFunction } from './deployFunction';
import { openDocument, editDocument } from './openDocument';
import { deleteDocument } from './deleteDocument';
import { insertDocuments } from './insertDocuments';
import { clearDocumentFilter, filterDocuments } from './filterDocuments';
import { countDocuments } from './countDocuments';
import { createCollection } from './createCollection';
import { deleteCollection } from './deleteCollection';
import { createIndex, dropIndex } from './manageIndexes';
import { exportCollection } from './exportCollection';
import { importCollection } from './importCollection';
import { filterMiniPrograms } from './filterMiniPrograms';
import { newQuery } from './newQuery';
import { openQuery } from './openQuery';
import { runQuery } from './runQuery';
import { loadMoreQueryResults } from './loadMoreQueryResults';
import { showQueryHistory } from './showQueryHistory';
import { editFunctionConfig } from './editFunctionConfig';

const handlers: Record<string, CommandHandler> = {
  'wxcloud.addConnection': addConnection,
  'wxcloud.connectMiniProgram': connectMiniProgram,
  'wxcloud.connectPlatform': connectPlatform,
  'wxcloud.pasteToken': pasteToken,
  'wxcloud.startEmulator': startEmulator,
  'wxcloud.stopEmulator': stopEmulator,
  'wxcloud.signOut': signOut,
  'wxcloud.replaceToken': replaceToken,
  'wxcloud.setRefreshToken': setRefreshToken,
  'wxcloud.addEnvironmentId': addEnvironmentId,
  'wxcloud.refresh': refresh,
  'wxcloud.loadMore': loadMore,
  'wxcloud.filterFunctions': filterFunctions,
  'wxcloud.clearFunctionFilter': clearFunctionFilter,
  'wxcloud.openStaticWebsite': openStaticWebsite,
  'wxcloud.selectEnvironment': selectEnvironment,
  'wxcloud.showLog': showLog,
  'wxcloud.invokeFunction': invokeFunction,
  'wxcloud.invokeLocally': invokeLocally,
  'wxcloud.newEvent': newEvent,
  'wxcloud.renameEvent': renameEvent,
  'wxcloud.deleteEvent': deleteEvent,
  'wxcloud.openEvent': openEvent,
  'wxcloud.showHistory': showHistory,
  'wxcloud.openFunctionConfig': openFunctionConfig,
  'wxcloud.openEnvironmentInfo': openEnvironmentInfo,
  'wxcloud.openStaticWebsiteInfo': openStaticWebsiteInfo,
  'wxcloud.openTriggers': openTriggers,
  'wxcloud.revealSecretValues': revealSecretValues,
  'wxcloud.openDeployedCode': openDeployedCode,
  'wxcloud.compareDeployedCode': compareDeployedCode,
  'wxcloud.deployFunction': deployFunction,
  'wxcloud.openDocument': openDocument,
  'wxcloud.editDocument': editDocument,
  'wxcloud.deleteDocument': deleteDocument,
  'wxcloud.insertDocuments': insertDocuments,
  'wxcloud.filterDocuments': filterDocuments,
  'wxcloud.clearDocumentFilter': clearDocumentFilter,
  'wxcloud.countDocuments': countDocuments,
  'wxcloud.createCollection': createCollection,
  'wxcloud.deleteCollection': deleteCollection,
  'wxcloud.createIndex': createIndex,
  'wxcloud.dropIndex': dropIndex,
  'wxcloud.exportCollection': exportCollection,
  'wxcloud.importCollection': importCollection,
  'wxcloud.filterMiniPrograms': filterMiniPrograms,
  'wxcloud.newQuery': newQuery,
  'wxcloud.openQuery': openQuery,
  'wxcloud.runQuery': runQuery,
  'wxcloud.loadMoreQueryResults': loadMoreQueryResults,
  'wxcloud.showQueryHistory': showQueryHistory,
  'wxcloud.editFunctionConfig': editFunctionConfig,
};

/** Every command, through the one action path: handlers throw, the runner logs and shows. */
export function registerCommands(ctx: CommandContext): vscode.Disposable[] {
  return Object.entries(handlers).map(([id, handler]) => vscode.commands.registerCommand(id, (...args: unknown[]) => ctx.actions.run(id, () => handler(ctx, ...args))));
}
