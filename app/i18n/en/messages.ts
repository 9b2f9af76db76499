import type { Messages } from "../index";

export const messages: Messages["messages"] = {
  inboxTitle: "Messages",
  inboxEmpty: "No messages yet.",
  unread: "Unread",
  markRead: "Mark as read",
  templates: {
    listingApproved: "“{product}” has been approved and is now on sale on Chợ OCOP.",
    listingChangesRequested: "“{product}” needs changes before it can be approved. Reason: {reason}",
    listingRejected: "“{product}” was not approved. Reason: {reason}",
    listingResubmitted: "“{product}” has been sent again for review.",
    certificateExpired:
      "The OCOP certificate of “{product}” has expired. Its stars are hidden until a new certificate is approved.",
    certificateExpiring: "The OCOP certificate of “{product}” expires on {date}.",
  },
};
