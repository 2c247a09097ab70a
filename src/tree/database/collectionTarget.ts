import type { CloudDatabase } from '../../core/database/cloudDatabase';
import type { CloudScope } from '../../editor/connections/scope';
import { CollectionNode } from './collectionNode';
import { DatabaseNode } from './databaseNode';
import { DocumentNode } from './documentNode';

/** A collection reached through one identity: what the database commands act on. */
export interface CollectionTarget {
  scope: CloudScope;
  env: string;
  collection: string;
  database: CloudDatabase;
  /** The tree row, when the target came from the tree. */
  node?: CollectionNode;
}

/** The database row a node stands for or lies in. */
export function databaseNodeOf(node: unknown): DatabaseNode | undefined {
  if (node instanceof DatabaseNode) return node;
  if (node instanceof CollectionNode) return node.databaseNode;
  if (node instanceof DocumentNode) return node.collection.databaseNode;
  return undefined;
}

/** The collection a tree node stands for or lies in. */
export function collectionOfNode(node: unknown): CollectionTarget | undefined {
  const collection = node instanceof CollectionNode ? node : node instanceof DocumentNode ? node.collection : undefined;
  if (!collection) return undefined;
  const db = collection.databaseNode;
  return { scope: db.environment.scope, env: collection.env, collection: collection.name, database: db.database, node: collection };
}
