import type { RegionInput } from "~/domain/regions/regions.server";

/**
 * A small region tree for integration tests: two current provinces with communes, and the
 * former Bắc Kạn province → Chợ Đồn district → Bằng Phúc commune, taken over by Đồng Phúc.
 */
export const testRegions: RegionInput[] = [
  { code: "19", name: "Thái Nguyên", level: "province", scheme: "current", parentCode: null },
  { code: "01933", name: "Đồng Phúc", level: "commune", scheme: "current", parentCode: "19" },
  { code: "02020", name: "Chợ Đồn", level: "commune", scheme: "current", parentCode: "19" },
  { code: "14", name: "Sơn La", level: "province", scheme: "current", parentCode: null },
  { code: "04048", name: "Vân Hồ", level: "commune", scheme: "current", parentCode: "14" },
  {
    code: "06",
    name: "Bắc Kạn",
    level: "province",
    scheme: "legacy",
    parentCode: null,
    successorCode: "19",
  },
  { code: "064", name: "Chợ Đồn", level: "district", scheme: "legacy", parentCode: "06" },
  {
    code: "02041",
    name: "Bằng Phúc",
    level: "commune",
    scheme: "legacy",
    parentCode: "064",
    successorCode: "01933",
  },
];
