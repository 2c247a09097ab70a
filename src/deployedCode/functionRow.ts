import type { FunctionTarget } from '../tree/navigation';
import type { TreeNavigator } from '../tree/navigation';
import type { TargetPicker } from '../tree/targetPicker';
import { FunctionNode } from '../tree/functionNode';
import { ConfigNode } from '../tree/configNode';
import { TriggerNode } from '../tree/triggerNode';

/** The tree row of the function a command acted on: the row it came from, or the one in the selected environment. */
export async function functionRow(deps: { targets: TargetPicker; navigator: TreeNavigator }, arg: unknown, target: FunctionTarget): Promise<FunctionNode | undefined> {
  if (arg instanceof FunctionNode) return arg;
  if (arg instanceof ConfigNode || arg instanceof TriggerNode) return arg.fn;
  const env = await deps.targets.activeEnvironment();
  const same = env?.node && env.env === target.env && env.scope.connection.id === target.scope.connection.id && env.scope.key === target.scope.key;
  if (!same) return undefined;
  const row = await deps.navigator.nodeById(`${env.node!.id}/functions/fn:${target.functionName}`);
  return row instanceof FunctionNode ? row : undefined;
}
