import type { Messages } from "../index";

export const accounts: Messages["accounts"] = {
  loginTitle: "Log in",
};
