/** Messages of the readiness policy page, kept beside the main files to keep those short. */
export const readinessPolicyZh = {
  title: '生效前就绪要求',
  county: '县（市、区）',
  help: '合并方案生效前，勾选为“须完成”的相关工作必须已由对应业务报告完成；任何一项未完成，方案不能生效。',
  item: '相关工作',
  required: '生效前须完成',
  requiredYes: '须完成',
  requiredNo: '不要求',
  save: '保存修改',
  reset: '放弃修改',
  confirmTitle: '修改生效前就绪要求',
  confirm:
    '将 {{county}} 生效前须完成的相关工作改为：{{items}}。该修改影响本县所有未生效的合并方案，并记入审计日志。',
  none: '无',
  saved: '就绪要求已保存',
  readOnly: '只读：修改就绪要求需要“{{permission}}”权限（divisions.approve）。',
  noCounty: '就绪要求按县设置，您的管辖范围内没有县级单位。',
};

export const readinessPolicyEn: typeof readinessPolicyZh = {
  title: 'Readiness policy',
  county: 'County',
  help: 'Before a merger plan takes effect, every item marked "required" must have been reported done by its department; while one is open the plan cannot take effect.',
  item: 'Item',
  required: 'Required before effective',
  requiredYes: 'required',
  requiredNo: 'not required',
  save: 'Save changes',
  reset: 'Discard changes',
  confirmTitle: 'Change the readiness policy',
  confirm:
    'Required items for {{county}} become: {{items}}. This applies to every plan of the county not yet effective and is recorded in the audit log.',
  none: 'none',
  saved: 'Readiness policy saved',
  readOnly: 'Read-only: changing the policy needs the “{{permission}}” permission (divisions.approve).',
  noCounty: 'The readiness policy is set per county; your jurisdiction holds no county.',
};
