import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PlanStep } from '../../api/divisions.types';

const COLORS: Record<PlanStep, string> = {
  draft: 'default',
  consultation: 'blue',
  vote: 'purple',
  approved: 'orange',
  effective: 'green',
  withdrawn: 'default',
};

export function PlanStatusTag({ status }: { status: PlanStep }) {
  const { t } = useTranslation();
  return <Tag color={COLORS[status] ?? 'default'}>{t(`plan.step.${status}`)}</Tag>;
}
