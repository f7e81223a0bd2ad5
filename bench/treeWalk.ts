// One walk of the Pending Uploads tree as VS Code makes it when the view opens, timed: the children
// of the root and of every asset, then a tree item for every node. Shared by the Node and host rows.
import type { PendingNode } from '../src/tree/pendingTree';

export interface ViewTimes {
  refreshMs: number[];
  buildMs: number[];
  childrenMs: number[];
  treeItemsMs: number[];
  assets: number;
  files: number;
}

export interface Tree {
  getChildren(node?: PendingNode): PendingNode[];
  getTreeItem(node: PendingNode): unknown;
}

export function timeTreeWalk(tree: Tree, times: ViewTimes): void {
  const listing = performance.now();
  const roots = tree.getChildren();
  const nodes: PendingNode[] = [...roots];
  for (const root of roots) {
    nodes.push(...tree.getChildren(root));
  }
  times.childrenMs.push(performance.now() - listing);
  const itemizing = performance.now();
  nodes.forEach((node) => tree.getTreeItem(node));
  times.treeItemsMs.push(performance.now() - itemizing);
  times.assets = roots.length;
  times.files = nodes.length - roots.length;
}
