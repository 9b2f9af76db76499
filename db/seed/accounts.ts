/** The demo accounts, shared by the seed, the tests and the README. All use DEMO_PASSWORD. */

export const DEMO_PASSWORD = "ocop-demo";

export type DemoRole = "admin" | "manager" | "reviewer" | "buyer";

/** Where a membership applies: a cooperative (manager) or a region subtree (reviewer). */
export type DemoScope =
  | { cooperativeSlug: string }
  | { region: { scheme: "current" | "legacy"; level: "province" | "district" | "commune"; code: string } }
  | null;

export interface DemoAccount {
  email: string;
  name: string;
  phone: string;
  role: DemoRole;
  scope: DemoScope;
  description: string;
}

export const demoAccounts: readonly DemoAccount[] = [
  {
    email: "admin@ocop.test",
    name: "Quản trị Chợ OCOP",
    phone: "0904110221",
    role: "admin",
    scope: null,
    description: "Platform administrator",
  },
  {
    email: "htx.thanhtam@ocop.test",
    name: "Hoàng Thị Tâm",
    phone: "0978351204",
    role: "manager",
    scope: { cooperativeSlug: "htx-ruou-men-la-thanh-tam" },
    description: "Manager of HTX rượu men lá Thanh Tâm (Bằng Phúc, former Chợ Đồn district, Bắc Kạn)",
  },
  {
    email: "htx.vanho@ocop.test",
    name: "Lò Văn Hùng",
    phone: "0915627438",
    role: "manager",
    scope: { cooperativeSlug: "htx-che-van-ho" },
    description: "Manager of HTX Chè Vân Hồ (Vân Hồ, Sơn La)",
  },
  {
    email: "canbo.chodon@ocop.test",
    name: "Nông Văn Dũng",
    phone: "0986204573",
    role: "reviewer",
    scope: { region: { scheme: "legacy", level: "district", code: "064" } },
    description: "Listing reviewer for the former Chợ Đồn district (legacy district 064)",
  },
  {
    email: "canbo.sonla@ocop.test",
    name: "Cầm Thị Hoa",
    phone: "0337482915",
    role: "reviewer",
    scope: { region: { scheme: "current", level: "province", code: "14" } },
    description: "Listing reviewer for Sơn La province (current province 14)",
  },
  {
    email: "nguoimua@ocop.test",
    name: "Nguyễn Minh Anh",
    phone: "0383519276",
    role: "buyer",
    scope: null,
    description: "Buyer",
  },
];
