import type { ReactNode } from "react";

/** Small pieces shared by the cooperative back office pages (presentational only). */

/** A back-office link that keeps the cooperative being worked on (?coop=). */
export function withCoop(path: string, coopSlug: string | null | undefined): string {
  if (!coopSlug) return path;
  const [base, query = ""] = path.split("?");
  const params = new URLSearchParams(query);
  params.set("coop", coopSlug);
  return `${base}?${params}`;
}

/** The listing's state as a coloured badge; the colour repeats what the word says. */
export function StatusBadge({ status, label }: { status: string; label: string }) {
  return <span className={`badge badge-${status.replaceAll("_", "-")}`}>{label}</span>;
}

/** OCOP stars as the buyer would see them, or a muted note when they are not shown. */
export function StarsBadge({
  stars,
  label,
  hiddenLabel,
}: {
  stars: number | null;
  label: string;
  hiddenLabel: string;
}) {
  if (!stars) return <span className="hint">{hiddenLabel}</span>;
  return (
    <span className="badge badge-stars">
      <span aria-hidden="true">{"★".repeat(stars)} </span>
      {label}
    </span>
  );
}

/** A labelled section card of a back-office page. */
export function Panel({ title, children, id }: { title: ReactNode; children: ReactNode; id?: string }) {
  const headingId = id ? `${id}-title` : undefined;
  return (
    <section className="card stack" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      {children}
    </section>
  );
}
