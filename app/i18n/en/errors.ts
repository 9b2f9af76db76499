import type { Messages } from "../index";

export const errors: Messages["errors"] = {
  notFoundTitle: "Page not found",
  notFoundBody: "The page you are looking for does not exist or has moved. Please check the address.",
  forbiddenTitle: "You may not view this page",
  forbiddenBody:
    "Your account does not have access to this content. Contact an administrator if you need it.",
  serverTitle: "Something went wrong",
  serverBody: "The system ran into a problem. What you saved is safe. Please try again in a few minutes.",
  badRequestTitle: "Invalid request",
  badRequestBody: "The data sent was not valid. Please check it and try again.",
  conflictTitle: "The data has changed",
  goHome: "Go to the home page",
  tryAgain: "Try again",
  statusCode: "Error {status}",
};
