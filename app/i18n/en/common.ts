import type { Messages } from "../index";

export const common: Messages["common"] = {
  appName: "Chợ OCOP",
  tagline: "Cooperatives' OCOP products, traceable to the batch",
  skipToContent: "Skip to main content",
  language: "Language",
  switchTo: "Tiếng Việt",
  switchToLabel: "Switch to Vietnamese",
  nav: {
    home: "Home",
    login: "Log in",
    signup: "Sign up",
    logout: "Log out",
    account: "Account",
    backOffice: "Back office",
    menu: "Menu",
  },
  roles: {
    buyer: "Buyer",
    manager: "Cooperative manager",
    reviewer: "Reviewer",
    admin: "Administrator",
  },
  save: "Save",
  cancel: "Cancel",
  back: "Back",
  saved: "Your changes were saved.",
  footer: "Chợ OCOP: the online market for Vietnamese cooperatives' OCOP products.",
};
