import { describe, expect, it } from "vitest";
import {
  certificateExpiry,
  certificateState,
  daysUntil,
  starsForScore,
  visibleStars,
} from "~/domain/listings/ocop";
import { allowedActions, isPublic, transition } from "~/domain/listings/state";

describe("listing state machine", () => {
  it("follows the review workflow", () => {
    expect(transition("draft", "submit")).toBe("submitted");
    expect(transition("submitted", "approve")).toBe("approved");
    expect(transition("submitted", "request_changes")).toBe("changes_requested");
    expect(transition("submitted", "reject")).toBe("rejected");
    expect(transition("changes_requested", "submit")).toBe("submitted");
    expect(transition("rejected", "submit")).toBe("submitted");
  });

  it("refuses decisions on listings that are not waiting for one", () => {
    expect(transition("draft", "approve")).toBeNull();
    expect(transition("approved", "approve")).toBeNull();
    expect(transition("rejected", "approve")).toBeNull();
    expect(transition("approved", "submit")).toBeNull();
    expect(transition("archived", "submit")).toBeNull();
  });

  it("sends an approved listing back to review when its claim changes or its certificate expires", () => {
    expect(transition("approved", "claim_changed")).toBe("submitted");
    expect(transition("approved", "certificate_expired")).toBe("submitted");
    expect(transition("draft", "certificate_expired")).toBeNull();
  });

  it("archives from any live state and restores to draft", () => {
    expect(allowedActions("archived")).toEqual(["restore"]);
    expect(transition("approved", "archive")).toBe("archived");
    expect(transition("archived", "restore")).toBe("draft");
  });

  it("makes only approved listings public", () => {
    expect(isPublic("approved")).toBe(true);
    expect(isPublic("submitted")).toBe(false);
    expect(isPublic("changes_requested")).toBe(false);
  });
});

describe("OCOP certificates", () => {
  it("rates scores into stars by Decision 148", () => {
    expect(starsForScore(49)).toBeNull();
    expect(starsForScore(50)).toBe(3);
    expect(starsForScore(69)).toBe(3);
    expect(starsForScore(70)).toBe(4);
    expect(starsForScore(89)).toBe(4);
    expect(starsForScore(90)).toBe(5);
    expect(starsForScore(100)).toBe(5);
    expect(starsForScore(101)).toBeNull();
  });

  it("expires 36 months after the decision, clamping to the month's end", () => {
    expect(certificateExpiry("2023-11-21")).toBe("2026-11-21");
    expect(certificateExpiry("2024-02-29")).toBe("2027-02-28");
    expect(certificateExpiry("2023-12-31")).toBe("2026-12-31");
  });

  it("warns in the last 60 days and hides stars once expired", () => {
    expect(daysUntil("2026-12-01", "2026-11-21")).toBe(10);
    expect(certificateState("2027-06-01", "2026-11-21")).toBe("valid");
    expect(certificateState("2027-01-20", "2026-11-21")).toBe("expiring");
    expect(certificateState("2026-11-21", "2026-11-21")).toBe("expiring");
    expect(certificateState("2026-11-20", "2026-11-21")).toBe("expired");
    const cert = { stars: 4, expiresOn: "2026-11-20", approvedAt: new Date() };
    expect(visibleStars(cert, "2026-11-21")).toBeNull();
    expect(visibleStars({ ...cert, expiresOn: "2027-11-20" }, "2026-11-21")).toBe(4);
    expect(visibleStars({ ...cert, expiresOn: "2027-11-20", approvedAt: null }, "2026-11-21")).toBeNull();
  });
});
