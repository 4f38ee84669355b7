import { Button, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { imports } from '../../api/divisions.api';
import { downloadBase64 } from '../../lib/download';

/** Downloads the county's units as CSV or XLSX; a refusal goes to `onError`. */
export function ExportButtons({
  county,
  onError,
}: {
  county: string | undefined;
  onError: (e: unknown) => void;
}) {
  const { t } = useTranslation();
  return (
    <Space>
      {(['csv', 'xlsx'] as const).map((f) => (
        <Button
          key={f}
          size="small"
          disabled={!county}
          onClick={() => void imports.export(county ?? '', f).then(downloadBase64, onError)}
        >
          {t('units.export', { format: f.toUpperCase() })}
        </Button>
      ))}
    </Space>
  );
}
