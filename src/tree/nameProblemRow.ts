import { describeNameProblem, type NameProblem } from '../editor/workspaceProject';
import type { ExplorerNode } from './explorerNode';
import { MessageNode } from './messageNode';

/** A name from a workspace file that is not used, shown where it would have appeared, with why. */
export function nameProblemRow(parent: ExplorerNode, problem: NameProblem): ExplorerNode {
  const text = describeNameProblem(problem);
  return new MessageNode(parent, 'error', text, { idPart: `~nameProblem:${problem.source}:${problem.value}`, tooltip: text });
}
