import type { Messages } from "../index";

export const trace: Messages["trace"] = {
  errors: {
    eventInFuture: "A diary entry cannot be dated in the future. Choose a date and time that has passed.",
    batchNotFound: "This batch was not found.",
    correctionOtherBatch: "You can only correct a diary entry of this same batch.",
  },
};
