import type { Unit } from '../../api/divisions.types';

type T = (key: string) => string;

export function latestFacts(unit: Unit) {
  return [...unit.facts].sort((a, b) => b.asOf.localeCompare(a.asOf))[0];
}

export function levelLabel(t: T, level: string): string {
  return t(`unit.level.${level}`);
}

export function kindLabel(t: T, kind: string): string {
  return t(`unit.kind.${kind}`);
}
