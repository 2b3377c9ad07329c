// The demo: Thái Nguyên province with six real communes, and one account per role.
export const DEMO_PASSWORD = 'demo@2026';
export const DEMO_PROVINCE_CODE = '19'; // Tỉnh Thái Nguyên

export interface DemoCommune {
  code: string;
  username: string;
  category: 'urban_ward' | 'disadvantaged' | 'other';
  /** What the demo data shows for this commune. */
  story: 'recognized' | 'zero_criterion' | 'below_threshold' | 'draft';
}

export const DEMO_COMMUNES: DemoCommune[] = [
  { code: '05503', username: 'xa.tancuong', category: 'other', story: 'recognized' }, // Xã Tân Cương
  { code: '05443', username: 'phuong.phandinhphung', category: 'other', story: 'recognized' }, // Phường Phan Đình Phùng
  { code: '05818', username: 'xa.labang', category: 'disadvantaged', story: 'zero_criterion' }, // Xã La Bằng
  { code: '05830', username: 'xa.daitu', category: 'other', story: 'below_threshold' }, // Xã Đại Từ
  { code: '05851', username: 'xa.quanchu', category: 'disadvantaged', story: 'recognized' }, // Xã Quân Chu
  { code: '05845', username: 'xa.vanphu', category: 'disadvantaged', story: 'draft' }, // Xã Vạn Phú
  { code: '05809', username: 'xa.ankhanh', category: 'other', story: 'recognized' }, // Xã An Khánh
];

/** Province-level accounts of the round: the appraising office, the sector departments, the signer. */
export const DEMO_PROVINCE_ACCOUNTS = [
  {
    username: 'tinh.thainguyen',
    role: 'province_official' as const,
    fullName: 'Nguyễn Thị Hà (Sở Y tế Thái Nguyên)',
    sector: null,
  },
  {
    username: 'thamdinh.thainguyen',
    role: 'appraiser' as const,
    fullName: 'Trần Văn Minh (Phòng Trẻ em, Sở Y tế)',
    sector: null,
  },
  {
    username: 'yte.thainguyen',
    role: 'sector_reviewer' as const,
    fullName: 'Lê Thị Lan (ngành Y tế)',
    sector: 'health',
  },
  {
    username: 'giaoduc.thainguyen',
    role: 'sector_reviewer' as const,
    fullName: 'Phạm Văn Nam (ngành Giáo dục)',
    sector: 'education',
  },
  {
    username: 'congan.thainguyen',
    role: 'sector_reviewer' as const,
    fullName: 'Đỗ Văn Hùng (Công an tỉnh)',
    sector: 'police',
  },
  {
    username: 'tuphap.thainguyen',
    role: 'sector_reviewer' as const,
    fullName: 'Vũ Thị Mai (ngành Tư pháp)',
    sector: 'justice',
  },
  {
    username: 'vanhoa.thainguyen',
    role: 'sector_reviewer' as const,
    fullName: 'Hoàng Văn Sơn (ngành Văn hóa)',
    sector: 'culture',
  },
  {
    username: 'chutich.thainguyen',
    role: 'signer' as const,
    fullName: 'Nguyễn Văn Quang (Chủ tịch UBND tỉnh)',
    sector: null,
  },
];

export const DEMO_ACCOUNTS = [
  { username: 'admin', role: 'system_admin' as const, fullName: 'Quản trị hệ thống' },
  { username: 'bo.yte', role: 'ministry_official' as const, fullName: 'Trần Thị Minh (Cục Bà mẹ và Trẻ em, Bộ Y tế)' },
  ...DEMO_PROVINCE_ACCOUNTS,
  ...DEMO_COMMUNES.map((c) => ({
    username: c.username,
    role: 'commune_officer' as const,
    fullName: `Cán bộ ${c.username}`,
    communeCode: c.code,
  })),
];
