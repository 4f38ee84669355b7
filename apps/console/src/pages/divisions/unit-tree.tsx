import { Alert, Spin, Tree } from 'antd';
import type { TreeDataNode } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { units } from '../../api/divisions.api';
import type { Unit } from '../../api/divisions.types';
import { errorText } from '../../lib/errors';

type Node = TreeDataNode & { key: string };

function toNode(u: Unit & { childCount: number }): Node {
  return { key: u.code, title: `${u.name}`, isLeaf: u.childCount === 0 || u.level === 'group' };
}

function attach(nodes: Node[], key: string, children: Node[]): Node[] {
  return nodes.map((n) =>
    n.key === key
      ? { ...n, children }
      : n.children
        ? { ...n, children: attach(n.children as Node[], key, children) }
        : n,
  );
}

/** Lazily loaded: a county holds hundreds of groups, so children are fetched when opened. */
export function UnitTree({
  selected,
  onSelect,
}: {
  selected?: string | undefined;
  onSelect: (code: string | undefined) => void;
}) {
  const { t } = useTranslation();
  const [nodes, setNodes] = useState<Node[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    units.children(null).then((roots) => setNodes(roots.map(toNode)), setError);
  }, []);
  if (error) return <Alert type="error" showIcon title={errorText(error, t)} />;
  if (!nodes) return <Spin />;
  return (
    <Tree
      showLine
      treeData={nodes}
      selectedKeys={selected ? [selected] : []}
      onSelect={(keys) => onSelect(keys[0] === undefined ? undefined : String(keys[0]))}
      loadData={async (node) => {
        if (node.children) return;
        const children = await units.children(String(node.key));
        setNodes((prev) => (prev ? attach(prev, String(node.key), children.map(toNode)) : prev));
      }}
      style={{ maxHeight: 'calc(100vh - 200px)', overflow: 'auto' }}
      data-testid="unit-tree"
    />
  );
}
