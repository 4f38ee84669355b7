import SortedBTree from 'sorted-btree';

type BTreeCtor = typeof SortedBTree;
// sorted-btree is CommonJS with `exports.default`; depending on the loader (tsx, vitest) the
// default import is either the class or the whole exports object.
const interop = SortedBTree as unknown as { default?: BTreeCtor };
export const BTree: BTreeCtor =
  typeof SortedBTree === 'function' ? SortedBTree : (interop.default as BTreeCtor);
export type BTree<K, V> = SortedBTree<K, V>;
