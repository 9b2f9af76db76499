// Demo products, with the OCOP certificate each listing claims. Prices and names are
// illustrative; GTINs use fictitious company prefixes under Vietnam's GS1 prefix 893, written in
// the 14-digit form we store (a leading 0 before the GTIN-13), with correct check digits.

export type SeedOcopGroup = "food" | "beverages" | "herbal" | "handicrafts" | "ornamental" | "tourism";
export type SeedListingStatus = "draft" | "submitted" | "approved" | "changes_requested";

export interface SeedCertificate {
  stars: 3 | 4 | 5;
  score: number;
  decisionNo: string;
  /** ISO date; the certificate expires 36 months later. */
  decisionDate: string;
  authority: string;
}

export interface SeedProduct {
  slug: string;
  cooperativeSlug: string;
  name: string;
  description: string;
  ocopGroup: SeedOcopGroup;
  unit: string;
  priceVnd: number;
  gtin: string | null;
  status: SeedListingStatus;
  /** ISO date the listing was submitted for review (none for a draft). */
  submittedOn: string | null;
  /** ISO date a reviewer approved it (approved listings only). */
  approvedOn: string | null;
  certificate: SeedCertificate | null;
  /** For a listing sent back: what the reviewer asked for. */
  changesRequested?: string;
}

