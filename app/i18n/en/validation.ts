import type { Messages } from "../index";

export const validation: Messages["validation"] = {
  invalid: "This value is not valid.",
  required: "Please fill in this field.",
  tooLong: "Too long: at most {max} characters.",
  tooShort: "Too short: at least {min} characters.",
  email: "That email address does not look right, e.g. name@example.com.",
  phone: "Not a Vietnamese mobile number: 10 digits starting with 03, 05, 07, 08 or 09 (e.g. 0912345678).",
  emailOrPhone: "Enter an email address or a Vietnamese mobile number.",
  wholeNumber: "Please enter a whole number.",
  formSummary: "Please correct the fields marked below.",
};