export const seedProducts: SeedProduct[] = [
  // ---- HTX Chè Vân Hồ (Sơn La) ----
  {
    slug: "che-shan-tuyet-van-ho",
    cooperativeSlug: "htx-che-van-ho",
    name: "Chè Shan tuyết Vân Hồ",
    description:
      "Chè xanh làm từ búp chè Shan tuyết cổ thụ, hái một tôm hai lá và sao tay trong ngày. Nước xanh vàng, vị chát dịu, hậu ngọt sâu. Gói 200 g.",
    ocopGroup: "beverages",
    unit: "gói",
    priceVnd: 180000,
    gtin: "08938512400013",
    status: "approved",
    submittedOn: "2024-10-02",
    approvedOn: "2024-10-07",
    certificate: {
      stars: 4,
      score: 78,
      decisionNo: "1789/QĐ-UBND",
      decisionDate: "2024-09-18",
      authority: "UBND tỉnh Sơn La",
    },
  },
  {
    slug: "man-hau-van-ho",
    cooperativeSlug: "htx-che-van-ho",
    name: "Mận hậu Vân Hồ",
    description:
      "Mận hậu chín trên cây, quả giòn, vị chua ngọt, hái vào tháng 5 và tháng 6. Đóng thùng 5 kg, giao trong ngày hái ở Sơn La và Hà Nội.",
    ocopGroup: "food",
    unit: "kg",
    priceVnd: 45000,
    gtin: null,
    status: "approved",
    submittedOn: "2024-07-08",
    approvedOn: "2024-07-12",
    certificate: {
      stars: 3,
      score: 64,
      decisionNo: "2156/QĐ-UBND",
      decisionDate: "2024-06-25",
      authority: "UBND huyện Vân Hồ",
    },
  },
  {
    slug: "thit-trau-gac-bep-van-ho",
    cooperativeSlug: "htx-che-van-ho",
    name: "Thịt trâu gác bếp",
    description:
      "Thịt trâu tươi tẩm mắc khén, gừng, ớt rồi hun khói trên gác bếp theo cách của người Thái. Túi hút chân không 500 g, bảo quản ngăn mát.",
    ocopGroup: "food",
    unit: "túi",
    priceVnd: 450000,
    gtin: "08938512400037",
    status: "approved",
    submittedOn: "2025-03-20",
    approvedOn: "2025-03-26",
    certificate: {
      stars: 4,
      score: 74,
      decisionNo: "412/QĐ-UBND",
      decisionDate: "2025-03-10",
      authority: "UBND tỉnh Sơn La",
    },
  },
  {
    slug: "man-say-deo-van-ho",
    cooperativeSlug: "htx-che-van-ho",
    name: "Mận sấy dẻo Vân Hồ",
    description: "Mận hậu Vân Hồ sấy lạnh, giữ vị chua ngọt tự nhiên, không phẩm màu. Hộp 300 g, ăn liền.",
    ocopGroup: "food",
    unit: "hộp",
    priceVnd: 85000,
    gtin: null,
    status: "submitted",
    submittedOn: "2026-11-17",
    approvedOn: null,
    certificate: {
      stars: 3,
      score: 66,
      decisionNo: "2870/QĐ-UBND",
      decisionDate: "2025-10-30",
      authority: "UBND tỉnh Sơn La",
    },
  },

  // ---- HTX Mật ong Phù Yên (Sơn La) ----
  {
    slug: "mat-ong-hoa-rung-phu-yen",
    cooperativeSlug: "htx-mat-ong-phu-yen",
    name: "Mật ong hoa rừng Phù Yên",
    description:
      "Mật ong quay từ tổ đã vít nắp, ong lấy mật hoa rừng và hoa nhãn. Mật sánh, thơm, độ ẩm dưới 20%. Chai 500 g.",
    ocopGroup: "food",
    unit: "chai",
    priceVnd: 250000,
    gtin: "08938512500010",
    status: "approved",
    submittedOn: "2025-06-02",
    approvedOn: "2025-06-06",
    certificate: {
      stars: 4,
      score: 81,
      decisionNo: "958/QĐ-UBND",
      decisionDate: "2025-05-20",
      authority: "UBND tỉnh Sơn La",
    },
  },
  {
    slug: "mat-mia-phu-yen",
    cooperativeSlug: "htx-mat-ong-phu-yen",
    name: "Mật mía Phù Yên",
    description:
      "Mật mía nấu thủ công từ mía tím trồng ven suối, không chất bảo quản. Dùng kho cá, làm bánh, pha nước. Chai 1 lít.",
    ocopGroup: "food",
    unit: "chai",
    priceVnd: 60000,
    gtin: null,
    status: "approved",
    submittedOn: "2024-11-25",
    approvedOn: "2024-11-29",
    certificate: {
      stars: 3,
      score: 61,
      decisionNo: "3105/QĐ-UBND",
      decisionDate: "2024-11-12",
      authority: "UBND huyện Phù Yên",
    },
  },
  {
    slug: "gao-nep-cai-hoa-vang-phu-yen",
    cooperativeSlug: "htx-mat-ong-phu-yen",
    name: "Gạo nếp cái hoa vàng Phù Yên",
    description:
      "Nếp cái hoa vàng trồng một vụ trên cánh đồng Mường Tấc, hạt tròn, dẻo thơm, hợp nấu xôi và làm bánh. Túi 5 kg.",
    ocopGroup: "food",
    unit: "túi",
    priceVnd: 175000,
    gtin: null,
    status: "approved",
    submittedOn: "2025-08-25",
    approvedOn: "2025-08-29",
    certificate: {
      stars: 3,
      score: 58,
      decisionNo: "1450/QĐ-UBND",
      decisionDate: "2025-08-14",
      authority: "UBND tỉnh Sơn La",
    },
  },
  {
    // Its certificate expires within 60 days of the demo date, so the expiry warning has a case.
    slug: "tinh-bot-nghe-phu-yen",
    cooperativeSlug: "htx-mat-ong-phu-yen",
    name: "Tinh bột nghệ đỏ Phù Yên",
    description:
      "Tinh bột lọc từ củ nghệ đỏ trồng trên nương, sấy lạnh, màu vàng cam, thơm nhẹ. Pha với mật ong hoặc sữa ấm. Hộp 500 g.",
    ocopGroup: "herbal",
    unit: "hộp",
    priceVnd: 320000,
    gtin: null,
    status: "approved",
    submittedOn: "2024-01-08",
    approvedOn: "2024-01-12",
    certificate: {
      stars: 3,
      score: 63,
      decisionNo: "2987/QĐ-UBND",
      decisionDate: "2023-12-28",
      authority: "UBND huyện Phù Yên",
    },
  },

  // ---- HTX Bánh đa Vĩnh Lộc (Thanh Hóa) ----
  {
    slug: "banh-da-vinh-loc",
    cooperativeSlug: "htx-banh-da-vinh-loc",
    name: "Bánh đa gạo Vĩnh Lộc",
    description:
      "Bánh đa tráng tay từ gạo bao thai, phơi nắng trên giàn tre, nướng lên giòn xốp, thơm mùi gạo. Gói 10 chiếc.",
    ocopGroup: "food",
    unit: "gói",
    priceVnd: 35000,
    gtin: null,
    status: "approved",
    submittedOn: "2025-01-06",
    approvedOn: "2025-01-10",
    certificate: {
      stars: 3,
      score: 67,
      decisionNo: "4521/QĐ-UBND",
      decisionDate: "2024-12-20",
      authority: "UBND huyện Vĩnh Lộc",
    },
  },
  {
    slug: "nem-chua-vinh-loc",
    cooperativeSlug: "htx-banh-da-vinh-loc",
    name: "Nem chua Vĩnh Lộc",
    description:
      "Nem chua làm từ thịt lợn nạc tươi trong ngày, bì lợn thái sợi, gói lá ổi và lá chuối. Chua dịu, giòn, ăn kèm tỏi ớt. Hộp 20 chiếc.",
    ocopGroup: "food",
    unit: "hộp",
    priceVnd: 90000,
    gtin: "08938512700021",
    status: "approved",
    submittedOn: "2025-06-16",
    approvedOn: "2025-06-20",
    certificate: {
      stars: 4,
      score: 76,
      decisionNo: "2230/QĐ-UBND",
      decisionDate: "2025-06-05",
      authority: "UBND tỉnh Thanh Hóa",
    },
  },
  {
    slug: "lan-coi-dan-tay-vinh-loc",
    cooperativeSlug: "htx-banh-da-vinh-loc",
    name: "Làn cói đan tay",
    description:
      "Làn đan từ sợi cói phơi khô, quai tết bện chắc, đựng đồ đi chợ hoặc làm quà. Mỗi chiếc cao khoảng 30 cm.",
    ocopGroup: "handicrafts",
    unit: "chiếc",
    priceVnd: 150000,
    gtin: null,
    status: "draft",
    submittedOn: null,
    approvedOn: null,
    certificate: null,
  },

  // ---- HTX Cà phê Đam Rông (Lâm Đồng) ----
  {
    slug: "ca-phe-rang-xay-dam-rong",
    cooperativeSlug: "htx-ca-phe-dam-rong",
    name: "Cà phê rang xay Đam Rông",
    description:
      "Cà phê Robusta hái chín, sơ chế ướt, rang mộc không tẩm ướp, xay vừa để pha phin. Đậm, thơm, hậu ngọt. Gói 500 g.",
    ocopGroup: "beverages",
    unit: "gói",
    priceVnd: 160000,
    gtin: "08938512800011",
    status: "approved",
    submittedOn: "2024-09-03",
    approvedOn: "2024-09-09",
    certificate: {
      stars: 4,
      score: 83,
      decisionNo: "1876/QĐ-UBND",
      decisionDate: "2024-08-22",
      authority: "UBND tỉnh Lâm Đồng",
    },
  },
  {
    slug: "ca-phe-arabica-dam-rong",
    cooperativeSlug: "htx-ca-phe-dam-rong",
    name: "Cà phê Arabica hạt rang Đam Rông",
    description:
      "Arabica trồng trên độ cao 1.100 mét, lên men tự nhiên, rang vừa. Hương hoa quả, vị chua thanh. Túi 1 kg nguyên hạt.",
    ocopGroup: "beverages",
    unit: "túi",
    priceVnd: 320000,
    gtin: "08938512800028",
    status: "approved",
    submittedOn: "2025-10-06",
    approvedOn: "2025-10-10",
    certificate: {
      stars: 5,
      score: 91,
      decisionNo: "3560/QĐ-BNNMT",
      decisionDate: "2025-09-26",
      authority: "Bộ Nông nghiệp và Môi trường",
    },
  },
  {
    slug: "sau-rieng-dam-rong",
    cooperativeSlug: "htx-ca-phe-dam-rong",
    name: "Sầu riêng Đam Rông",
    description:
      "Sầu riêng Ri6 trồng xen trong vườn cà phê, chín cây, cơm vàng, ráo, ngọt béo. Bán theo kg, mỗi quả 2 đến 4 kg.",
    ocopGroup: "food",
    unit: "kg",
    priceVnd: 95000,
    gtin: null,
    status: "approved",
    submittedOn: "2025-11-12",
    approvedOn: "2025-11-17",
    certificate: {
      stars: 3,
      score: 65,
      decisionNo: "2712/QĐ-UBND",
      decisionDate: "2025-11-03",
      authority: "UBND tỉnh Lâm Đồng",
    },
  },
  {
    slug: "bo-booth-dam-rong",
    cooperativeSlug: "htx-ca-phe-dam-rong",
    name: "Bơ booth Đam Rông",
    description: "Bơ booth quả to, vỏ xanh, cơm vàng dẻo, béo. Thu hoạch từ tháng 8 đến tháng 11.",
    ocopGroup: "food",
    unit: "kg",
    priceVnd: 40000,
    gtin: null,
    status: "changes_requested",
    submittedOn: "2026-11-03",
    approvedOn: null,
    certificate: {
      stars: 3,
      score: 60,
      decisionNo: "2712/QĐ-UBND",
      decisionDate: "2025-11-03",
      authority: "UBND tỉnh Lâm Đồng",
    },
    changesRequested:
      "Giấy chứng nhận tải lên không ghi tên sản phẩm bơ booth. Vui lòng tải lên đúng quyết định công nhận OCOP của sản phẩm này.",
  },
  {
    slug: "dia-lan-dam-rong",
    cooperativeSlug: "htx-ca-phe-dam-rong",
    name: "Chậu địa lan Đam Rông",
    description:
      "Địa lan trồng trong nhà lưới, mỗi chậu 3 đến 4 cành, hoa nở dịp Tết. Giao kèm chậu sứ và hướng dẫn chăm sóc.",
    ocopGroup: "ornamental",
    unit: "chậu",
    priceVnd: 650000,
    gtin: null,
    status: "approved",
    submittedOn: "2026-04-24",
    approvedOn: "2026-04-29",
    certificate: {
      stars: 3,
      score: 62,
      decisionNo: "845/QĐ-UBND",
      decisionDate: "2026-04-15",
      authority: "UBND tỉnh Lâm Đồng",
    },
  },

  // ---- HTX rượu men lá Thanh Tâm (Bằng Phúc, Chợ Đồn) ----
  {
    slug: "ruou-men-la-bang-phuc",
    cooperativeSlug: "htx-ruou-men-la-thanh-tam",
    name: "Rượu men lá Bằng Phúc",
    description:
      "Rượu nấu từ gạo nếp nương ủ với men lá rừng, chưng cất thủ công, nồng độ khoảng 29 độ. Êm, thơm mùi lá, không gây đau đầu. Chai 500 ml.",
    ocopGroup: "beverages",
    unit: "chai",
    priceVnd: 120000,
    gtin: "08938512300016",
    status: "approved",
    submittedOn: "2024-08-19",
    approvedOn: "2024-08-23",
    certificate: {
      stars: 4,
      score: 79,
      decisionNo: "1532/QĐ-UBND",
      decisionDate: "2024-08-09",
      authority: "UBND tỉnh Bắc Kạn",
    },
  },
  {
    slug: "mien-dong-cho-don",
    cooperativeSlug: "htx-ruou-men-la-thanh-tam",
    name: "Miến dong Chợ Đồn",
    description:
      "Miến làm từ tinh bột củ dong riềng trồng trên nương, phơi nắng, sợi dai, không hóa chất tẩy trắng. Gói 500 g.",
    ocopGroup: "food",
    unit: "gói",
    priceVnd: 55000,
    gtin: null,
    status: "approved",
    submittedOn: "2024-05-27",
    approvedOn: "2024-05-31",
    certificate: {
      stars: 3,
      score: 68,
      decisionNo: "2214/QĐ-UBND",
      decisionDate: "2024-05-16",
      authority: "UBND huyện Chợ Đồn",
    },
  },
  {
    slug: "hong-khong-hat-cho-don",
    cooperativeSlug: "htx-ruou-men-la-thanh-tam",
    name: "Hồng không hạt Chợ Đồn",
    description:
      "Hồng không hạt chín vào tháng 10 và tháng 11, quả giòn, ngọt đậm, được ngâm khử chát bằng nước ấm. Bán theo kg.",
    ocopGroup: "food",
    unit: "kg",
    priceVnd: 60000,
    gtin: null,
    status: "approved",
    submittedOn: "2025-10-27",
    approvedOn: "2025-10-31",
    certificate: {
      stars: 4,
      score: 72,
      decisionNo: "1127/QĐ-UBND",
      decisionDate: "2025-10-17",
      authority: "UBND tỉnh Thái Nguyên",
    },
  },
  {
    slug: "trai-nghiem-lam-ruou-men-la",
    cooperativeSlug: "htx-ruou-men-la-thanh-tam",
    name: "Trải nghiệm làm rượu men lá",
    description:
      "Một ngày ở thôn Nà Pài: đi hái lá men cùng người Tày, giã men, đồ xôi, xem chưng cất rượu và ăn cơm trưa cùng gia đình. Giá tính theo người, đoàn từ 4 người.",
    ocopGroup: "tourism",
    unit: "người",
    priceVnd: 250000,
    gtin: null,
    status: "approved",
    submittedOn: "2026-02-16",
    approvedOn: "2026-02-20",
    certificate: {
      stars: 3,
      score: 57,
      decisionNo: "196/QĐ-UBND",
      decisionDate: "2026-02-06",
      authority: "UBND tỉnh Thái Nguyên",
    },
  },
  {
    slug: "banh-men-la-thanh-tam",
    cooperativeSlug: "htx-ruou-men-la-thanh-tam",
    name: "Bánh men lá Thanh Tâm",
    description:
      "Bánh men làm từ hơn hai mươi loại lá rừng giã nhỏ, trộn bột gạo nếp, phơi khô trên gác bếp. Dùng để tự ủ rượu. Gói 10 bánh.",
    ocopGroup: "herbal",
    unit: "gói",
    priceVnd: 50000,
    gtin: null,
    status: "submitted",
    submittedOn: "2026-11-18",
    approvedOn: null,
    certificate: {
      stars: 3,
      score: 64,
      decisionNo: "2405/QĐ-UBND",
      decisionDate: "2026-07-28",
      authority: "UBND tỉnh Thái Nguyên",
    },
  },
];
